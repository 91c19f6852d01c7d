"""From a reader frame to the record table and the quarantine table of one file.

The checks (missing field, empty record, too long) are Polars expressions over the whole file;
the record id hash is the one per-record Python step (xxh64 has no Polars expression).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl
import xxhash

from pipelines.ingest.frame import first_problem
from pipelines.ingest.kinds import field_kind
from quality.types.ner_spans import span_problems
from schemas.records import (
    BASE_COLUMNS,
    FIELD_RULES,
    QUARANTINE_SCHEMA,
    TEXT_COLUMNS,
    TYPE_COLUMNS,
    DatasetType,
    record_schema,
)

__all__ = ["FileContext", "finalize_file", "record_ids"]

RAW_LIMIT = 1000


@dataclass(frozen=True, kw_only=True)
class FileContext:
    """What finalising one file needs to know about the submission."""

    source_file: str
    dataset_type: DatasetType
    fields: Mapping[str, str]
    max_record_chars: int
    source_lang: str | None = None
    target_lang: str | None = None


def _with_all_columns(frame: pl.DataFrame, ctx: FileContext) -> pl.DataFrame:
    """Add any record column the reader did not produce, as nulls of the right dtype."""
    wanted = {"id": pl.String(), **BASE_COLUMNS, **TYPE_COLUMNS[ctx.dataset_type]}
    missing = [
        pl.lit(None, dtype).alias(n) for n, dtype in wanted.items() if n not in frame.columns
    ]
    frame = frame.with_columns(missing)
    if ctx.dataset_type == "instruction":
        frame = frame.with_columns(pl.col("input").fill_null(""))
    if ctx.dataset_type == "parallel_corpus":
        frame = frame.with_columns(
            pl.col("source_lang").fill_null(pl.lit(ctx.source_lang, pl.String)),
            pl.col("target_lang").fill_null(pl.lit(ctx.target_lang, pl.String)),
        )
    return frame


def _rules(ctx: FileContext) -> list[tuple[pl.Expr, str, str | None, str]]:
    """Record-level checks, in the order their reasons take precedence."""
    rules: list[tuple[pl.Expr, str, str | None, str]] = []
    for name in FIELD_RULES[ctx.dataset_type].required:
        source = ctx.fields.get(name, name)
        detail = f"required field '{name}' (source field '{source}') is missing or null"
        rules.append((pl.col(name).is_null(), "missing_field", name, detail))
    for name in FIELD_RULES[ctx.dataset_type].required:
        if field_kind(name, ctx.dataset_type) == "text":
            empty = pl.col(name).str.strip_chars() == ""
            rules.append((empty, "empty_record", name, f"field '{name}' is empty"))
    limit = ctx.max_record_chars
    for name in TEXT_COLUMNS[ctx.dataset_type]:
        long = pl.col(name).str.len_chars() > limit
        rules.append((long, "too_long", name, f"field '{name}' is longer than {limit} characters"))
    return rules


def _content(dataset_type: DatasetType) -> pl.Expr:
    """The text signals and dedup look at (design.md, record table)."""
    parts = [pl.col(c) for c in TEXT_COLUMNS[dataset_type]]
    if len(parts) == 1:
        return parts[0].alias("content")  # shares the text buffer instead of copying it
    if dataset_type == "instruction":
        parts = [pl.when(p == "").then(None).otherwise(p) for p in parts]
    return pl.concat_str(parts, separator="\n", ignore_nulls=True).alias("content")


def record_ids(frame: pl.DataFrame) -> pl.Series:
    """The mapped id where there is one, else `r` + 16 hex of xxh64(file, line, content)."""
    mapped = frame["id"].replace("", None)
    if mapped.null_count() == 0:
        return mapped.alias("record_id")  # every row has its own id: nothing to hash
    hashed = [
        "r" + xxhash.xxh64_hexdigest(f"{file}\x1f{line}\x1f{content}".encode())
        for file, line, content in zip(
            frame["source_file"], frame["source_line"], frame["content"], strict=True
        )
    ]
    return mapped.fill_null(pl.Series(hashed, dtype=pl.String)).alias("record_id")


def _quarantine_rows(bad: pl.DataFrame) -> pl.DataFrame:
    """Quarantine columns from the failed rows of a reader frame."""
    return bad.select(
        pl.col("source_file"),
        pl.col("source_line").cast(pl.Int64),
        pl.col("_field").alias("field"),
        pl.col("_reason").alias("reason"),
        pl.col("_detail").fill_null("").alias("detail"),
        pl.col("raw").fill_null("").str.slice(0, RAW_LIMIT).alias("raw"),
    ).cast(QUARANTINE_SCHEMA)


def _with_span_problems(frame: pl.DataFrame) -> pl.DataFrame:
    """NER: a record with a span outside its text is quarantined (`bad_span`, `entities`)."""
    problem = span_problems(frame["text"], frame["entities"])
    new = pl.col("_reason").is_null() & problem.is_not_null()
    return frame.with_columns(
        pl.when(new).then(pl.lit("bad_span")).otherwise(pl.col("_reason")).alias("_reason"),
        pl.when(new).then(pl.lit("entities")).otherwise(pl.col("_field")).alias("_field"),
        pl.when(new).then(problem).otherwise(pl.col("_detail")).alias("_detail"),
    )


def finalize_file(frame: pl.DataFrame, ctx: FileContext) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(records, quarantine) of one file; every row of `frame` lands in exactly one."""
    frame = _with_all_columns(frame, ctx).with_columns(
        pl.lit(ctx.source_file, pl.String).alias("source_file")
    )
    frame = frame.with_columns(**first_problem(_rules(ctx), keep_existing=True))
    if ctx.dataset_type == "ner":
        frame = _with_span_problems(frame)
    failed = pl.col("_reason").is_not_null()
    quarantine = _quarantine_rows(frame.filter(failed))
    # `raw` (the line as read) is only for the quarantine: leave it out before copying the rows.
    good = frame.drop("raw", strict=False).filter(~failed)
    good = good.with_columns(_content(ctx.dataset_type))
    good = good.with_columns(record_ids(good))
    schema = pl.Schema({**dict(record_schema(ctx.dataset_type)), "content": pl.String()})
    return good.select(schema.names()).cast(schema), quarantine
