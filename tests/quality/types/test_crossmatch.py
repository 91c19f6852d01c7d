"""Cross-matching: a pair's sides compared with every other row's sides."""

from __future__ import annotations

import numpy as np
import pytest

from quality.types import crossmatch


def test_best_alternative_skips_the_own_pair_and_looks_both_ways() -> None:
    src = np.eye(3, dtype=np.float32)
    tgt = np.array([[1, 0, 0], [0, 0, 1], [0, 1, 0]], dtype=np.float32)
    assert crossmatch.own_similarity(src, tgt).tolist() == [1.0, 0.0, 0.0]
    # rows 1 and 2 swapped targets: each finds a rival that beats the rival's own poor pair;
    # row 0 is well aligned and has no rival
    assert crossmatch.best_alternative(src, tgt).tolist() == [-np.inf, 1.0, 1.0]


def test_single_row_has_no_alternative() -> None:
    one = np.ones((1, 2), dtype=np.float32) / np.sqrt(2)
    assert crossmatch.best_alternative(one, one).tolist() == [-np.inf]


def test_windows_limit_the_comparison_to_nearby_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crossmatch, "WINDOW", 2)
    src = np.eye(4, dtype=np.float32)
    tgt = np.eye(4, dtype=np.float32)[[0, 1, 3, 2]]
    # rows 2 and 3 swap targets within the second window: each finds its partner there
    assert crossmatch.best_alternative(src, tgt).tolist() == [-np.inf, -np.inf, 1.0, 1.0]


def test_a_well_aligned_sibling_is_no_rival() -> None:
    # row 1's source fits row 0's target better than row 0's own source does, but row 1's own
    # pair is better still (templated sentences): no evidence against either row
    src = np.array([[1.0, 0.0], [0.6, 0.8]], dtype=np.float32)
    tgt = np.array([[0.8, 0.6], [0.6, 0.8]], dtype=np.float32)
    own = crossmatch.own_similarity(src, tgt)
    best = crossmatch.best_alternative(src, tgt)
    assert best[0] == -np.inf
    assert best[1] < own[1]
