"""Assembling report.json: schema validation, masked examples, distributions, determinism."""

from __future__ import annotations

import copy
from typing import Any

import polars as pl
import pydantic
import pytest
from sample_report import HOSTILE, quarantine, records, sample_report, sections

from graders.report.assemble import assemble_report, example_records, length_distribution
from graders.report.canonical import canonical_bytes
from schemas.report import SECTIONS, Report


def test_report_has_every_section_and_the_grader_key_names(report: dict[str, Any]) -> None:
    assert set(SECTIONS) <= set(report)
    for key in ("eligible", "gates", "dimensions", "total", "tier", "award_yuan", "ledger"):
        assert key in report["grade"]


def test_two_assemblies_give_identical_bytes() -> None:
    assert canonical_bytes(sample_report()) == canonical_bytes(sample_report())


def test_unknown_section_keys_and_bad_grades_are_refused() -> None:
    extra = sections() | {"generated_at": "2026-01-01T00:00:00"}
    with pytest.raises(pydantic.ValidationError):
        assemble_report(sections=extra)
    broken = copy.deepcopy(sections())
    del broken["grade"]["award_yuan"]
    with pytest.raises(pydantic.ValidationError):
        assemble_report(sections=broken)


def test_examples_are_grouped_per_reason_and_masked() -> None:
    examples = example_records(records(), quarantine(), record_id_key=b"test-key")
    assert list(examples) == sorted(examples)
    assert set(examples) == {
        "duplicate_exact",
        "lang_mismatch",
        "quarantine:malformed_json",
        "too_long",
    }
    assert examples["lang_mismatch"][0]["text"] == HOSTILE
    long_text = examples["too_long"][0]["text"]  # no evidence located: head and tail kept
    assert " … " in long_text and len(long_text) == 280 + len(" … ")
    quarantined = examples["quarantine:malformed_json"][0]
    assert "owner@example.com" not in quarantined["text"] + quarantined["detail"]


def test_length_distribution_counts_kept_and_dropped_per_bin() -> None:
    dist = length_distribution(records())
    bins = dist["length_bins"]
    assert sum(b["kept"] for b in bins) == 3
    assert sum(b["dropped"] for b in bins) == 3
    assert bins[-1]["to"] is None
    assert dist["kept_languages"] == {"vi": 3}


def test_json_schema_is_exported() -> None:
    schema = Report.model_json_schema()
    assert {"grade", "provenance", "examples"} <= set(schema["properties"])


def test_record_ids_holding_pii_leave_only_as_surrogates() -> None:
    frame = records().with_columns(
        record_id=pl.Series(["r1", "r2", "13800138000", "owner@example.com", "r5", "r6"])
    )
    examples = example_records(frame, quarantine(), record_id_key=b"test-key")
    shown = [e["record_id"] for group in examples.values() for e in group]
    assert not any("13800138000" in r or "owner@example.com" in r for r in shown), shown
    assert examples["too_long"][0]["record_id"].startswith("[PHONE]~")
    assert examples["lang_mismatch"][0]["record_id"].startswith("[EMAIL]~")
    assert examples["duplicate_exact"][0]["record_id"] == "r6"
