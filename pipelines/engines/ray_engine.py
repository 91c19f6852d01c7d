"""The Ray engine's row step: the stage's output schema from one record, then Ray tasks."""

from __future__ import annotations

import polars as pl

from pipelines.engines.ray_rows import ray_map_rows
from pipelines.engines.ray_session import ensure_ray
from quality.chain import BatchWork


def ray_rows(
    records: pl.DataFrame,
    stage: BatchWork,
    *,
    batch_rows: int,
    address: str | None = None,
    num_cpus: int | None = None,
) -> pl.DataFrame:
    """Return the same table as `local_map_rows`, with the batches spread over a Ray cluster.

    The output schema is taken from the stage on the first record, so every batch that comes
    back from a worker is cast to exactly the types the local engine produces.
    """
    if records.height == 0:
        return stage(records)
    ensure_ray(address=address, num_cpus=num_cpus)
    schema = stage(records.head(1)).schema
    return ray_map_rows(records, stage, batch_rows=batch_rows, schema=schema)
