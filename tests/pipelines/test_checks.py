"""The expectation checks read the suite's stored result; the measurements reuse the sections."""

from __future__ import annotations

import polars as pl

from pipelines.defs.checks import check_result
from pipelines.measure import rule_drops
from quality.expectations import run_suite, summarize_expectations
from schemas.assets import ExpectationsSummary


def _summary(labels: list[str | None]) -> ExpectationsSummary:
    """The stored `expectations` value of a classification table with these labels."""
    records = pl.DataFrame(
        {
            "record_id": [f"r{i}" for i in range(len(labels))],
            "text": ["a text"] * len(labels),
            "label": labels,
            "t_label_missing": [label is None for label in labels],
        }
    )
    outcomes = run_suite(records, dataset_type="classification")
    return ExpectationsSummary.model_validate(summarize_expectations(outcomes))


def test_the_gate_check_fails_on_a_broken_record_and_the_rate_check_does_not() -> None:
    summary = _summary(["pos", None, "neg"])
    gates = check_result(summary, gate=True)
    assert not gates.passed
    assert "label_not_null" in str(gates.metadata["failed"].value)
    assert check_result(summary, gate=False).passed


def test_the_gate_check_passes_on_clean_records() -> None:
    summary = _summary(["pos", "neg", "neg"])
    assert check_result(summary, gate=True).passed
    assert check_result(summary, gate=True).metadata["failed"].value == "none"


def test_rule_drops_leave_dedup_out_of_the_filters_section() -> None:
    dropped = {"duplicate_near": 4, "gopher_min_units": 2, "safety_keyword": 1}
    assert rule_drops(dropped) == {"gopher_min_units": 2, "safety_keyword": 1}
