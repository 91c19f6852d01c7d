"""`run_stages`: one entry point for the row stages + dedup, dispatching to an engine by name."""

from __future__ import annotations

import polars as pl

from pipelines.engines.budget import DEFAULT_BUDGET, batch_rows_for
from pipelines.engines.local import run_local
from pipelines.engines.stages import StageConfig

ENGINES = ("local", "ray")


def run_stages(
    records: pl.DataFrame,
    *,
    engine: str,
    config: StageConfig,
    memory_budget: int = DEFAULT_BUDGET,
    batch_rows: int | None = None,
    workers: int = 1,
    ray_address: str | None = None,
    ray_num_cpus: int | None = None,
) -> pl.DataFrame:
    """Return `records` (ingest's table) with content, signals, `drop_reason` and dup columns.

    `engine` is "local" or "ray"; both give the same table. Batches hold `batch_rows` records,
    by default as many as `memory_budget` bytes allow. `workers` threads compute MinHash in the
    local engine; `ray_address` / `ray_num_cpus` choose the Ray cluster (see docs/scale.md).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    rows = batch_rows or batch_rows_for(records, memory_budget=memory_budget)
    if engine == "local":
        return run_local(records, config=config, batch_rows=rows, workers=workers)
    from pipelines.engines.ray_engine import run_ray

    return run_ray(
        records, config=config, batch_rows=rows, address=ray_address, num_cpus=ray_num_cpus
    )
