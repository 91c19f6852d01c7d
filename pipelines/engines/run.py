"""One entry point per kind of work, dispatching to an engine by name.

`map_rows` runs row-wise work over a table in batches; `dedup_backend` says where dedup's
sketching and LSH run; `run_on_engine` runs steps of `quality.chain.CHAIN` (by default all of
them, ingest's table in) with both. The Dagster assets, the benchmarks and the tests call it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial

import polars as pl

from pipelines.engines.budget import DEFAULT_BUDGET, MIN_ROWS, batch_rows_for
from pipelines.engines.local import local_map_rows
from pipelines.home import keyword_library_path
from quality.chain import (
    BatchWork,
    ChainConfig,
    ChainResult,
    Dedup,
    Step,
    chain_for,
    run_chain,
)
from quality.dedup import DedupBackend, LocalBackend
from quality.safety import load_keywords
from schemas.manifest import Manifest

ENGINES = ("local", "ray")
BATCHES_PER_WORKER = 4
MAX_WORKERS = 8


def default_workers() -> int:
    """Worker processes for the local engine: the machine's cores, at most `MAX_WORKERS`."""
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


@dataclass(frozen=True)
class EngineOptions:
    """How an engine runs: batch size from a memory budget, threads, and the Ray cluster.

    `batch_rows` overrides the budget; in the local engine, `workers` processes run the row
    stages and as many threads compute MinHash; `ray_address` (or `RAY_ADDRESS`) joins a
    cluster, else `ray_num_cpus` sizes a local one.
    """

    memory_budget: int = DEFAULT_BUDGET
    batch_rows: int | None = None
    workers: int = field(default_factory=default_workers)
    ray_address: str | None = None
    ray_num_cpus: int | None = None

    def rows_for(self, records: pl.DataFrame) -> int:
        """Rows per batch for `records`: `batch_rows`, else what the budget allows per worker.

        With several workers, each holds one batch, so the budget is shared; and a table is cut
        into at least `BATCHES_PER_WORKER` batches per worker so that all of them have work.
        """
        if self.batch_rows:
            return self.batch_rows
        budget_rows = batch_rows_for(records, memory_budget=self.memory_budget // self.workers)
        if self.workers <= 1:
            return budget_rows
        spread = -(-records.height // (self.workers * BATCHES_PER_WORKER))
        return max(MIN_ROWS, min(budget_rows, spread))


def check_engine(engine: str) -> None:
    """Raise a clear error for an engine name that is not one of `ENGINES`."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")


def map_rows(
    records: pl.DataFrame,
    stage: BatchWork,
    *,
    engine: str,
    options: EngineOptions | None = None,
) -> pl.DataFrame:
    """Return `stage` applied to every batch of `records`, in input order, on `engine`."""
    check_engine(engine)
    options = options or EngineOptions()
    rows = options.rows_for(records)
    if engine == "local":
        return local_map_rows(records, stage, batch_rows=rows, workers=options.workers)
    from pipelines.engines.ray_engine import ray_rows

    return ray_rows(
        records,
        stage,
        batch_rows=rows,
        address=options.ray_address,
        num_cpus=options.ray_num_cpus,
    )


def dedup_backend(
    engine: str, *, records: pl.DataFrame, options: EngineOptions | None = None
) -> DedupBackend:
    """Return where dedup's sketching and LSH run for `engine` (same result on each)."""
    check_engine(engine)
    options = options or EngineOptions()
    if engine == "local":
        return LocalBackend(workers=options.workers)
    from pipelines.engines.ray_dedup import RayBackend
    from pipelines.engines.ray_session import ensure_ray

    ensure_ray(address=options.ray_address, num_cpus=options.ray_num_cpus)
    return RayBackend(batch_rows=options.rows_for(records))


def config_for(manifest: Manifest) -> ChainConfig:
    """The chain configuration of a submission, with the operator's safety keyword library."""
    return ChainConfig.for_manifest(manifest, keywords=load_keywords(keyword_library_path()))


def run_on_engine(
    records: pl.DataFrame,
    *,
    engine: str,
    config: ChainConfig,
    options: EngineOptions | None = None,
    steps: Sequence[Step] | None = None,
) -> ChainResult:
    """Run `steps` (default: the whole chain) over `records` on `engine`.

    The batched row steps run through `map_rows`, dedup's sketching and LSH on the engine's
    backend; "local" and "ray" give the same table, byte for byte.
    """
    check_engine(engine)
    options = options or EngineOptions()
    rows = partial(map_rows, engine=engine, options=options)
    chosen = chain_for(config.dataset_type) if steps is None else tuple(steps)
    dedups = any(isinstance(step, Dedup) for step in chosen)
    backend = dedup_backend(engine, records=records, options=options) if dedups else None
    return run_chain(records, config, steps=chosen, rows=rows, backend=backend)
