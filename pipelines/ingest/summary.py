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


def _length_stats(records: pl.DataFrame) -> dict[str, dict[str, Any]]:
    """min/median/mean/p95/max characters of each text column present."""
    stats: dict[str, dict[str, Any]] = {}
    for name in (c for c in _TEXT_CANDIDATES if c in records.columns):
        lengths = records[name].str.len_chars().cast(pl.Int64)
        row = {
            "min": lengths.min(),
            "median": lengths.median(),
            "mean": lengths.mean(),
            "p95": lengths.quantile(0.95, interpolation="nearest"),
            "max": lengths.max(),
        }
        stats[name] = {key: _round(value) for key, value in sorted(row.items())}
    return stats


def summarize_ingest(result: IngestResult) -> dict[str, Any]:
    """A JSON-able summary (sorted keys) of one ingest, for report.json's `ingest` section."""
    reasons = result.quarantine["reason"].value_counts(sort=False)
    records = result.records
    return {
        "files": [dict(sorted(asdict(stats).items())) for stats in result.files],
        "totals": {
            "files": len(result.files),
            "kept": records.height,
            "quarantined": result.quarantine.height,
            "read": sum(stats.read for stats in result.files),
        },
        "quarantine_reasons": dict(sorted(zip(reasons["reason"], reasons["count"], strict=True))),
        "fields": {
            name: records.height - records[name].null_count() for name in sorted(records.columns)
        },
        "text_lengths": _length_stats(records),
    }
