"""Ray Data `map_batches` over Arrow batches for the row stages (normalise, signals, language
ID, filters). Each batch carries its row numbers, so the driver restores input order exactly."""

from __future__ import annotations

from functools import partial
from typing import Any

import polars as pl
import pyarrow as pa

from quality.chain import BatchWork

ROW = "_engine_row"


def _stage_batch(batch: pa.Table, *, stage: BatchWork) -> pa.Table:
    """Run `stage` on one Arrow batch, keeping its row numbers (the Ray task body)."""
    frame = pl.from_arrow(batch)
    assert isinstance(frame, pl.DataFrame)
    rows = frame.get_column(ROW)
    return stage(frame.drop(ROW)).with_columns(rows).to_arrow()


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


def ray_map_rows(
    records: pl.DataFrame, stage: BatchWork, *, batch_rows: int, schema: pl.Schema
) -> pl.DataFrame:
    """Return `stage` applied to `records` by Ray tasks, in input order, cast to `schema`."""
    import ray.data

    table = records.with_row_index(ROW).to_arrow()
    dataset = ray.data.from_arrow(table).map_batches(
        partial(_stage_batch, stage=stage),
        batch_format="pyarrow",
        batch_size=batch_rows,
    )
    out = collect_sorted(dataset, ROW)
    return out.select([pl.col(name).cast(dtype) for name, dtype in schema.items()])
