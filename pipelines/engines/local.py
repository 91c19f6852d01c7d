"""The local engine: row stages batch by batch on this machine's cores.

With one worker the batches run in this process. With more, they run in a pool of worker
processes started with `spawn` (never `fork`: forking a process that already runs Polars,
Dagster or Ray threads can deadlock). Batches come back in input order, so the table is the
same whatever the number of workers.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import polars as pl

from pipelines.engines.stages import RowStage


def local_map_rows(
    records: pl.DataFrame, stage: RowStage, *, batch_rows: int, workers: int = 1
) -> pl.DataFrame:
    """Return `stage` applied to `records` in batches of `batch_rows`, in input order.

    Batches keep the stage's peak memory bounded; `workers` processes run them in parallel
    when there is more than one batch. The result depends on neither.
    """
    batches = [records.slice(start, batch_rows) for start in range(0, records.height, batch_rows)]
    if not batches:
        return stage(records)
    if workers <= 1 or len(batches) == 1:
        parts = [stage(batch) for batch in batches]
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            parts = list(pool.map(stage, batches))
    return pl.concat(parts, how="vertical")
