"""Wilson intervals and one-sided lower bounds against RUBRIC.md's worked numbers."""

from __future__ import annotations

import pytest

from quality.audit.rates import min_passes, wilson_interval, wilson_lower_bound


def test_rubric_4000_items_at_96_percent() -> None:
    low, high = wilson_interval(3840, 4000)
    assert round(low * 100, 2) == 95.35
    assert round(high * 100, 2) == 96.56


def test_rubric_400_items_claiming_95_percent_needs_388_passes() -> None:
    assert wilson_lower_bound(388, 400) >= 0.95
    assert wilson_lower_bound(387, 400) < 0.95
    assert min_passes(400, 0.95) == 388


def test_interval_contains_the_rate_and_stays_in_bounds() -> None:
    assert wilson_interval(0, 10)[0] == 0.0
    assert wilson_interval(10, 10)[1] == 1.0
    low, high = wilson_interval(7, 10)
    assert low < 0.7 < high


def test_higher_confidence_widens_the_interval() -> None:
    narrow = wilson_interval(90, 100, confidence=0.90)
    wide = wilson_interval(90, 100, confidence=0.99)
    assert wide[0] < narrow[0] and wide[1] > narrow[1]


def test_impossible_claims_and_bad_counts() -> None:
    assert min_passes(10, 0.99) is None
    with pytest.raises(ValueError, match="0 <= k <= n"):
        wilson_interval(5, 4)
    with pytest.raises(ValueError, match="confidence"):
        wilson_interval(1, 4, confidence=1.0)
