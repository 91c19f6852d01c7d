"""How the chain assets run their steps over a stored table without holding it whole.

A table asset's input arrives as a scan (`pl.LazyFrame`, see `pipelines.defs.io`); its row-wise
steps run on batches of `RunSettings.batch_rows` rows, in worker processes when a step is heavy
(`batched`) and there are several batches, and each batch is written as a part (`TableParts`)
that the IO manager concatenates into the stored file. The table equals the whole-table run's,
value for value.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from pipelines.defs.resources import RunSettings
from pipelines.engines.run import default_workers
from pipelines.engines.stream import SPILL_COMPRESSION, frame_batches, spill_steps
from pipelines.storage import TableParts
from quality.chain import ChainConfig, Drop, Step, Tag, is_rowwise, unit_lengths

__all__ = [
    "decide_unit_of",
    "height_of",
    "read_without",
    "row_steps_of",
    "stream_row_steps",
    "write_whole",
]


def height_of(table: pl.LazyFrame) -> int:
    """Rows of a stored table (from the Parquet footer)."""
    rows: int = table.select(pl.len()).collect().item()
    return rows


def row_steps_of(steps: Sequence[Step], dataset_type: str) -> tuple[Tag | Drop, ...] | None:
    """`steps` when all of them are row-wise for the type (they can run per batch), else None."""
    rows = tuple(s for s in steps if isinstance(s, Tag | Drop) and is_rowwise(s, dataset_type))
    return rows if len(rows) == len(steps) else None


def workers_for(table: pl.LazyFrame, steps: Sequence[Tag | Drop], settings: RunSettings) -> int:
    """Worker processes for `steps`: the machine's (at most one per batch) when a step is heavy
    (`batched`); cheap steps and a single batch run in this process (a worker costs ~0.4 GiB)."""
    if not any(step.batched for step in steps):
        return 1
    batches = -(-height_of(table) // settings.batch_rows)
    return max(1, min(default_workers(), batches))


def stream_row_steps(
    table: pl.LazyFrame,
    steps: tuple[Tag | Drop, ...],
    config: ChainConfig,
    *,
    parts: TableParts,
    settings: RunSettings,
) -> None:
    """Run row-wise `steps` over `table` batch by batch, each batch a part in `parts`."""
    spill_steps(
        frame_batches(table, settings.batch_rows),
        spill=parts.folder,
        steps=steps,
        config=config,
        workers=workers_for(table, steps, settings),
    )


def decide_unit_of(table: pl.LazyFrame, config: ChainConfig, *, rows: int) -> ChainConfig:
    """`config` with the record unit decided on all of `table`'s `content` (read a batch of
    that one column at a time), as `ChainConfig.with_unit` decides it on the whole table."""
    if config.unit is not None or "content" not in table.collect_schema().names():
        return config
    lengths = [unit_lengths(batch) for batch in frame_batches(table.select("content"), rows)]
    return config.with_unit_from(pl.concat(lengths))


def write_whole(frame: pl.DataFrame, parts: TableParts) -> TableParts:
    """A table computed whole (a step that compares records, or the Ray engine) as one part."""
    frame.write_parquet(parts.next_path(), compression=SPILL_COMPRESSION)
    return parts


def read_without(table: pl.LazyFrame, unused: Sequence[str]) -> pl.DataFrame:
    """`table` read without the `unused` columns (text copies a consumer never reads: each is
    as large as the submission's text)."""
    present = set(table.collect_schema().names())
    return table.drop([c for c in unused if c in present]).collect()
