"""Krippendorff's alpha for nominal and ordinal data, with missing ratings allowed.

Follows Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": build the coincidence
matrix from units rated at least twice, then alpha = 1 - (n - 1) * sum(o * d) / sum(n_c n_k d).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import polars as pl

from quality.audit.ratings import value_counts_per_item

Level = Literal["nominal", "ordinal"]


def _value_order(values: pl.Series, order: Sequence[object] | None) -> list[object]:
    """The categories in their ordinal order: as given, else sorted (numeric sorts numerically)."""
    present = values.unique().sort().to_list()
    if order is None:
        return present
    unknown = set(present) - set(order)
    if unknown:
        msg = f"values {sorted(map(str, unknown))} are not in the given order"
        raise ValueError(msg)
    return list(order)


def _coincidences(counts: pl.DataFrame, categories: list[object]) -> np.ndarray:
    """Coincidence matrix o_ck = sum over units of n_uc (n_uk - [c == k]) / (m_u - 1)."""
    codes = counts.select(
        unit=pl.col("item").rank("dense") - 1,
        category=pl.col("value").replace_strict(categories, list(range(len(categories)))),
        n=pl.col("n_iv").cast(pl.Float64),
    )
    matrix = np.zeros((int(codes["unit"].max()) + 1, len(categories)))  # type: ignore[arg-type]
    np.add.at(
        matrix, (codes["unit"].to_numpy(), codes["category"].to_numpy()), codes["n"].to_numpy()
    )
    pairable = matrix.sum(axis=1)
    weighted = matrix / (pairable - 1.0)[:, None]
    return weighted.T @ matrix - np.diag(weighted.sum(axis=0))


def _ordinal_distances(marginals: np.ndarray) -> np.ndarray:
    """Squared ordinal distance: (sum of n_g from c to k minus (n_c + n_k) / 2) squared."""
    cumulative = np.concatenate(([0.0], np.cumsum(marginals)))
    size = len(marginals)
    c, k = np.meshgrid(np.arange(size), np.arange(size), indexing="ij")
    low, high = np.minimum(c, k), np.maximum(c, k)
    span = cumulative[high + 1] - cumulative[low]
    return (span - (marginals[c] + marginals[k]) / 2.0) ** 2


def _distances(level: Level, marginals: np.ndarray) -> np.ndarray:
    """The metric delta squared for the measurement level."""
    if level == "nominal":
        return 1.0 - np.eye(len(marginals))
    if level == "ordinal":
        return _ordinal_distances(marginals)
    msg = f"level must be 'nominal' or 'ordinal', got {level!r}"
    raise ValueError(msg)


def krippendorff_alpha(
    table: pl.DataFrame, *, level: Level = "nominal", order: Sequence[object] | None = None
) -> float | None:
    """Krippendorff's alpha over the ratings table; units rated once are left out.

    ``order`` lists the categories from low to high for ordinal data (default: sorted values).
    Returns None when there is nothing to pair or no variation at all.
    """
    counts = value_counts_per_item(table)
    if counts.is_empty():
        return None
    categories = _value_order(counts["value"], order)
    coincidence = _coincidences(counts, categories)
    marginals = coincidence.sum(axis=1)
    total = marginals.sum()
    delta = _distances(level, marginals)
    expected = (np.outer(marginals, marginals) * delta).sum()
    if expected <= 0.0:
        return None
    return float(1.0 - (total - 1.0) * (coincidence * delta).sum() / expected)
