"""The local engine: row stages batch by batch in this process."""

from __future__ import annotations

import polars as pl

from pipelines.engines.stages import RowStage


def local_map_rows(records: pl.DataFrame, stage: RowStage, *, batch_rows: int) -> pl.DataFrame:
    """Return `stage` applied to `records` in batches of `batch_rows`, in input order.

    Batches keep the stage's peak memory bounded; the result does not depend on their size.
    """
    parts = [
        stage(records.slice(start, batch_rows)) for start in range(0, records.height, batch_rows)
    ]
    return pl.concat(parts, how="vertical") if parts else stage(records)
