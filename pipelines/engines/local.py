"""The local engine: the row stages batch by batch in this process, then dedup over the table."""

from __future__ import annotations

import polars as pl

from pipelines.engines.stages import StageConfig, row_stages
from quality.dedup import find_duplicates


def run_local(
    records: pl.DataFrame, *, config: StageConfig, batch_rows: int, workers: int = 1
) -> pl.DataFrame:
    """Return `records` with signals, `drop_reason` and the dedup columns, in input order.

    Batches of `batch_rows` keep the signals stage's peak memory bounded; `workers` threads
    compute MinHash signatures (the result does not depend on either).
    """
    parts = [
        row_stages(records.slice(start, batch_rows), config=config)
        for start in range(0, records.height, batch_rows)
    ]
    staged = pl.concat(parts, how="vertical") if parts else row_stages(records, config=config)
    del parts
    result = find_duplicates(
        staged, dataset_type=config.dataset_type, params=config.dedup, workers=workers
    )
    return result.records
