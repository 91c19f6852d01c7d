"""Source tables to reader frames: check each mapped column's dtype once, vectorised, instead
of each value (Parquet, CSV/TSV and HF datasets all come through here)."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from pipelines.ingest.frame import first_problem
from pipelines.ingest.kinds import Kind, kind_dtype, kind_words

__all__ = ["coerce_table"]

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
    # Polars cannot write bytes as JSON (it panics): show a binary column as hex instead.
    columns = [
        pl.col(name).bin.encode("hex") if df.schema[name] == pl.Binary else pl.col(name)
        for name in present
    ]
    encoded = pl.struct(columns).struct.json_encode()
    try:
        df.head(1).select(encoded)
    except (pl.exceptions.PolarsError, pl.exceptions.PanicException):
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
