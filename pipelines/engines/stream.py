"""The chain over bounded batches end to end: ingest → row steps → Parquet parts → dedup → file.

`run_on_engine` holds the whole record table, with three copies of every text, from ingest to
the end (9.4 GB for a million documents). `stream_chain` holds a few batches at a time:

1. record batches (from `pipelines.ingest.batched.IngestStream`, or any iterable) run the tag
   steps before the first drop step in worker processes, each of which writes its batch as a
   Parquet part under `spill` and sends back only the record unit's length inputs;
2. the unit is decided from those lengths of all records (as `run_chain` decides it on the whole
   table), then the drop steps run on each part as it is read;
3. dedup reads the parts (`quality.dedup.stream.find_duplicates_in_parts`): keys, then
   signatures, then only the texts verification needs;
4. the final table is written part by part (pyarrow `ParquetWriter`), never concatenated.

The table written equals `run_on_engine`'s for the same records, value for value (a test
compares them as Parquet bytes). A chain whose steps before dedup are not all row-wise for the
dataset type (the type checks of parallel corpora compare records) is refused by `plan_stream`;
those run with `run_on_engine`.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Literal

import polars as pl
import pyarrow.parquet as pq

from quality.chain import (
    ChainConfig,
    Dedup,
    Drop,
    Step,
    Tag,
    chain_for,
    is_rowwise,
    run_row_steps,
    unit_lengths,
)
from quality.dedup import DedupBackend, LocalBackend
from quality.dedup.stream import PartsDedup, find_duplicates_in_parts

SPILL_COMPRESSION: Literal["lz4"] = "lz4"
"""Parts are read back soon and once or twice: fast compression over small files."""


@dataclass(frozen=True)
class StreamPlan:
    """The chain cut for streaming: tags run once per batch, then row steps per part, dedup."""

    tags: tuple[Tag, ...]
    rows: tuple[Tag | Drop, ...]
    dedup: Dedup | None


@dataclass(frozen=True)
class StreamResult:
    """Where the table went, its rows, the decided configuration and dedup's result."""

    path: Path
    rows: int
    config: ChainConfig
    dedup: PartsDedup | None


def plan_stream(steps: Sequence[Step], *, dataset_type: str) -> StreamPlan | None:
    """Cut `steps` for streaming, or None when a step before dedup is not row-wise for the type.

    Tags before the first drop step run once, when the batch is spilled; drop steps (and any
    later tag) run again each time a part is read, which costs little (they are expressions over
    stored columns). Dedup must be the last step.
    """
    head = 0
    while head < len(steps) and isinstance(steps[head], Tag):
        if not is_rowwise(steps[head], dataset_type):
            return None
        head += 1
    tags = tuple(s for s in steps[:head] if isinstance(s, Tag))
    rest = list(steps[head:])
    last = rest[-1] if rest else None
    dedup = last if isinstance(last, Dedup) else None
    if dedup is not None:
        rest.pop()
    rows = tuple(s for s in rest if isinstance(s, Tag | Drop) and is_rowwise(s, dataset_type))
    if len(rows) != len(rest):
        return None
    return StreamPlan(tags=tags, rows=rows, dedup=dedup)


def rebatch(batches: Iterable[pl.DataFrame], rows: int) -> Iterator[pl.DataFrame]:
    """The rows of `batches`, in order, in tables of exactly `rows` rows (the last fewer)."""
    held: list[pl.DataFrame] = []
    count = 0
    for batch in batches:
        held.append(batch)
        count += batch.height
        while count >= rows:
            whole = pl.concat(held) if len(held) > 1 else held[0]
            yield whole.slice(0, rows)
            rest = whole.slice(rows)
            held, count = ([rest] if rest.height else []), rest.height
    if count:
        yield pl.concat(held) if len(held) > 1 else held[0]


def frame_batches(table: pl.LazyFrame, rows: int) -> Iterator[pl.DataFrame]:
    """The rows of a stored table (a scan), in order, `rows` at a time; one empty frame if none.

    Each slice is read on its own (Polars pushes the slice into the Parquet scan), so at most
    a batch and the row groups it touches are in memory.
    """
    if rows < 1:
        raise ValueError(f"batches must hold at least one row (got {rows})")
    height: int = table.select(pl.len()).collect().item()
    if height == 0:
        yield table.collect()
    for offset in range(0, height, rows):
        yield table.slice(offset, rows).collect()


def spill_steps(
    batches: Iterable[pl.DataFrame],
    *,
    spill: Path,
    steps: tuple[Tag | Drop, ...],
    config: ChainConfig,
    workers: int,
) -> tuple[list[Path], pl.DataFrame]:
    """Every batch through row-wise `steps` into a Parquet part under `spill`, in order.

    Returns the parts and the unit length inputs of all records after the steps. With
    `workers` > 1 the batches run in that many spawned processes, a few batches ahead at most.
    """
    return _spill_all(batches, spill=spill, tags=steps, config=config, workers=workers)


def spill_batch(
    batch: pl.DataFrame, *, path: Path, steps: tuple[Tag | Drop, ...], config: ChainConfig
) -> tuple[int, pl.DataFrame]:
    """Run `steps` on `batch`, write it to `path`; return its rows and unit length inputs."""
    out = run_row_steps(batch, steps=steps, config=config)
    out.write_parquet(path, compression=SPILL_COMPRESSION)
    return out.height, unit_lengths(out)


def read_part(
    columns: Sequence[str] | None,
    *,
    path: Path,
    steps: tuple[Tag | Drop, ...],
    config: ChainConfig,
) -> pl.DataFrame:
    """Part `path` after the row steps; `columns` (None: all) of it.

    Columns that no row step writes are read straight from the file (dedup's text passes).
    """
    stored = pl.read_parquet_schema(path)
    if (
        columns is not None
        and "drop_reason" not in columns
        and all(isinstance(s, Drop) for s in steps)
        and all(c in stored for c in columns)
    ):
        return pl.read_parquet(path, columns=list(columns))
    frame = run_row_steps(pl.read_parquet(path), steps=steps, config=config)
    return frame if columns is None else frame.select(columns)


def _spill_all(
    batches: Iterable[pl.DataFrame],
    *,
    spill: Path,
    tags: tuple[Tag | Drop, ...],
    config: ChainConfig,
    workers: int,
) -> tuple[list[Path], pl.DataFrame]:
    """Step 1: every batch through `tags` into a part; the parts and all unit lengths."""
    spill.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    lengths: list[pl.DataFrame] = []
    work = partial(spill_batch, steps=tags, config=config)
    if workers <= 1:
        for number, batch in enumerate(batches):
            paths.append(spill / f"part-{number:05d}.parquet")
            lengths.append(work(batch, path=paths[-1])[1])
        return paths, _lengths(lengths)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: list[Future[tuple[int, pl.DataFrame]]] = []
        for number, batch in enumerate(batches):
            paths.append(spill / f"part-{number:05d}.parquet")
            pending.append(pool.submit(work, batch, path=paths[-1]))
            # At most one batch waits per worker: the reader never runs far ahead.
            while len(pending) > 2 * workers:
                lengths.append(pending.pop(0).result()[1])
        lengths += [future.result()[1] for future in pending]
    return paths, _lengths(lengths)


def _lengths(parts: list[pl.DataFrame]) -> pl.DataFrame:
    """All batches' unit lengths as one (narrow) table."""
    empty = pl.DataFrame(schema={"n_chars": pl.UInt32, "multiline": pl.Boolean})
    return pl.concat([empty, *parts])


def _write(readers: Sequence[partial[pl.DataFrame]], out: Path, dedup: PartsDedup | None) -> int:
    """Step 4: each part after its row steps (and dedup's columns) appended to `out`."""
    out.parent.mkdir(parents=True, exist_ok=True)
    writer: pq.ParquetWriter | None = None
    schema: pl.Schema | None = None
    offset = 0
    try:
        for read in readers:
            frame = read(None)
            if dedup is not None:
                frame = dedup.attach(frame, offset=offset)
            offset += frame.height
            schema = schema or frame.schema
            table = frame.cast(schema).to_arrow()
            writer = writer or pq.ParquetWriter(out, table.schema, compression="zstd")
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()
    return offset


def stream_chain(
    batches: Iterable[pl.DataFrame],
    config: ChainConfig,
    *,
    out: Path,
    spill: Path,
    steps: Sequence[Step] | None = None,
    batch_rows: int = 20_000,
    workers: int = 1,
    backend: DedupBackend | None = None,
) -> StreamResult:
    """Run `steps` (default: the whole chain) over `batches`, writing the table to `out`.

    Batches are re-cut to `batch_rows` rows; `workers` processes run the tag steps; parts go
    under `spill` (left for the caller to remove). Raises ValueError for a chain `plan_stream`
    refuses.
    """
    chosen = chain_for(config.dataset_type) if steps is None else tuple(steps)
    plan = plan_stream(chosen, dataset_type=config.dataset_type)
    if plan is None:
        raise ValueError(f"the {config.dataset_type} chain has a whole-table step: not streamable")
    paths, lengths = _spill_all(
        rebatch(batches, batch_rows), spill=spill, tags=plan.tags, config=config, workers=workers
    )
    if any(isinstance(step, Drop) for step in plan.rows):
        config = config.with_unit_from(lengths)
    readers = [partial(read_part, path=p, steps=plan.rows, config=config) for p in paths]
    dedup = None
    if plan.dedup is not None and readers:
        dedup = find_duplicates_in_parts(
            readers,
            dataset_type=config.dataset_type,
            params=config.dedup,
            backend=backend or LocalBackend(workers=workers),
        )
    rows = _write(readers, out, dedup)
    return StreamResult(path=out, rows=rows, config=config, dedup=dedup)
