"""Readers for column formats (Parquet, CSV/TSV, saved HF datasets): check each mapped column's
dtype once, vectorised, instead of each value."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.ingest.decode import Payload
from pipelines.ingest.frame import bad_row, error_frame, first_problem, frame_from_rows
from pipelines.ingest.kinds import Kind, kind_dtype, kind_words

__all__ = ["coerce_table", "read_csv_payload", "read_hf_dataset", "read_parquet_file"]

_TRUE = ["true", "1", "yes"]
_FALSE = ["false", "0", "no"]


def _scalar_ok(dtype: pl.DataType) -> bool:
    """Dtypes that become a string without loss of meaning."""
    return dtype.is_numeric() or dtype in (pl.String, pl.Boolean, pl.Null, pl.Categorical)


def _text_column(col: pl.Expr, dtype: pl.DataType) -> tuple[pl.Expr, pl.Expr | None]:
    """A text column must hold strings."""
    if dtype in (pl.String, pl.Null, pl.Categorical) or isinstance(dtype, pl.Enum):
        return col.cast(pl.String), None
    return pl.lit(None, pl.String), col.is_not_null()


def _flag_column(col: pl.Expr, dtype: pl.DataType) -> tuple[pl.Expr, pl.Expr | None]:
    """A flag column: booleans, 0/1, or true/false/yes/no strings."""
    if dtype in (pl.Boolean, pl.Null):
        return col.cast(pl.Boolean), None
    if dtype.is_integer():
        return col.is_in([1]), col.is_not_null() & ~col.is_in([0, 1])
    if dtype == pl.String:
        word = col.str.strip_chars().str.to_lowercase()
        return word.is_in(_TRUE), col.is_not_null() & ~word.is_in(_TRUE + _FALSE)
    return pl.lit(None, pl.Boolean), col.is_not_null()


def _column(df: pl.DataFrame, source: str, kind: Kind) -> tuple[pl.Expr, pl.Expr | None]:
    """(value expression, wrong-type condition or None) for one mapped column."""
    if source not in df.columns:
        return pl.lit(None, kind_dtype(kind)), None
    col, dtype = pl.col(source), df.schema[source]
    if kind == "text":
        return _text_column(col, dtype)
    if kind == "flag":
        return _flag_column(col, dtype)
    if kind == "scalar":
        ok = _scalar_ok(dtype)
        return (col.cast(pl.String), None) if ok else (pl.lit(None, pl.String), col.is_not_null())
    try:
        df.select(col.cast(kind_dtype(kind)))
    except pl.exceptions.PolarsError:
        return pl.lit(None, kind_dtype(kind)), col.is_not_null()
    return col.cast(kind_dtype(kind)), None


def _raw_column(df: pl.DataFrame, sources: list[str]) -> pl.Expr:
    """The mapped source columns of each row as JSON, for the quarantine's `raw`.

    Only mapped columns: they are what a reader of the quarantine needs, and encoding
    every column of a wide table would cost more than the ingest itself.
    """
    present = [name for name in dict.fromkeys(sources) if name in df.columns]
    if not present:
        return pl.lit("", pl.String)
    encoded = pl.struct(present).struct.json_encode()
    try:
        df.head(1).select(encoded)
    except pl.exceptions.PolarsError:
        return pl.lit("", pl.String)
    return encoded


def coerce_table(
    df: pl.DataFrame, *, fields: Mapping[str, str], kinds: Mapping[str, Kind], first_row: int = 1
) -> pl.DataFrame:
    """A source table as a reader frame: mapped columns renamed, wrong dtypes flagged."""
    values: dict[str, pl.Expr] = {}
    problems: list[tuple[pl.Expr, str, str | None, str]] = []
    for canonical, source in fields.items():
        value, wrong = _column(df, source, kinds[canonical])
        values[canonical] = value
        if wrong is not None:
            detail = f"column '{source}' should hold {kind_words(kinds[canonical])}"
            problems.append((wrong, "wrong_type", canonical, detail))
    frame = df.select(
        pl.int_range(first_row, first_row + df.height, dtype=pl.Int64).alias("source_line"),
        _raw_column(df, list(fields.values())).alias("raw"),
        *(expr.alias(name) for name, expr in values.items()),
        *(cond.alias(f"_wrong{i}") for i, (cond, *_rest) in enumerate(problems)),
    )
    renamed = [
        (pl.col(f"_wrong{i}"), reason, field, detail)
        for i, (_cond, reason, field, detail) in enumerate(problems)
    ]
    return frame.with_columns(**first_problem(renamed)).drop(
        [f"_wrong{i}" for i in range(len(problems))]
    )


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


def read_csv_payload(
    payload: Payload, *, separator: str, fields: Mapping[str, str], kinds: Mapping[str, Kind]
) -> pl.DataFrame:
    """CSV/TSV with a header row; Polars on the happy path, Python's csv module otherwise."""
    frame: pl.DataFrame | None = None
    try:
        payload.data.decode("utf-8")
        df = pl.read_csv(
            io.BytesIO(payload.data), separator=separator, infer_schema=False, has_header=True
        )
        frame = coerce_table(df, fields=fields, kinds=kinds)
    except (UnicodeDecodeError, pl.exceptions.PolarsError):
        frame = _csv_slow(payload.data, separator=separator, fields=fields, kinds=kinds)
    if payload.truncated:
        tail = error_frame(
            frame.height + 1, payload.data[-200:], "truncated_archive", payload.problem
        )
        frame = pl.concat([frame, tail], how="diagonal_relaxed")
    return frame


def _csv_slow(
    data: bytes, *, separator: str, fields: Mapping[str, str], kinds: Mapping[str, Kind]
) -> pl.DataFrame:
    """Row-by-row CSV: ragged rows are `malformed_line`, rows with bad bytes `invalid_utf8`."""
    text = data.decode("utf-8", "surrogateescape")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    header = next(reader, [])
    rows: list[dict[str, Any]] = []
    good: list[dict[str, Any]] = []
    for number, cells in enumerate(reader, start=1):
        raw = separator.join(cells)
        if any("\udc80" <= ch <= "\udcff" for ch in raw):
            rows.append(bad_row(number, raw, "invalid_utf8", "row is not valid UTF-8"))
        elif len(cells) != len(header):
            detail = f"expected {len(header)} fields, found {len(cells)}"
            rows.append(bad_row(number, raw, "malformed_line", detail))
        else:
            good.append({"_n": number, **dict(zip(header, cells, strict=True))})
    table = pl.DataFrame(good, schema={"_n": pl.Int64, **dict.fromkeys(header, pl.String)})
    coerced = coerce_table(table.drop("_n"), fields=fields, kinds=kinds)
    coerced = coerced.with_columns(source_line=table["_n"])
    columns = {c: kind_dtype(kinds[c]) for c in fields}
    merged = pl.concat([coerced, frame_from_rows(rows, columns)], how="diagonal_relaxed")
    return merged.sort("source_line", maintain_order=True)
