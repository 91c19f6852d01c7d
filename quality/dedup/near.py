"""Near-duplicate edges: shingle, MinHash, band and verify, in bounded-memory slices.

Input is one text per exact-duplicate group (the group's first record). Shingles are computed per
slice of records and thrown away once the slice's signatures exist; verification recomputes the
shingles of only the records that appear in candidate pairs, again slice by slice.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from quality.dedup.hashing import U32
from quality.dedup.lsh import U64, band_keys, candidate_pairs
from quality.dedup.minhash import EMPTY, signatures
from quality.dedup.params import DedupParams
from quality.dedup.shingles import SlicePlan, shingle_batch
from quality.dedup.unit_rule import rule_mask
from quality.dedup.verify import jaccard, unique_sets

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
_VERIFY_SLICE = 2_000
_ESTIMATE_SLICE = 100_000
ESTIMATE_SIGMAS = 4.0
"""Candidates whose MinHash estimate is more than this many standard errors below the threshold
are not verified. The estimate's standard error is at most sqrt(0.25 / num_perm) (0.05 with 100
permutations, a margin of 0.2), so a pair truly at the threshold is screened out with odds of
about one in a million (binomial tail: 1.3e-6 at J = 0.8 with 100 permutations)."""


def estimate_margin(num_perm: int) -> float:
    """How far below the threshold a MinHash estimate may fall and still be verified.

    >>> estimate_margin(100)
    0.2
    """
    return round(ESTIMATE_SIGMAS * (0.25 / num_perm) ** 0.5, 6)


@dataclass(frozen=True)
class Sketches:
    """MinHash signatures and band keys of a list of texts; `has_shingles` False for empty ones."""

    minhash: U32
    bands: U64
    has_shingles: npt.NDArray[np.bool_]


def sketch(texts: pl.Series, *, params: DedupParams, seed: int, workers: int = 1) -> Sketches:
    """Return signatures and band keys for every text, computed slice by slice.

    With `workers` > 1 the slices run on a thread pool (NumPy releases the GIL in its loops);
    results are concatenated in slice order, so the output does not depend on `workers`.
    """

    plan = SlicePlan.of(texts)

    def one(bounds: tuple[int, int]) -> U32:
        batch = plan.shingle(bounds, sizes=params.sizes(), words=params.words())
        return signatures(batch, num_perm=params.num_perm, seed=seed)

    if workers > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(one, plan.bounds))
    else:
        parts = [one(bounds) for bounds in plan.bounds]
    minhash = np.concatenate(parts) if parts else np.zeros((0, params.num_perm), dtype=np.uint32)
    has = ~(minhash == EMPTY).all(axis=1)
    bands = band_keys(minhash, bands=params.bands, rows=params.rows)
    return Sketches(minhash=minhash, bands=bands, has_shingles=has)


def verified_edges(
    texts: pl.Series,
    sketches: Sketches,
    *,
    params: DedupParams,
    candidates: tuple[I64, I64] | None = None,
) -> tuple[I64, I64, F64, int]:
    """Return verified pairs (left, right, jaccard) and the number of candidates checked.

    `candidates` are the LSH pairs when a backend found them elsewhere; by default they are
    found here from the band keys.
    """
    if candidates is None:
        members = np.flatnonzero(sketches.has_shingles).astype(np.int64)
        candidates = candidate_pairs(sketches.bands[members], members)
    left, right = screened_pairs(sketches, *candidates, params=params)
    return (*verify_pairs(texts, left, right, params=params), len(candidates[0]))


def screened_pairs(
    sketches: Sketches, left: I64, right: I64, *, params: DedupParams
) -> tuple[I64, I64]:
    """The candidate pairs whose MinHash estimate can still reach the threshold (cheap screen)."""
    floor = params.jaccard_threshold - estimate_margin(params.num_perm)
    likely = estimated_jaccard(sketches, left, right) >= floor
    return left[likely], right[likely]


def verify_pairs(
    texts: pl.Series, left: I64, right: I64, *, params: DedupParams
) -> tuple[I64, I64, F64]:
    """The pairs that are near duplicates: exact Jaccard over the threshold, then the unit's rule.

    The one verification both the in-memory and the streamed dedup use (`texts` indexed by the
    pairs' positions).
    """
    sims = pair_jaccard(texts, left, right, params=params)
    ok = sims >= params.jaccard_threshold
    ok[ok] = rule_mask(texts, left[ok], right[ok], params.rule)
    return left[ok], right[ok], sims[ok]


def estimated_jaccard(sketches: Sketches, left: I64, right: I64) -> F64:
    """The MinHash estimate of each pair's Jaccard: the share of equal signature values.

    Cheap (no shingling), so it screens LSH candidates before the exact verification; most band
    collisions are pairs far below the threshold.
    """
    out = np.zeros(len(left), dtype=np.float64)
    for lo in range(0, len(left), _ESTIMATE_SLICE):
        a = sketches.minhash[left[lo : lo + _ESTIMATE_SLICE]]
        b = sketches.minhash[right[lo : lo + _ESTIMATE_SLICE]]
        out[lo : lo + len(a)] = (a == b).mean(axis=1) if a.size else 0.0
    return out


def pair_jaccard(texts: pl.Series, left: I64, right: I64, *, params: DedupParams) -> F64:
    """Return the real shingle-set Jaccard of each pair of text indices."""
    out = np.zeros(len(left), dtype=np.float64)
    for lo in range(0, len(left), _VERIFY_SLICE):
        pl_left, pl_right = left[lo : lo + _VERIFY_SLICE], right[lo : lo + _VERIFY_SLICE]
        docs, inverse = np.unique(np.concatenate([pl_left, pl_right]), return_inverse=True)
        sets = unique_sets(
            shingle_batch(texts.gather(docs), sizes=params.sizes(), words=params.words())
        )
        half = len(pl_left)
        out[lo : lo + half] = jaccard(sets, inverse[:half], inverse[half:])
    return out
