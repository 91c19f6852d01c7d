"""The `ingest` section of report.json: counts per file, per reason, per field, text lengths."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import polars as pl

from pipelines.ingest.ingest import IngestResult
from schemas.records import TEXT_COLUMNS

__all__ = ["summarize_ingest"]

_TEXT_CANDIDATES = sorted({c for cols in TEXT_COLUMNS.values() for c in cols})


def _round(value: Any) -> Any:
    """Floats rounded to 6 places (design.md, report sections); None stays None."""
    return round(float(value), 6) if isinstance(value, float) else value


def _length_stats(records: pl.LazyFrame, columns: list[str]) -> dict[str, dict[str, Any]]:
    """min/median/mean/p95/max characters of each text column present (one column read at a
    time: the record table may be a scan of a file larger than memory)."""
    stats: dict[str, dict[str, Any]] = {}
    for name in (c for c in _TEXT_CANDIDATES if c in columns):
        lengths = records.select(pl.col(name).str.len_chars().cast(pl.Int64)).collect()[name]
        row = {
            "min": lengths.min(),
            "median": lengths.median(),
            "mean": lengths.mean(),
            "p95": lengths.quantile(0.95, interpolation="nearest"),
            "max": lengths.max(),
        }
        stats[name] = {key: _round(value) for key, value in sorted(row.items())}
    return stats


def summarize_ingest(result: IngestResult, records: pl.LazyFrame | None = None) -> dict[str, Any]:
    """A JSON-able summary (sorted keys) of one ingest, for report.json's `ingest` section.

    `records` (a scan) stands for `result.records` when ingest streamed them to a file.
    """
    reasons = result.quarantine["reason"].value_counts(sort=False)
    table = result.records.lazy() if records is None else records
    columns = table.collect_schema().names()
    height: int = table.select(pl.len()).collect().item()
    nulls = table.select(pl.all().null_count()).collect().row(0, named=True)
    return {
        "files": [dict(sorted(asdict(stats).items())) for stats in result.files],
        "totals": {
            "files": len(result.files),
            "kept": height,
            "quarantined": result.quarantine.height,
            "read": sum(stats.read for stats in result.files),
        },
        "quarantine_reasons": dict(sorted(zip(reasons["reason"], reasons["count"], strict=True))),
        "fields": {name: height - nulls[name] for name in sorted(columns)},
        "text_lengths": _length_stats(table, columns),
    }
