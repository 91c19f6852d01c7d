"""Verification of candidate pairs by the real Jaccard similarity of their shingle sets.

Vectorised: the unique shingles of both records of every pair are laid out in one array keyed by
(pair, shingle); after one sort, an intersection is a run of two equal keys. Pairs are processed
in slices so that a 10 MB record in many pairs cannot exhaust memory.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from quality.dedup.shingles import ShingleBatch

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
_SLICE_SHINGLES = 4_000_000


def unique_sets(batch: ShingleBatch) -> ShingleBatch:
    """Return the batch with each record's shingles sorted and deduplicated."""
    n = len(batch.offsets) - 1
    doc = np.repeat(np.arange(n, dtype=np.int64), np.diff(batch.offsets))
    code = (doc.astype(np.uint64) << np.uint64(32)) | batch.hashes.astype(np.uint64)
    code = np.unique(code)
    kept_doc = (code >> np.uint64(32)).astype(np.int64)
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(kept_doc, minlength=n), out=offsets[1:])
    hashes = (code & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    return ShingleBatch(hashes=hashes, offsets=offsets, family=batch.family, n_units=batch.n_units)


def jaccard(sets: ShingleBatch, left: I64, right: I64) -> F64:
    """Return the Jaccard similarity of each pair of a `unique_sets` batch (0 when both empty)."""
    out = np.zeros(len(left), dtype=np.float64)
    sizes = np.diff(sets.offsets)
    cost = np.cumsum(sizes[left] + sizes[right])
    start = 0
    while start < len(left):
        stop = int(
            np.searchsorted(cost, (cost[start - 1] if start else 0) + _SLICE_SHINGLES, side="right")
        )
        stop = max(stop, start + 1)
        out[start:stop] = _jaccard_slice(sets, left[start:stop], right[start:stop])
        start = stop
    return out


def _gather(sets: ShingleBatch, docs: I64) -> tuple[I64, npt.NDArray[np.uint32]]:
    """Return (position in `docs`, shingle) for every shingle of every listed record."""
    sizes = np.diff(sets.offsets)[docs]
    owner = np.repeat(np.arange(len(docs), dtype=np.int64), sizes)
    first = np.zeros(len(docs), dtype=np.int64)
    np.cumsum(sizes[:-1], out=first[1:])
    index = sets.offsets[docs][owner] + (np.arange(len(owner), dtype=np.int64) - first[owner])
    return owner, sets.hashes[index]


def _jaccard_slice(sets: ShingleBatch, left: I64, right: I64) -> F64:
    """Return the Jaccard similarity of each pair in one slice."""
    owner_l, hash_l = _gather(sets, left)
    owner_r, hash_r = _gather(sets, right)
    code = np.concatenate(
        [
            (owner_l.astype(np.uint64) << np.uint64(32)) | hash_l.astype(np.uint64),
            (owner_r.astype(np.uint64) << np.uint64(32)) | hash_r.astype(np.uint64),
        ]
    )
    code.sort()
    dup = code[1:] == code[:-1]
    pair_of_dup = (code[1:][dup] >> np.uint64(32)).astype(np.int64)
    inter = np.bincount(pair_of_dup, minlength=len(left)).astype(np.float64)
    sizes = np.diff(sets.offsets)
    union = (sizes[left] + sizes[right]).astype(np.float64) - inter
    return np.divide(inter, union, out=np.zeros(len(left)), where=union > 0)
