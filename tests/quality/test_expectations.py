"""Great Expectations suites: gates, rates, record ids of failures and the report section."""

from __future__ import annotations

import json

import polars as pl
import pytest

from quality.expectations import run_suite, summarize_expectations


def _typed_instruction(rows: int, *, empty: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "record_id": [f"r{i}" for i in range(rows)],
            "instruction": ["Say hi"] * rows,
            "output": ["Hi!"] * rows,
            "t_output_empty": [i < empty for i in range(rows)],
            "t_refusal": [False] * rows,
            "t_issue": ["instruction_output_empty" if i < empty else None for i in range(rows)],
        }
    )


def test_rate_over_threshold_fails_and_names_record_ids() -> None:
    outcomes = run_suite(_typed_instruction(20, empty=7), dataset_type="instruction")
    by_name = {o.name: o for o in outcomes}
    empty = by_name["t_output_empty_rate"]
    assert not empty.success and not empty.gate
    assert empty.unexpected_count == 7
    assert empty.unexpected_record_ids == ("r0", "r1", "r2", "r3", "r4")
    assert by_name["t_refusal_rate"].success
    assert by_name["record_id_unique"].success and by_name["record_id_unique"].gate


def test_thresholds_can_be_loosened() -> None:
    outcomes = run_suite(
        _typed_instruction(20, empty=1),
        dataset_type="instruction",
        thresholds={"t_output_empty": 0.1},
    )
    assert all(o.success for o in outcomes)


def test_missing_column_and_duplicate_ids_fail_gates() -> None:
    df = pl.DataFrame(
        {"record_id": ["a", "a"], "source": ["x", "y"], "t_side_missing": [False, True]}
    )
    summary = summarize_expectations(run_suite(df, dataset_type="parallel_corpus"))
    assert not summary["gates_passed"]
    assert summary["failed_gates"] == ["columns_present", "record_id_unique", "t_side_missing_none"]
    assert json.loads(json.dumps(summary)) == summary


def test_unknown_dataset_type_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown dataset_type"):
        run_suite(pl.DataFrame({"record_id": ["a"]}), dataset_type="audio")
