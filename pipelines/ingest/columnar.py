"""Parquet files and folders written by `datasets` save_to_disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from pipelines.ingest.frame import error_frame
from pipelines.ingest.table import coerce_table

__all__ = ["read_hf_dataset", "read_parquet_file"]


def read_parquet_file(path: Path, **mapping: Any) -> pl.DataFrame:
    """A Parquet file; an unreadable file becomes one quarantine row.

    Read with pyarrow and validated in full before Polars sees it: Polars panics on some damaged
    pages and on strings that are not UTF-8 (a Rust panic, its backtrace printed to stderr).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
        table.validate(full=True)  # e.g. strings that are not UTF-8, which Polars panics on
        # Only the columns and their names: schema metadata that is not UTF-8 panics Polars too.
        names = [_clean(name) for name in table.column_names]
        df = pl.from_arrow(pa.Table.from_arrays(table.columns, names=names))
    except (pa.ArrowException, pl.exceptions.PolarsError, OSError, ValueError) as exc:
        return error_frame(1, b"", "unreadable_file", f"not a readable Parquet file: {exc}")
    except pl.exceptions.PanicException as exc:  # a damage the checks above did not catch
        return error_frame(1, b"", "unreadable_file", f"not a readable Parquet file: {exc}")
        return error_frame(1, b"", "unreadable_file", f"not a readable Parquet file: {exc}")
    return coerce_table(df if isinstance(df, pl.DataFrame) else df.to_frame(), **mapping)


def _clean(name: str) -> str:
    """A column name as valid UTF-8 (a damaged footer can hold any bytes)."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def read_hf_dataset(path: Path, *, split: str | None, **mapping: Any) -> pl.DataFrame:
    """A folder written by `datasets` save_to_disk (a Dataset, or a DatasetDict's splits)."""
    import datasets

    try:
        loaded = datasets.load_from_disk(str(path))
    except (OSError, ValueError, FileNotFoundError) as exc:
        return error_frame(1, b"", "unreadable_file", f"not a saved HF dataset: {exc}")
    if isinstance(loaded, datasets.DatasetDict):
        names = [split] if split else sorted(loaded)
        if split and split not in loaded:
            return error_frame(
                1, b"", "unreadable_file", f"no split {split!r}; has {sorted(loaded)}"
            )
        tables = [_to_polars(loaded[name]) for name in names]
        df = pl.concat(tables, how="diagonal_relaxed") if tables else pl.DataFrame()
    else:
        df = _to_polars(loaded)
    return coerce_table(df, **mapping)


def _to_polars(dataset: Any) -> pl.DataFrame:
    """A `datasets.Dataset` as a Polars frame (honouring any indices mapping)."""
    frame = pl.from_arrow(dataset.with_format("arrow")[:])
    return frame if isinstance(frame, pl.DataFrame) else frame.to_frame()
