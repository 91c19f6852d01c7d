"""Brief E's checks each fail on the measurement they guard: library size, independent PII check,
suspected generated records, completeness, model-uplift evidence, openness against the licence."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from graders.collect import complete_records
from graders.generated import generated_suspects
from graders.grade import grade_submission
from graders.model_evidence import check_model_evidence
from graders.rubric import LoadedRubric, load_rubric
from graders.supplement import supplement_measurements
from quality.audit.pii_check import independent_pii_check
from schemas.manifest import ModelApplicationSpec
from tests.graders.conftest import Make


def _gate(grade, gate_id: str):  # type: ignore[no-untyped-def]
    return next(g for g in grade.gates if g.id == gate_id)


def _indicator(grade, indicator_id: str):  # type: ignore[no-untyped-def]
    return next(i for d in grade.dimensions for i in d.indicators if i.id == indicator_id)


def test_small_library_caps_the_tier_and_is_a_finding(make: Make, rubric: LoadedRubric) -> None:
    full = grade_submission(make(), rubric=rubric)
    small = grade_submission(make({"signals.keyword_library_size": 33}), rubric=rubric)
    assert full.tier == "first" and full.tier_cap is None
    assert small.eligible and small.total == full.total
    assert (small.tier, small.tier_cap) == ("second", "second")
    assert _gate(small, "G3").evidence["library_below_standard"] is True
    assert [f.code for f in small.findings] == ["keyword_library_below_standard"]


def test_small_library_fails_g3_when_the_rubric_says_so(make: Make, tmp_path: Path) -> None:
    text = Path("graders/rubrics/default-v1.yaml").read_text(encoding="utf-8")
    strict = tmp_path / "strict.yaml"
    strict.write_text(text.replace("fail_below_library_terms: 0", "fail_below_library_terms: 1"))
    grade = grade_submission(
        make({"signals.keyword_library_size": 9999}), rubric=load_rubric(strict)
    )
    assert not _gate(grade, "G3").passed and not grade.eligible


def test_g4_fails_on_residual_pii_the_independent_check_found(
    make: Make, rubric: LoadedRubric
) -> None:
    check = {"detector": "t", "checked": 400, "found": 3, "residual": 1, "sample_ids": ["r9"]}
    grade = grade_submission(make({"pii_check": check}), rubric=rubric)
    g4 = _gate(grade, "G4")
    assert not g4.passed and g4.evidence["independent_residual_ids"] == "r9"


def test_independent_check_finds_what_the_masker_left() -> None:
    records = pl.DataFrame(
        {
            "record_id": ["a", "b", "c"],
            "content": ["电话 13812345678", "电话 13812345678", "天气晴"],
            "content_masked": ["电话 [PHONE]", "电话 13812345678", "天气晴"],
        }
    )
    pairs = [("content", "content_masked")]
    result = independent_pii_check(records, record_ids=["a", "b", "c"], columns=pairs)
    assert (result.checked, result.found, result.residual_ids) == (3, 2, ("b",))


def test_suspected_generated_records_fail_g8(make: Make, rubric: LoadedRubric) -> None:
    records = pl.DataFrame(
        {
            "record_id": ["a", "b", "c"],
            "generated": [None, True, False],
            "content": ["作为一个人工智能语言模型，我认为", "As an AI language model", "稻飞虱"],
            "content_masked": ["x", "y", "z"],
            "text": ["t", "t", "t"],
            "label": ["l", "l", "l"],
        }
    )
    assert generated_suspects(records) == ["a"]
    built = supplement_measurements(
        make(), records=records, sample=pl.DataFrame({"record_id": ["c"]}), folder=Path(".")
    )
    grade = grade_submission(built, rubric=rubric)
    assert not _gate(grade, "G8").passed


def test_completeness_counts_empty_required_fields(make: Make, rubric: LoadedRubric) -> None:
    records = pl.DataFrame({"text": ["a", "b", "", "d"], "label": ["x", None, "y", "z"]})
    assert complete_records(records, "classification") == 2
    assert complete_records(records.drop("label"), "classification") == 0
    half = grade_submission(make({"ingest.records_complete": 260000}), rubric=rubric)
    completeness = _indicator(half, "Q.completeness")
    assert completeness.value == 0.5 and completeness.score == 0.0


SPEC = ModelApplicationSpec(metric="macro-F1", baseline=70.0, with_dataset=75.0, evidence="e.json")
GOOD = {
    "metric": "macro-F1",
    "model": "xlm-roberta-base",
    "eval_set": "held-out 2,000 items",
    "seed": 7,
    "command": "python eval.py --seed 7",
    "baseline": 70.0,
    "with_dataset": 75.0,
}


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (None, "not found"),
        ({**GOOD, "with_dataset": 79.0}, "with_dataset 79.0 != declared 75.0"),
        ({k: v for k, v in GOOD.items() if k != "command"}, "command"),
        ("not json", "not UTF-8 JSON"),
    ],
)
def test_model_uplift_needs_a_matching_evaluation_file(
    tmp_path: Path, make: Make, rubric: LoadedRubric, body: object, problem: str
) -> None:
    if body is not None:
        text = body if isinstance(body, str) else json.dumps(body)
        (tmp_path / "e.json").write_text(text, encoding="utf-8")
    measured = check_model_evidence(tmp_path, SPEC)
    assert measured is not None and not measured.reproducible
    assert problem in measured.problems[0]
    grade = grade_submission(
        make({"model_application": measured.model_dump(mode="json")}), rubric=rubric
    )
    uplift = _indicator(grade, "M.uplift")
    assert uplift.score == 0.0 and not uplift.measured
    assert "model_evidence_unchecked" in {f.code for f in grade.findings}


def test_model_uplift_scores_with_a_checked_file(
    tmp_path: Path, make: Make, rubric: LoadedRubric
) -> None:
    (tmp_path / "e.json").write_text(json.dumps(GOOD), encoding="utf-8")
    measured = check_model_evidence(tmp_path, SPEC)
    assert measured is not None and measured.reproducible and measured.evidence_sha256
    grade = grade_submission(
        make({"model_application": measured.model_dump(mode="json")}), rubric=rubric
    )
    uplift = _indicator(grade, "M.uplift")
    assert uplift.score == 10.0 and uplift.evidence["evidence_sha256"] == measured.evidence_sha256


@pytest.mark.parametrize(
    ("licence", "key", "points", "finding"),
    [
        ("CC-BY-4.0", "public_commercial", 8.0, False),
        ("CC-BY-NC-4.0", "public", 6.0, False),
        ("proprietary", "on_application", 5.0, True),
    ],
)
def test_public_openness_earns_only_what_the_licence_supports(
    make: Make, rubric: LoadedRubric, licence: str, key: str, points: float, finding: bool
) -> None:
    grade = grade_submission(make({"manifest.license": licence}), rubric=rubric)
    access = _indicator(grade, "O.access")
    assert (access.value, access.score) == (key, points)
    assert ("openness_exceeds_licence" in {f.code for f in grade.findings}) is finding
    assert ("Finding" in access.explanation.en) is finding
