"""Where the two heavy dedup steps run: MinHash sketching and LSH candidate pairs.

`find_duplicates` decides everything else (exact groups, verification, clusters, survivors) in
this process. A backend only moves the sketching and the band grouping elsewhere, such as Ray
tasks (`pipelines.engines.ray_dedup`), and must return exactly what the local steps return, so the
clusters and survivors never depend on where the work ran.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
import polars as pl

from quality.dedup.lsh import candidate_pairs
from quality.dedup.near import I64, Sketches, sketch
from quality.dedup.params import DedupParams


class DedupBackend(Protocol):
    """The two steps a backend provides; results must equal `LocalBackend`'s."""

    def sketch(self, texts: pl.Series, *, params: DedupParams, seed: int) -> Sketches:
        """MinHash signatures and band keys of `texts`, in input order."""
        ...

    def candidates(self, sketches: Sketches) -> tuple[I64, I64]:
        """Unique candidate pairs (left < right), sorted, from the band keys."""
        ...


@dataclass(frozen=True)
class LocalBackend:
    """Both steps in this process; `workers` threads compute signatures."""

    workers: int = 1

    def sketch(self, texts: pl.Series, *, params: DedupParams, seed: int) -> Sketches:
        """Signatures slice by slice on a thread pool (`quality.dedup.near.sketch`)."""
        return sketch(texts, params=params, seed=seed, workers=self.workers)

    def candidates(self, sketches: Sketches) -> tuple[I64, I64]:
        """Pairs of members sharing a band key, over the records that have shingles."""
        members = np.flatnonzero(sketches.has_shingles).astype(np.int64)
        return candidate_pairs(sketches.bands[members], members)
