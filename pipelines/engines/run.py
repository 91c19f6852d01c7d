"""One entry point per kind of work, dispatching to an engine by name.

`map_rows` runs a row-wise stage over a table in batches; `dedup_backend` says where dedup's
sketching and LSH run; `run_stages` chains them (ingest's table in, deduplicated table out) for
the benchmarks and tests. The Dagster assets call `map_rows` and `dedup_backend` themselves.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from functools import partial

import polars as pl

from pipelines.engines.budget import DEFAULT_BUDGET, MIN_ROWS, batch_rows_for
from pipelines.engines.local import local_map_rows
from pipelines.engines.stages import RowStage, StageConfig, row_stages
from quality.dedup import DedupBackend, LocalBackend, find_duplicates
from quality.record_unit import decide_unit
from quality.signals import add_content

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
    stage: RowStage,
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


def with_unit(records: pl.DataFrame, config: StageConfig) -> StageConfig:
    """`config` with the record unit decided on the whole table (never per batch)."""
    content = add_content(records, dataset_type=config.dataset_type).get_column("content")
    return replace(config, unit=decide_unit(content, declared=config.unit).unit)


def run_stages(
    records: pl.DataFrame,
    *,
    engine: str,
    config: StageConfig,
    options: EngineOptions | None = None,
) -> pl.DataFrame:
    """Return `records` (ingest's table) with content, signals, `drop_reason` and dup columns.

    `engine` is "local" or "ray"; both give the same table, byte for byte.
    """
    config = with_unit(records, config)
    staged = map_rows(records, partial(row_stages, config=config), engine=engine, options=options)
    backend = dedup_backend(engine, records=records, options=options)
    result = find_duplicates(
        staged, dataset_type=config.dataset_type, params=config.dedup, backend=backend
    )
    return result.records
