"""Every indicator carries complete evidence; the evidence model rejects what is incomplete."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from graders.grade import grade_submission
from graders.rubric import LoadedRubric
from schemas.evidence import IndicatorEvidence, check_report_evidence, evidence_json_schema
from tests.graders.conftest import Make


def _report(make: Make, rubric: LoadedRubric, changes: dict[str, Any] | None = None) -> dict:
    grade = grade_submission(make(changes or {}), rubric=rubric)
    return {"grade": grade.model_dump(mode="json")}


def _indicators(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["id"]: i for d in report["grade"]["dimensions"] for i in d["indicators"]}


def test_every_indicator_of_a_grade_has_complete_evidence(make: Make, rubric: LoadedRubric) -> None:
    report = _report(make, rubric)
    checked = check_report_evidence(report)
    assert len(checked) == 23
    by_id = _indicators(report)
    assert by_id["Q.parse"]["basis"] == "census" and by_id["Q.parse"]["interval"] is None
    assert by_id["Q.correctness"]["basis"] == "sample" and by_id["Q.correctness"]["interval"]
    assert by_id["O.access"]["basis"] == "declared"
    assert by_id["O.access"]["numerator"] == 8.0 and by_id["O.access"]["denominator"] == 8.0


def test_unmeasured_indicators_say_so_and_pass_the_schema(make: Make, rubric: LoadedRubric) -> None:
    report = _report(make, rubric, {"types": None, "model_application": None})
    check_report_evidence(report)
    by_id = _indicators(report)
    assert by_id["Q.type_consistency"]["measured"] is False
    assert by_id["M.uplift"]["measured"] is False


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("numerator", None, "without numerator"),
        ("interval", [0.1, 0.2], "census figure carries an interval"),
        ("sample_ids", [f"r{i}" for i in range(21)], "at most 20"),
        ("rule_id", "", "rule_id"),
        ("standard", "", "standard"),
    ],
)
def test_the_evidence_model_rejects_incomplete_evidence(
    make: Make, rubric: LoadedRubric, field: str, value: Any, message: str
) -> None:
    parse = _indicators(_report(make, rubric))["Q.parse"]
    with pytest.raises(ValidationError, match=message):
        IndicatorEvidence.model_validate({**parse, field: value})


def test_a_sample_figure_needs_ids_and_an_interval(make: Make, rubric: LoadedRubric) -> None:
    correctness = _indicators(_report(make, rubric))["Q.correctness"]
    with pytest.raises(ValidationError, match="without sample ids"):
        IndicatorEvidence.model_validate({**correctness, "sample_ids": []})
    with pytest.raises(ValidationError, match="without its Wilson interval"):
        IndicatorEvidence.model_validate({**correctness, "interval": None})


def test_the_json_schema_names_the_evidence_fields() -> None:
    schema = evidence_json_schema()
    assert {"numerator", "denominator", "basis", "interval", "sample_ids", "rule_id"} <= set(
        schema["properties"]
    )
    assert schema["properties"]["sample_ids"]["maxItems"] == 20
