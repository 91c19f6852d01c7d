"""Sample rates with Wilson score intervals.

Audit decisions rest on a sample, so every rate is reported with its Wilson interval and a gate
uses the one-sided lower bound (RUBRIC.md: with n = 400, claiming >= 95% needs >= 388 passes).
"""

from __future__ import annotations

import math
from statistics import NormalDist


def _z(tail_probability: float) -> float:
    """Return the standard normal quantile that leaves ``tail_probability`` above it."""
    if not 0.0 < tail_probability < 1.0:
        msg = f"confidence must be strictly between 0 and 1, got tail {tail_probability}"
        raise ValueError(msg)
    return NormalDist().inv_cdf(1.0 - tail_probability)


def _wilson(k: int, n: int, z: float) -> tuple[float, float]:
    """Return the Wilson score interval for ``k`` successes in ``n`` trials at quantile ``z``."""
    if n <= 0 or not 0 <= k <= n:
        msg = f"need 0 <= k <= n and n > 0, got k={k}, n={n}"
        raise ValueError(msg)
    p = k / n
    z2 = z * z
    denominator = 1.0 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1.0 - p) / n + z2 / (4 * n * n)) / denominator
    # At k = 0 or k = n the exact bound is 0 or 1; rounding error must not leave 1e-17.
    low = 0.0 if k == 0 else max(0.0, centre - half)
    high = 1.0 if k == n else min(1.0, centre + half)
    return low, high


def wilson_interval(k: int, n: int, *, confidence: float = 0.95) -> tuple[float, float]:
    """Two-sided Wilson score interval for the rate ``k / n``.

    >>> [round(x, 4) for x in wilson_interval(3840, 4000)]
    [0.9535, 0.9656]
    """
    return _wilson(k, n, _z((1.0 - confidence) / 2.0))


def wilson_lower_bound(k: int, n: int, *, one_sided_confidence: float = 0.95) -> float:
    """One-sided Wilson lower bound: the rate is at least this with the given confidence.

    >>> wilson_lower_bound(388, 400) >= 0.95 > wilson_lower_bound(387, 400)
    True
    """
    return _wilson(k, n, _z(1.0 - one_sided_confidence))[0]


def min_passes(n: int, target: float, *, one_sided_confidence: float = 0.95) -> int | None:
    """Smallest number of passes out of ``n`` whose lower bound reaches ``target``.

    Returns None when even ``n`` passes out of ``n`` cannot support the claim.
    """
    low, high = 0, n
    if wilson_lower_bound(n, n, one_sided_confidence=one_sided_confidence) < target:
        return None
    while low < high:
        middle = (low + high) // 2
        if wilson_lower_bound(middle, n, one_sided_confidence=one_sided_confidence) >= target:
            high = middle
        else:
            low = middle + 1
    return low
