"""The local engine: row stages batch by batch on this machine's cores.

With one worker the batches run in this process. With more, they run in a pool of worker
processes started with `spawn` (never `fork`: forking a process that already runs Polars,
Dagster or Ray threads can deadlock). Batches come back in input order, so the table is the
same whatever the number of workers.

A worker sends back only what the stage added (`Delta`): columns of the batch it left alone
are taken from this process's own batch, and a column equal to another (`text_masked` and
`content_masked` of a text corpus) is sent once. Without this, every copy of the text would
come back as its own buffer and the table would hold several times the memory it needs.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial

import polars as pl

from quality.chain import BatchWork


@dataclass(frozen=True)
class Delta:
    """A stage's output relative to its input batch: new columns, twins, and column order."""

    added: pl.DataFrame
    twins: dict[str, str]
    order: list[str]


def local_map_rows(
    records: pl.DataFrame, stage: BatchWork, *, batch_rows: int, workers: int = 1
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
            deltas = pool.map(partial(stage_delta, stage=stage), batches)
            pairs = zip(batches, deltas, strict=True)
            parts = [apply_delta(batch, delta) for batch, delta in pairs]
    return pl.concat(parts, how="vertical")


def stage_delta(batch: pl.DataFrame, *, stage: BatchWork) -> Delta:
    """Run `stage` on `batch` and describe its output by what changed (the worker's task)."""
    out = stage(batch)
    added: dict[str, pl.Series] = {}
    twins: dict[str, str] = {}
    for name in out.columns:
        column = out.get_column(name)
        if name in batch.columns and column.equals(batch.get_column(name)):
            continue
        twin = _twin(column, batch, added)
        if twin is None:
            added[name] = column
        else:
            twins[name] = twin
    return Delta(added=pl.DataFrame(list(added.values())), twins=twins, order=out.columns)


def _twin(column: pl.Series, batch: pl.DataFrame, added: dict[str, pl.Series]) -> str | None:
    """The name of an input or already added column equal to `column`, if there is one."""
    candidates = [*batch.iter_columns(), *added.values()]
    for other in candidates:
        if other.dtype == column.dtype and other.equals(column):
            return other.name
    return None


def apply_delta(batch: pl.DataFrame, delta: Delta) -> pl.DataFrame:
    """Rebuild the stage's output from this process's batch and a worker's `Delta`."""
    columns = {name: batch.get_column(name) for name in batch.columns}
    columns |= {column.name: column for column in delta.added.iter_columns()}
    for name, twin in delta.twins.items():
        columns[name] = columns[twin].alias(name)
    return pl.DataFrame([columns[name] for name in delta.order])
