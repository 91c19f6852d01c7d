"""Assemble the grader's `Measurements` from what the stages produced for one submission.

The grading counts themselves (provenance, dedup, audit) are the grader's rules and live in
`graders.collect` and `graders.collect_audit`; this module only gathers the inputs: the final
record table, the quarantine count and the stage values (`schemas.assets`: the filters and
expectations sections, the residual PII count), none of which it recomputes.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import polars as pl

from graders.collect import dedup_measurements, provenance_counts
from graders.collect_audit import audit_measurements
from schemas.assets import ExpectationsSummary, FiltersSummary, ResidualPii
from schemas.manifest import Manifest
from schemas.measurements import (
    ExpectationsMeasurements,
    IngestMeasurements,
    Measurements,
    SignalsMeasurements,
    TypesMeasurements,
)

DUPLICATE_REASONS = ("duplicate_exact", "duplicate_near")


def build_measurements(
    *,
    manifest: Manifest,
    quarantined: int,
    records: pl.DataFrame,
    filters: FiltersSummary,
    types_summary: Mapping[str, Any] | None,
    expectations: ExpectationsSummary | None,
    residual_pii: ResidualPii,
    audit_summary: Mapping[str, Any] | None,
    keyword_library_size: int,
    rewarded_submissions: Collection[str] = (),
) -> Measurements:
    """Everything the grader reads, from the final record table and the stage values.

    Drop counts come from `filters` (the report's `filters` section) and residual PII from
    the `residual_pii` asset's count, never recounted.
    """
    kept = records.height
    return Measurements(
        manifest=manifest,
        ingest=IngestMeasurements(
            rows_read=kept + quarantined,
            records_kept=kept,
            rows_quarantined=quarantined,
            **provenance_counts(records, manifest),
        ),
        signals=signals_measurements(
            records,
            filters,
            residual_pii=residual_pii,
            keyword_library_size=keyword_library_size,
        ),
        dedup=dedup_measurements(records, rewarded_submissions=rewarded_submissions),
        types=types_measurements(records, types_summary),
        expectations=expectations_measurements(expectations),
        audit=audit_measurements(audit_summary or None),
    )


def language_counts(kept: pl.DataFrame) -> dict[str, int]:
    """Kept records per detected language; both sides of a pair count (zh-vi: one zh, one vi)."""
    langs = pl.concat([kept["src_lang"], kept["tgt_lang"]]) if "src_lang" in kept.columns else None
    column = langs if langs is not None else kept["lang"]
    counts = column.alias("lang").to_frame().group_by("lang").len().sort("lang")
    return {str(lang): int(n) for lang, n in counts.iter_rows()}


def declared_matches(records: pl.DataFrame) -> int:
    """Records in a declared language; a pair matches when both its sides do."""
    if "src_lang" in records.columns:
        both = pl.col("src_lang_matches_declared") & pl.col("tgt_lang_matches_declared")
        return int(records.select(both.fill_null(False).sum()).item())
    return int(records["lang_matches_declared"].fill_null(False).sum())


def rule_drops(dropped_by_reason: Mapping[str, int]) -> dict[str, int]:
    """Records dropped per record-level rule (every reason but dedup's), by reason."""
    return {
        str(r): int(n) for r, n in sorted(dropped_by_reason.items()) if r not in DUPLICATE_REASONS
    }


def signals_measurements(
    records: pl.DataFrame,
    filters: FiltersSummary,
    *,
    residual_pii: ResidualPii,
    keyword_library_size: int,
) -> SignalsMeasurements:
    """What the record-level rules kept, residual PII, languages and the safety screen."""
    reason = pl.col("drop_reason")
    drops = rule_drops(filters.dropped_by_reason)
    languages = language_counts(records.filter(reason.is_null()))
    screened = "safety_flagged" in records.columns
    flagged = int(records["safety_flagged"].sum()) if screened else 0
    return SignalsMeasurements(
        records_in=records.height,
        records_passing_filters=records.height - sum(drops.values()),
        drop_reasons=drops,
        residual_pii_records=residual_pii.residual_records,
        lang_matches_declared=declared_matches(records),
        language_counts=languages,
        safety_screened=records.height if screened else 0,
        safety_screen_passed=records.height - flagged,
        keyword_library_size=keyword_library_size,
    )


def types_measurements(
    records: pl.DataFrame, summary: Mapping[str, Any] | None
) -> TypesMeasurements | None:
    """Type consistency: records checked, records without a type issue, issues by code."""
    if "t_issue" not in records.columns or summary is None:
        return None
    issues = records.filter(pl.col("t_issue").is_not_null()).group_by("t_issue").len()
    return TypesMeasurements(
        checked=records.height,
        consistent=records.filter(pl.col("t_issue").is_null()).height,
        issues={str(code): int(n) for code, n in issues.sort("t_issue").iter_rows()},
    )


def expectations_measurements(
    summary: ExpectationsSummary | None,
) -> ExpectationsMeasurements | None:
    """How many Great Expectations ran and how many passed."""
    if summary is None:
        return None
    return ExpectationsMeasurements(evaluated=summary.evaluated, successful=summary.passed)
