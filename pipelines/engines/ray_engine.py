"""The Ray engine: row stages and MinHash as Ray Data tasks, LSH candidates by a band shuffle."""

from __future__ import annotations

import polars as pl

from pipelines.engines.ray_dedup import ray_find_duplicates
from pipelines.engines.ray_rows import ray_row_stages
from pipelines.engines.ray_session import ensure_ray
from pipelines.engines.stages import StageConfig, row_stages


def run_ray(
    records: pl.DataFrame,
    *,
    config: StageConfig,
    batch_rows: int,
    address: str | None = None,
    num_cpus: int | None = None,
) -> pl.DataFrame:
    """Return the same table as `run_local`, with the work spread over a Ray cluster.

    The output schema is taken from the row stages on the first record, so every batch that
    comes back from a worker is cast to exactly the types the local engine produces.
    """
    if records.height == 0:
        staged = row_stages(records, config=config)
    else:
        ensure_ray(address=address, num_cpus=num_cpus)
        schema = row_stages(records.head(1), config=config).schema
        staged = ray_row_stages(records, config=config, batch_rows=batch_rows, schema=schema)
    return ray_find_duplicates(
        staged, dataset_type=config.dataset_type, params=config.dedup, batch_rows=batch_rows
    )
