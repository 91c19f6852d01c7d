"""Provenance, generated-flag and dedup counts read from the record table."""

from __future__ import annotations

import polars as pl

from graders.collect import dedup_measurements, provenance_counts
from schemas.manifest import Manifest
from tests.graders.conftest import base_measurements


def _manifest(sources: list[dict[str, str]]) -> Manifest:
    data = base_measurements()["manifest"]
    data["sources"] = sources
    return Manifest.model_validate(data)


RECORDS = pl.DataFrame(
    {
        "record_id": ["a", "b", "c", "d"],
        "source_details": ["https://x.vn/1", None, "  ", "notes"],
        "generated": [True, None, False, None],
    },
    schema_overrides={"generated": pl.Boolean},
)


def test_internet_records_need_urls() -> None:
    counts = provenance_counts(RECORDS, _manifest([{"type": "互联网", "details": ""}]))
    assert counts["records_missing_provenance"] == 2
    assert (counts["internet_records"], counts["internet_records_without_url"]) == (4, 3)
    assert (counts["generated_flagged"], counts["generated_flag_missing"]) == (1, 2)


def test_declared_source_details_cover_records() -> None:
    counts = provenance_counts(RECORDS, _manifest([{"type": "自采", "details": "field notes"}]))
    assert counts["records_missing_provenance"] == 0
    assert counts["internet_records"] == 0


def test_no_declared_source_means_no_provenance() -> None:
    assert provenance_counts(RECORDS, _manifest([]))["records_missing_provenance"] == 4


def _deduped(order: list[int]) -> pl.DataFrame:
    table = pl.DataFrame(
        {
            "content_norm": ["one", "two", "two", "three", "noise", "four"],
            "drop_reason": [None, None, "duplicate_exact", None, "too_short", "duplicate_near"],
            "prior_submission": ["old-1", "old-2", None, None, None, None],
        }
    )
    return table[order]


def test_dedup_counts_and_fingerprint_ignore_order() -> None:
    result = dedup_measurements(_deduped([0, 1, 2, 3, 4, 5]), rewarded_submissions={"old-1"})
    assert (result.records_in, result.survivors) == (5, 3)
    assert (result.exact_duplicates, result.near_duplicates) == (1, 1)
    assert result.survivors_duplicating_rewarded == 1
    assert [(m.submission_id, m.shared_records) for m in result.prior_matches] == [
        ("old-1", 1),
        ("old-2", 1),
    ]
    shuffled = dedup_measurements(_deduped([5, 3, 1, 0, 4, 2]), rewarded_submissions=set())
    assert shuffled.content_fingerprint == result.content_fingerprint
    changed = _deduped([0, 1, 2, 3, 4, 5]).with_columns(
        pl.col("content_norm").str.replace("three", "3")
    )
    assert dedup_measurements(changed, rewarded_submissions=set()).content_fingerprint != (
        result.content_fingerprint
    )
