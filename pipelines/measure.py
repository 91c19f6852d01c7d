"""Build the grader's `Measurements` from what the stages produced for one submission.

This is glue, kept in one place so the grader reads nothing but `schemas.measurements`: counts
come from the record and quarantine tables, the rest from the stage summaries (report sections).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import polars as pl

from quality.pii import residual_pii
from schemas.manifest import Manifest
from schemas.measurements import (
    Agreement,
    AuditMeasurements,
    DedupMeasurements,
    ExpectationsMeasurements,
    IngestMeasurements,
    Measurements,
    PriorMatch,
    SampleCount,
    SignalsMeasurements,
    TypesMeasurements,
)

INTERNET = "互联网"
DUPLICATE_REASONS = ("duplicate_exact", "duplicate_near")


def build_measurements(
    *,
    manifest: Manifest,
    quarantined: int,
    records: pl.DataFrame,
    dedup_summary: Mapping[str, Any],
    types_summary: Mapping[str, Any] | None,
    expectations_summary: Mapping[str, Any] | None,
    audit: AuditMeasurements,
    keyword_library_size: int,
    rewarded_submissions: frozenset[str] = frozenset(),
) -> Measurements:
    """Everything the grader reads, from the final record table and the stage summaries."""
    return Measurements(
        manifest=manifest,
        ingest=ingest_measurements(manifest, records, quarantined=quarantined),
        signals=signals_measurements(records, keyword_library_size=keyword_library_size),
        dedup=dedup_measurements(records, dedup_summary, rewarded=rewarded_submissions),
        types=types_measurements(records, types_summary),
        expectations=expectations_measurements(expectations_summary),
        audit=audit,
    )


def _is_url(value: pl.Expr) -> pl.Expr:
    return value.str.contains(r"^https?://\S+$")


def ingest_measurements(
    manifest: Manifest, records: pl.DataFrame, *, quarantined: int
) -> IngestMeasurements:
    """Ingest counts and record-level provenance (manifest sources apply to every record)."""
    kept = records.height
    has_provenance = bool(manifest.sources) and bool(manifest.license.strip())
    internet = [s for s in manifest.sources if s.type == INTERNET]
    manifest_url = any(s.details.startswith(("http://", "https://")) for s in internet)
    details = pl.col("source_details")
    with_url = records.select((_is_url(details).fill_null(False) | manifest_url).sum()).item()
    generated = records["generated"]
    return IngestMeasurements(
        rows_read=kept + quarantined,
        records_kept=kept,
        rows_quarantined=quarantined,
        records_missing_provenance=0 if has_provenance else kept,
        internet_records=kept if internet else 0,
        internet_records_without_url=(kept - int(with_url)) if internet else 0,
        generated_flagged=int(generated.fill_null(False).sum()),
        generated_flag_missing=int(generated.is_null().sum()),
    )


def signals_measurements(
    records: pl.DataFrame, *, keyword_library_size: int
) -> SignalsMeasurements:
    """What the record-level rules kept, residual PII, languages and the safety screen."""
    reason = pl.col("drop_reason")
    passing = records.filter(reason.is_null() | reason.is_in(DUPLICATE_REASONS))
    dropped = records.filter(reason.is_not_null() & ~reason.is_in(DUPLICATE_REASONS))
    drops = dropped.group_by("drop_reason").len().sort("drop_reason")
    kept = records.filter(reason.is_null())
    languages = kept.group_by("lang").len().sort("lang")
    masked = [c.removesuffix("_masked") for c in records.columns if c.endswith("_masked")]
    flagged = int(records["safety_flagged"].sum()) if "safety_flagged" in records.columns else 0
    return SignalsMeasurements(
        records_in=records.height,
        records_passing_filters=passing.height,
        drop_reasons={str(r): int(n) for r, n in drops.iter_rows()},
        residual_pii_records=residual_pii(records, columns=masked) if masked else 0,
        lang_matches_declared=int(records["lang_matches_declared"].fill_null(False).sum()),
        language_counts={str(lang): int(n) for lang, n in languages.iter_rows()},
        safety_screened=records.height if "safety_flagged" in records.columns else 0,
        safety_screen_passed=records.height - flagged,
        keyword_library_size=keyword_library_size,
    )


def survivor_fingerprint(records: pl.DataFrame) -> str:
    """SHA-256 over the sorted hashes of the kept records' normalised content."""
    kept = records.filter(pl.col("drop_reason").is_null())
    hashes = kept.select(pl.col("content_norm").fill_null("").hash(seed=0).sort())["content_norm"]
    digest = hashlib.sha256()
    for value in hashes.to_list():
        digest.update(int(value).to_bytes(8, "big"))
    return digest.hexdigest()


def dedup_measurements(
    records: pl.DataFrame, summary: Mapping[str, Any], *, rewarded: frozenset[str]
) -> DedupMeasurements:
    """Duplicates inside the submission and matches with earlier (rewarded) submissions."""
    reason = pl.col("drop_reason")
    survivors = records.filter(reason.is_null())
    prior = survivors["prior_submission"] if "prior_submission" in records.columns else None
    rewarded_hits = int(prior.is_in(sorted(rewarded)).sum()) if prior is not None else 0
    matches = [
        PriorMatch(
            submission_id=str(row["prior_submission"]),
            shared_records=int(row["matched_records"]),
        )
        for row in summary.get("prior_overlap", [])
    ]
    return DedupMeasurements(
        records_in=records.filter(reason.is_null() | reason.is_in(DUPLICATE_REASONS)).height,
        exact_duplicates=records.filter(reason == "duplicate_exact").height,
        near_duplicates=records.filter(reason == "duplicate_near").height,
        survivors=survivors.height,
        survivors_duplicating_rewarded=rewarded_hits,
        prior_matches=matches,
        content_fingerprint=survivor_fingerprint(records),
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
    summary: Mapping[str, Any] | None,
) -> ExpectationsMeasurements | None:
    """How many Great Expectations ran and how many passed."""
    if not summary:
        return None
    return ExpectationsMeasurements(
        evaluated=int(summary["evaluated"]), successful=int(summary["passed"])
    )


def _sample_count(rate: Mapping[str, Any] | None) -> SampleCount | None:
    if not rate or not rate.get("n"):
        return None
    return SampleCount(sampled=int(rate["n"]), passed=int(rate["passes"]))


def audit_measurements(summary: Mapping[str, Any] | None, *, source: str) -> AuditMeasurements:
    """The audit part from the report's `audit` section (none when there was no audit)."""
    if not summary or source == "none":
        return AuditMeasurements(source="none")
    rates = summary.get("rates", {})
    return AuditMeasurements(
        source=source,  # type: ignore[arg-type]
        correctness=_sample_count(rates.get("correctness")),
        safety=_sample_count(rates.get("safety")),
        alignment=_sample_count(rates.get("alignment")),
        labels=_sample_count(rates.get("label_accuracy")),
        agreement=_agreement(summary.get("agreement", {}), rates),
    )


def _agreement(per_control: Mapping[str, Any], rates: Mapping[str, Any]) -> Agreement | None:
    """The lowest Krippendorff alpha over the controls that feed a pass rate (conservative)."""
    rated = {c for rate in rates.values() for c in rate.get("controls", [])}
    alphas = [
        (float(v["krippendorff_alpha"]), int(v.get("items", 0)))
        for name, v in per_control.items()
        if name in rated and isinstance(v, Mapping) and v.get("krippendorff_alpha") is not None
    ]
    if not alphas:
        return None
    alpha, items = min(alphas)
    return Agreement(items=items, alpha=alpha)
