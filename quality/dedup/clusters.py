"""Connected components (union-find) over verified edges, and the survivor of each cluster.

Components are computed by vectorised min-label propagation with pointer jumping, so the edges
can arrive band by band and the state is one integer label per record. The survivor rule is
fixed and documented: the longest record (by `n_chars` of `content_norm`) survives, ties go to the
smallest `record_id` (string order).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

I64 = npt.NDArray[np.int64]


def components(n: int, left: I64, right: I64) -> I64:
    """Return a component label per node 0..n-1 (the smallest node index in its component)."""
    labels: npt.NDArray[np.int64] = np.arange(n, dtype=np.int64)
    while True:
        low = np.minimum(labels[left], labels[right])
        updated = labels.copy()
        np.minimum.at(updated, left, low)
        np.minimum.at(updated, right, low)
        updated = _compress(updated)
        if np.array_equal(updated, labels):
            return labels
        labels = updated


def _compress(labels: I64) -> I64:
    """Follow label pointers until every node points at its component's root (pointer jumping)."""
    while True:
        jumped: I64 = labels[labels]
        if np.array_equal(jumped, labels):
            return labels
        labels = jumped


def survivors(members: pl.DataFrame) -> pl.DataFrame:
    """Return (component, survivor) for a table with `component`, `n_chars`, `record_id`.

    Only components with at least two members are returned.
    """
    ranked = members.sort(["component", "n_chars", "record_id"], descending=[False, True, False])
    grouped = ranked.group_by("component", maintain_order=True).agg(
        survivor=pl.col("record_id").first(),
        size=pl.len(),
    )
    return grouped.filter(pl.col("size") > 1).drop("size")
