"""Grading counts read straight from the record table, for the parts only the grader defines.

Provenance (G1), generated flags (G8) and the dedup counts behind Scale follow grading rules, so
they are computed here from the `docs/design.md` columns with Polars expressions; the integrator
passes the results into `IngestMeasurements` and `DedupMeasurements`.
"""

from __future__ import annotations

from collections.abc import Collection

import polars as pl
import xxhash

from graders.fingerprint import content_fingerprint
from schemas.manifest import Manifest
from schemas.measurements import DedupMeasurements, PriorMatch
from schemas.records import FIELD_RULES, DatasetType

__all__ = ["complete_records", "dedup_measurements", "provenance_counts"]

INTERNET = "互联网"
REWARDED_COLUMN = "rewarded_submission"
"""Record column: the rewarded submission whose credited record this one matches (else null)."""
URL_PATTERN = r"^https?://\S+$"


def _text_present(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.Utf8).fill_null("").str.strip_chars() != ""


def provenance_counts(records: pl.DataFrame, manifest: Manifest) -> dict[str, int]:
    """G1/G8 counts: records lacking provenance, 互联网 records without a URL, generated flags.

    A record has provenance when the manifest declares a licence and a source and either the
    record or its declared source gives details. Records count as 互联网 only when every declared
    source is 互联网 (a mixed manifest does not say which record came from where); those need a
    URL in `source_details`.

    Example::

        IngestMeasurements(rows_read=..., **provenance_counts(raw_records, manifest))
    """
    sources = manifest.sources
    declared_details = any(source.details.strip() for source in sources)
    has_details = _text_present("source_details") | pl.lit(declared_details)
    has_source = pl.lit(bool(sources) and bool(manifest.license.strip()))
    all_internet = bool(sources) and all(source.type == INTERNET for source in sources)
    has_url = pl.col("source_details").cast(pl.Utf8).fill_null("").str.contains(URL_PATTERN)
    counts = records.select(
        records_missing_provenance=(~(has_source & has_details)).sum(),
        internet_without_url=(pl.lit(all_internet) & ~has_url).sum(),
        generated_flagged=pl.col("generated").fill_null(False).sum(),
        generated_flag_missing=pl.col("generated").is_null().sum(),
    ).row(0, named=True)
    return {
        "records_missing_provenance": int(counts["records_missing_provenance"] or 0),
        "internet_records": records.height if all_internet else 0,
        "internet_records_without_url": int(counts["internet_without_url"] or 0),
        "generated_flagged": int(counts["generated_flagged"] or 0),
        "generated_flag_missing": int(counts["generated_flag_missing"] or 0),
    }


def _non_empty(column: str, dtype: pl.DataType) -> pl.Expr:
    """A field holds something: a non-blank string, a non-null value of any other type."""
    if dtype == pl.Utf8:
        return _text_present(column)
    return pl.col(column).is_not_null()


def complete_records(records: pl.DataFrame, dataset_type: DatasetType) -> int:
    """Records with every required field of the type non-empty (Q.completeness, 0204).

    A required field missing from the table counts every record incomplete.

    >>> complete_records(pl.DataFrame({"text": ["a", " "], "label": ["x", "y"]}), "classification")
    1
    """
    required = FIELD_RULES[dataset_type].required
    if any(name not in records.columns for name in required):
        return 0
    checks = [_non_empty(name, records.schema[name]) for name in required]
    return int(records.select(pl.all_horizontal(checks).sum()).item() or 0)


def _survivor_hashes(survivors: pl.DataFrame, column: str) -> list[str]:
    """Stable xxh3-128 digests of the survivors' normalised content (Polars' hash is not stable)."""
    values = survivors.get_column(column).cast(pl.Utf8).fill_null("").to_list()
    return [xxhash.xxh3_128_hexdigest(value.encode("utf-8")) for value in values]


def _prior_matches(survivors: pl.DataFrame, column: str = "prior_submission") -> list[PriorMatch]:
    """Survivors per matched submission id in `column` (empty when the column is absent)."""
    if column not in survivors.columns:
        return []
    shared = survivors.filter(pl.col(column).is_not_null()).group_by(column).len().sort(column)
    return [
        PriorMatch(submission_id=row[column], shared_records=row["len"])
        for row in shared.iter_rows(named=True)
    ]


def dedup_measurements(
    records: pl.DataFrame,
    *,
    rewarded_submissions: Collection[str],
    content_column: str = "content_norm",
) -> DedupMeasurements:
    """Dedup counts for grading from the deduplicated record table.

    `records` carries `drop_reason` (and `prior_submission` when the registry
    was consulted); `rewarded_submissions` is `Ledger.rewarded_submissions()`.
    """
    reason = pl.col("drop_reason")
    dedup_in = records.filter(reason.is_null() | reason.str.starts_with("duplicate_"))
    survivors = records.filter(reason.is_null())
    removed = dedup_in.filter(reason.is_not_null())
    rewarded = sorted(rewarded_submissions)
    if REWARDED_COLUMN in survivors.columns:
        repeating = survivors.filter(pl.col(REWARDED_COLUMN).is_not_null()).height
    elif "prior_submission" in survivors.columns:
        repeating = survivors.filter(pl.col("prior_submission").is_in(rewarded)).height
    else:
        repeating = 0
    exact = int((removed.get_column("drop_reason") == "duplicate_exact").sum())
    return DedupMeasurements(
        records_in=dedup_in.height,
        exact_duplicates=exact,
        near_duplicates=removed.height - exact,
        survivors=survivors.height,
        survivors_duplicating_rewarded=repeating,
        prior_matches=_prior_matches(survivors),
        rewarded_matches=_prior_matches(survivors, column=REWARDED_COLUMN),
        content_fingerprint=content_fingerprint(_survivor_hashes(survivors, content_column)),
    )
