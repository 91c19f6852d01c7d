"""Ray Data `map_batches` over Arrow batches for the row stages (normalise, signals, language
ID, filters). Each batch carries its row numbers, so the driver restores input order exactly."""

from __future__ import annotations

from functools import partial
from typing import Any

import polars as pl
import pyarrow as pa

from pipelines.engines.stages import StageConfig, row_stages

ROW = "_engine_row"


def _stage_batch(batch: pa.Table, *, config: StageConfig) -> pa.Table:
    """Run the row stages on one Arrow batch (the Ray task body)."""
    frame = pl.from_arrow(batch)
    assert isinstance(frame, pl.DataFrame)
    return row_stages(frame, config=config).to_arrow()


def collect_frame(dataset: Any) -> pl.DataFrame:
    """Materialise a Ray dataset as one Polars frame (block order; empty frame if no rows)."""
    import ray

    frames = []
    for ref in dataset.to_arrow_refs():
        frame = pl.from_arrow(ray.get(ref))
        if isinstance(frame, pl.DataFrame) and frame.height:
            frames.append(frame)
    return pl.concat(frames, how="vertical_relaxed") if frames else pl.DataFrame()


def collect_sorted(dataset: Any, column: str) -> pl.DataFrame:
    """Materialise a Ray dataset sorted by its row-number `column`, which is then dropped."""
    out = collect_frame(dataset)
    return out.sort(column).drop(column) if out.height else out


def ray_row_stages(
    records: pl.DataFrame, *, config: StageConfig, batch_rows: int, schema: pl.Schema
) -> pl.DataFrame:
    """Return the row stages' output for `records`, computed by Ray tasks, cast to `schema`."""
    import ray.data

    table = records.with_row_index(ROW).to_arrow()
    dataset = ray.data.from_arrow(table).map_batches(
        partial(_stage_batch, config=config),
        batch_format="pyarrow",
        batch_size=batch_rows,
    )
    out = collect_sorted(dataset, ROW)
    return out.select([pl.col(name).cast(dtype) for name, dtype in schema.items()])
