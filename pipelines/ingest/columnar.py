"""Parquet files and folders written by `datasets` save_to_disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from pipelines.ingest.frame import error_frame
from pipelines.ingest.table import coerce_table

__all__ = ["read_hf_dataset", "read_parquet_file"]


def read_parquet_file(path: Path, **mapping: Any) -> pl.DataFrame:
    """A Parquet file; an unreadable file becomes one quarantine row."""
    try:
        df = pl.read_parquet(path)
    except (pl.exceptions.PolarsError, OSError) as exc:
        return error_frame(1, b"", "unreadable_file", f"not a readable Parquet file: {exc}")
    return coerce_table(df, **mapping)


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
