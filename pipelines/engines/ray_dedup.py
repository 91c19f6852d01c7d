"""Dedup under Ray: MinHash by `map_batches` and LSH candidates by a shuffle on the band.

`RayBackend` plugs these two heavy, parallel steps into `quality.dedup.find_duplicates`;
everything that decides (exact groups, verified edges, components, survivors) stays in
`find_duplicates` on the driver, so the result equals the local engine's. Candidates are the
union of per-band pairs, and `quality.dedup.lsh.unique_pairs` puts them in one sorted order
whatever order the bands arrive in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa

from quality.dedup.lsh import band_pairs, unique_pairs
from quality.dedup.near import Sketches, sketch
from quality.dedup.params import DedupParams

INDEX = "_i"


def _sketch_batch(batch: pa.Table, *, params: DedupParams, seed: int) -> pa.Table:
    """MinHash signatures and band keys of one batch of texts (the Ray task body)."""
    texts = pl.Series("t", batch.column("text").to_pylist(), dtype=pl.String)
    sketches = sketch(texts, params=params, seed=seed)
    return pa.table(
        {
            INDEX: batch.column(INDEX),
            "minhash": pa.array(list(sketches.minhash), type=pa.list_(pa.uint32())),
            "bands": pa.array(list(sketches.bands), type=pa.list_(pa.uint64())),
            "has": pa.array(sketches.has_shingles),
        }
    )


def ray_sketch(texts: pl.Series, *, params: DedupParams, seed: int, batch_rows: int) -> Sketches:
    """Return the same `Sketches` as `quality.dedup.near.sketch`, computed by Ray tasks."""
    import ray.data

    from pipelines.engines.ray_rows import collect_sorted

    table = pa.table({INDEX: np.arange(len(texts), dtype=np.int64), "text": texts.to_arrow()})
    dataset = ray.data.from_arrow(table).map_batches(
        partial(_sketch_batch, params=params, seed=seed),
        batch_format="pyarrow",
        batch_size=batch_rows,
    )
    out = collect_sorted(dataset, INDEX)
    if out.height == 0:
        return sketch(texts, params=params, seed=seed)
    return Sketches(
        minhash=np.asarray(out["minhash"].to_list(), dtype=np.uint32),
        bands=np.asarray(out["bands"].to_list(), dtype=np.uint64),
        has_shingles=out["has"].to_numpy().astype(np.bool_),
    )


def _band_group(group: dict[str, Any]) -> dict[str, Any]:
    """Candidate pairs within one band (one shuffle group): `band_pairs` over its keys."""
    left, right = band_pairs(group["key"].astype(np.uint64), group["member"].astype(np.int64))
    return {"left": left, "right": right}


def ray_candidates(sketches: Sketches) -> tuple[np.ndarray, np.ndarray]:
    """Return the unique candidate pairs, found by grouping the (band, key, member) rows by band.

    The rows live in Ray's object store, which spills to disk under memory pressure, so the band
    keys of a large corpus never need to fit in the driver at once.
    """
    import ray.data

    from pipelines.engines.ray_rows import collect_frame

    members = np.flatnonzero(sketches.has_shingles).astype(np.int64)
    keys = sketches.bands[members]
    n_bands = keys.shape[1] if keys.ndim == 2 else 0
    if len(members) == 0 or n_bands == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    table = pa.table(
        {
            "band": np.repeat(np.arange(n_bands, dtype=np.int64)[None, :], len(members), 0).ravel(),
            "key": keys.ravel(),
            "member": np.repeat(members, n_bands),
        }
    )
    grouped = (
        ray.data.from_arrow(table).groupby("band").map_groups(_band_group, batch_format="numpy")
    )
    pairs = collect_frame(grouped)
    if pairs.height == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return unique_pairs(pairs["left"].to_numpy(), pairs["right"].to_numpy())


@dataclass(frozen=True)
class RayBackend:
    """A `quality.dedup.DedupBackend` that sketches and finds candidates with Ray tasks."""

    batch_rows: int

    def sketch(self, texts: pl.Series, *, params: DedupParams, seed: int) -> Sketches:
        """MinHash signatures and band keys by `map_batches` (see `ray_sketch`)."""
        return ray_sketch(texts, params=params, seed=seed, batch_rows=self.batch_rows)

    def candidates(self, sketches: Sketches) -> tuple[np.ndarray, np.ndarray]:
        """Candidate pairs by a shuffle on the band (see `ray_candidates`)."""
        return ray_candidates(sketches)
