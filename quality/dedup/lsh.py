"""LSH banding: band keys from MinHash signatures and candidate pairs from equal keys.

A band key is a 64-bit hash of one band's `rows` MinHash values (salted with the band number).
Candidates are found one band at a time by sorting that band's keys, so memory holds one band
column plus the pairs, never a dictionary of buckets. Within a bucket every member is paired with
the bucket's first member and with its neighbour in sorted order (at most 2 pairs per member,
deterministic); a bucket of near-identical records still becomes one cluster through verified
edges, and a huge bucket cannot blow up into a quadratic number of pairs.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from quality.dedup.hashing import U32, mix32, seeded_constants

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]


def band_keys(signatures: U32, *, bands: int, rows: int) -> U64:
    """Return a (records x bands) uint64 matrix of band keys."""
    n = signatures.shape[0]
    shaped = signatures.reshape(n, bands, rows)
    salt_hi = seeded_constants(1, bands * rows, salt=0xB1).reshape(bands, rows)
    salt_lo = seeded_constants(2, bands * rows, salt=0xB2).reshape(bands, rows)
    high = mix32((mix32(shaped ^ salt_hi) * np.uint32(0x9E3779B1)).sum(axis=2, dtype=np.uint32))
    low = mix32((mix32(shaped ^ salt_lo) * np.uint32(0x85EBCA77)).sum(axis=2, dtype=np.uint32))
    return (high.astype(np.uint64) << np.uint64(32)) | low.astype(np.uint64)


def band_pairs(keys: U64, members: I64) -> tuple[I64, I64]:
    """Return candidate pairs (left < right, as `members` values) among records with equal key."""
    order = np.lexsort((members, keys))
    sorted_keys, sorted_members = keys[order], members[order]
    same_as_prev = np.zeros(len(order), dtype=np.bool_)
    same_as_prev[1:] = sorted_keys[1:] == sorted_keys[:-1]
    bucket_start = np.maximum.accumulate(np.where(same_as_prev, 0, np.arange(len(order))))
    idx = np.flatnonzero(same_as_prev)
    firsts = sorted_members[bucket_start[idx]]
    neighbours = sorted_members[idx - 1]
    left = np.concatenate([firsts, neighbours])
    right = np.concatenate([sorted_members[idx], sorted_members[idx]])
    return left, right


def candidate_pairs(keys: U64, members: I64) -> tuple[I64, I64]:
    """Return unique candidate pairs (left < right) over all bands of a band-key matrix."""
    lefts: list[I64] = []
    rights: list[I64] = []
    for band in range(keys.shape[1]):
        left, right = band_pairs(np.ascontiguousarray(keys[:, band]), members)
        lefts.append(left)
        rights.append(right)
    return unique_pairs(
        np.concatenate(lefts or [np.zeros(0, np.int64)]),
        np.concatenate(rights or [np.zeros(0, np.int64)]),
    )


def unique_pairs(left: I64, right: I64) -> tuple[I64, I64]:
    """Return the distinct pairs with left < right, sorted, self-pairs removed."""
    low, high = np.minimum(left, right), np.maximum(left, right)
    keep = low != high
    codes = np.unique((low[keep].astype(np.uint64) << np.uint64(32)) | high[keep].astype(np.uint64))
    return (codes >> np.uint64(32)).astype(np.int64), (codes & np.uint64(0xFFFFFFFF)).astype(
        np.int64
    )
