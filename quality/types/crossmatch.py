"""Cross-matching of embedded pairs: does another row fit this pair's sides better?

Why: a shuffled or shifted target usually still has its true source somewhere in the same
submission. Comparing a pair's own similarity with the best similarity its source reaches over
all other targets (and its target over all other sources) catches such pairs even where the own
similarity looks ordinary, and it is a relative test, so it works across language pairs whose
similarity scales differ. Computed in row blocks with matrix products (no per-pair loop).

A rival must also beat its own pairing: templated or boilerplate corpora hold many rows whose
sentences differ only in a number or a name, which the encoder barely sees. Source i and target
j count as a rival match only when they fit better than target j fits its own source (and
likewise for sources), so a well-aligned sibling row is no evidence against row i, while a
shuffled-away partner (whose own pair is poor) is.
"""

from __future__ import annotations

import numpy as np

_BLOCK = 2048
# Beyond this many rows, rows are compared within consecutive windows of this size: the n^2
# cost stays bounded, and shifted or locally shuffled pairs still find their partner.
WINDOW = 20_000


def own_similarity(src: np.ndarray, tgt: np.ndarray) -> np.ndarray:
    """Cosine similarity of each row's source and target vectors (unit-length rows)."""
    return np.einsum("ij,ij->i", src, tgt).astype(np.float64)


def best_alternative(src: np.ndarray, tgt: np.ndarray) -> np.ndarray:
    """Per row: best rival match of its source to another target or its target to another source.

    A rival (source i, target j) counts only where it beats target j's own pair. -inf where no
    rival exists (e.g. a window of a single row).
    """
    n = src.shape[0]
    result = np.full(n, -np.inf)
    own = own_similarity(src, tgt)
    for start in range(0, n, WINDOW):
        stop = min(start + WINDOW, n)
        result[start:stop] = _window_best(src[start:stop], tgt[start:stop], own[start:stop])
    return result


def _window_best(src: np.ndarray, tgt: np.ndarray, own: np.ndarray) -> np.ndarray:
    n = src.shape[0]
    row_best = np.full(n, -np.inf)
    col_best = np.full(n, -np.inf)
    for start in range(0, n, _BLOCK):
        stop = min(start + _BLOCK, n)
        sims = (src[start:stop] @ tgt.T).astype(np.float64)
        local = np.arange(stop - start)
        sims[local, local + start] = -np.inf
        rows = np.where(sims > own[None, :], sims, -np.inf)
        cols = np.where(sims > own[start:stop, None], sims, -np.inf)
        row_best[start:stop] = rows.max(axis=1)
        col_best = np.maximum(col_best, cols.max(axis=0))
    return np.maximum(row_best, col_best)
