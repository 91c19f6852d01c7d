"""The reader frame: what every format reader returns before validation.

One row per record read (good or bad): `source_line`, `raw` (the text as read, for the
quarantine), the canonical fields the reader could extract, and `_reason`/`_field`/`_detail`
(null when the reader found nothing wrong). Keeping bad rows in the same frame makes
"read = kept + quarantined" hold by construction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

__all__ = [
    "ERROR_COLUMNS",
    "bad_row",
    "error_frame",
    "first_problem",
    "frame_from_rows",
    "show_raw",
]

ERROR_COLUMNS = ("_reason", "_field", "_detail")
RAW_LIMIT = 1000


def show_raw(text: str | bytes) -> str:
    """Up to 1,000 characters of raw input, invalid bytes shown as `\\xNN`."""
    data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogateescape")
    return data[: RAW_LIMIT * 4].decode("utf-8", "backslashreplace")[:RAW_LIMIT]


def bad_row(
    line: int, raw: str | bytes, reason: str, detail: str, field: str | None = None
) -> dict[str, Any]:
    """A reader row that goes straight to the quarantine."""
    return {
        "source_line": line,
        "raw": show_raw(raw),
        "_reason": reason,
        "_field": field,
        "_detail": detail,
    }


def frame_from_rows(
    rows: Sequence[Mapping[str, Any]], columns: Mapping[str, pl.DataType]
) -> pl.DataFrame:
    """Build a reader frame from Python rows (the slow, per-record fallback paths)."""
    schema = {
        "source_line": pl.Int64(),
        "raw": pl.String(),
        **{name: pl.String() for name in ERROR_COLUMNS},
        **columns,
    }
    data = {name: [row.get(name) for row in rows] for name in schema}
    return pl.DataFrame(data, schema=schema)


def error_frame(line: int, raw: str | bytes, reason: str, detail: str) -> pl.DataFrame:
    """A one-row frame for a whole-file problem (unreadable, truncated)."""
    return frame_from_rows([bad_row(line, raw, reason, detail)], {})


def first_problem(
    problems: Sequence[tuple[pl.Expr, str, str | None, str]], *, keep_existing: bool = False
) -> dict[str, pl.Expr]:
    """`_reason`/`_field`/`_detail` expressions from (condition, reason, field, detail) rules.

    The first rule that holds wins, so a row carries one clear reason. With `keep_existing`,
    a `_reason` the reader already set wins over every rule.
    """
    exprs: dict[str, pl.Expr] = {}
    for index, name in enumerate(ERROR_COLUMNS):
        rules = [(cond, pl.lit(values[index], pl.String)) for cond, *values in problems]
        if keep_existing:
            rules.insert(0, (pl.col("_reason").is_not_null(), pl.col(name)))
        exprs[name] = _chain(rules)
    return exprs


def _chain(rules: Sequence[tuple[pl.Expr, pl.Expr]]) -> pl.Expr:
    """when/then chain over rules, null when none holds."""
    if not rules:
        return pl.lit(None, pl.String)
    (condition, value), *rest = rules
    chain: Any = pl.when(condition).then(value)
    for condition, value in rest:
        chain = chain.when(condition).then(value)
    result: pl.Expr = chain.otherwise(pl.lit(None, pl.String))
    return result
