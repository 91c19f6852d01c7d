"""Scores: tier boundaries, scale credit, unlabelled redistribution, cost cap, evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graders.grade import grade_submission
from graders.rubric import LoadedRubric
from graders.scoring import scale_points, select_tier
from schemas.grade import Bilingual, DimensionResult, Grade, IndicatorResult
from tests.graders.conftest import Make

TEXT_FILES = [{"path": "data.txt", "format": "text"}]


def _dims(total: float, quality: float, scale: float = 15.0) -> list[DimensionResult]:
    name = Bilingual(zh="x", en="x")
    return [
        DimensionResult(id="quality", name=name, standard="", score=quality, max=40, indicators=[]),
        DimensionResult(id="scale", name=name, standard="", score=scale, max=15, indicators=[]),
        DimensionResult(
            id="rest", name=name, standard="", score=total - quality - scale, max=45, indicators=[]
        ),
    ]


@pytest.mark.parametrize(
    ("scale", "tier"),
    [
        (10.0, "first"),
        (9.999999, "second"),
        (6.0, "second"),
        (5.999999, "third"),
        (3.0, "third"),
        (2.999999, "shortlisted"),
        (0.0, "shortlisted"),
    ],
)
def test_tier_scale_floors(scale: float, tier: str, rubric: LoadedRubric) -> None:
    """A corpus too small for its type and language group cannot reach a high tier."""
    chosen = select_tier(
        rubric.rubric.tiers, total=95.0, dimensions=_dims(95.0, 40.0, scale), eligible=True
    )
    assert chosen is not None and chosen.id == tier


@pytest.mark.parametrize(
    ("total", "quality", "tier"),
    [
        (85.0, 34.0, "first"),
        (84.999999, 40.0, "second"),
        (85.0, 33.999999, "second"),
        (75.0, 30.0, "second"),
        (74.999999, 40.0, "third"),
        (75.0, 29.999999, "third"),
        (65.0, 26.0, "third"),
        (64.999999, 40.0, "shortlisted"),
        (65.0, 25.999999, "shortlisted"),
        (55.0, 0.0, "shortlisted"),
        (54.999999, 40.0, None),
    ],
)
def test_tier_thresholds(
    total: float, quality: float, tier: str | None, rubric: LoadedRubric
) -> None:
    chosen = select_tier(
        rubric.rubric.tiers, total=total, dimensions=_dims(total, quality), eligible=True
    )
    assert (chosen.id if chosen else None) == tier


@pytest.mark.parametrize(
    ("uplift", "tier", "award"), [(2.0, "first", 1e6), (1.9999, "second", 6e5)]
)
def test_tier_boundary_end_to_end(
    uplift: float, tier: str, award: float, make: Make, rubric: LoadedRubric
) -> None:
    """81 points without model application; a declared uplift of 2.0 adds exactly 4 -> 85."""
    grade = grade_submission(
        make({"manifest.openness": "internal", "model_application.with_dataset": 70.0 + uplift}),
        rubric=rubric,
    )
    assert grade.tier == tier and grade.award_yuan == award
    model = next(d for d in grade.dimensions if d.id == "model_application").indicators[0]
    assert model.declared and "reviewer to confirm" in model.explanation.en


def test_scale_is_log_scaled_and_lower_for_low_resource() -> None:
    assert scale_points(1000, minimum=1000, full_marks=500000, maximum=15) == 0.0
    assert scale_points(10**6, minimum=1000, full_marks=500000, maximum=15) == 15.0
    mid = scale_points(22361, minimum=1000, full_marks=500000, maximum=15)
    assert mid == pytest.approx(7.5, abs=0.01)


def test_low_resource_language_uses_lower_band(make: Make, rubric: LoadedRubric) -> None:
    changes = {"dedup.survivors": 5000, "manifest.languages": ["vi"]}
    vi = grade_submission(make(changes), rubric=rubric)
    lo_changes = {**changes, "manifest.languages": ["lo"], "signals.language_counts": {"lo": 1}}
    lo = grade_submission(make(lo_changes), rubric=rubric)
    vi_scale = next(d for d in vi.dimensions if d.id == "scale")
    lo_scale = next(d for d in lo.dimensions if d.id == "scale")
    assert lo_scale.indicators[0].evidence["minimum"] == 200
    assert vi_scale.indicators[0].evidence["minimum"] == 1000
    assert lo_scale.score > vi_scale.score > 0


def test_scale_excludes_records_repeating_rewarded_data(
    make: Make, rubric: LoadedRubric, tmp_path: Path
) -> None:
    from pipelines.ledger import Ledger

    ledger = Ledger(tmp_path / "registry.duckdb")
    other = {"manifest.id": "sub-x", "manifest.owner_id": {"country": "SG", "number": "00192200M"}}
    ledger.record(grade_submission(make(other), rubric=rubric, ledger=[]), recorded_at="T0")
    matches = [{"submission_id": "sub-x", "shared_records": 519000}]
    grade = grade_submission(
        make({"dedup.rewarded_matches": matches}), rubric=rubric, ledger=ledger.entries()
    )
    scale = next(d for d in grade.dimensions if d.id == "scale")
    assert scale.indicators[0].numerator == 1000.0
    assert scale.score == 0.0


def test_labelled_and_unlabelled_both_graded(make: Make, rubric: LoadedRubric) -> None:
    labelled = grade_submission(make(), rubric=rubric)
    unlabelled = grade_submission(
        make(
            {
                "manifest.dataset_type": "text_corpus",
                "manifest.files": TEXT_FILES,
                "audit.labels": None,
                "audit.agreement": None,
            }
        ),
        rubric=rubric,
    )
    quality = {
        g.labelled: next(d for d in g.dimensions if d.id == "quality")
        for g in (labelled, unlabelled)
    }
    assert labelled.labelled and not unlabelled.labelled
    assert quality[True].max == quality[False].max == 40
    assert quality[False].score == 40.0
    by_id = {i.id: i for i in quality[False].indicators}
    assert not by_id["Q.label_accuracy"].applicable and by_id["Q.label_accuracy"].max == 0
    assert (by_id["Q.correctness"].max, by_id["Q.type_consistency"].max) == (11.0, 7.0)
    assert sum(i.max for i in quality[False].indicators) == 40


def test_unlabelled_redistribution_weights_audit_errors_more(
    make: Make, rubric: LoadedRubric
) -> None:
    """With redistribution, a weak audit costs an unlabelled set more points than a labelled one."""
    weak = {"audit.correctness": {"sampled": 400, "passed": 360}}
    labelled = grade_submission(make(weak), rubric=rubric)
    unlabelled = grade_submission(
        make({**weak, "manifest.dataset_type": "text_corpus", "manifest.files": TEXT_FILES}),
        rubric=rubric,
    )
    lab, unlab = (_indicator(g, "Q.correctness") for g in (labelled, unlabelled))
    assert lab.scored_value == unlab.scored_value
    assert lab.scored_value is not None and lab.scored_value < 0.97
    assert unlab.max - unlab.score > lab.max - lab.score


def _indicator(grade: Grade, indicator_id: str) -> IndicatorResult:
    return next(i for d in grade.dimensions for i in d.indicators if i.id == indicator_id)


def test_cost_cap_limits_award(make: Make, rubric: LoadedRubric) -> None:
    grade = grade_submission(make({"manifest.construction_cost_yuan": 1_000_000}), rubric=rubric)
    assert grade.tier == "first"
    assert grade.award.cost_cap_yuan == 300000.0
    assert grade.award_yuan == 300000.0


def test_indicator_carries_evidence(make: Make, rubric: LoadedRubric) -> None:
    grade = grade_submission(
        make({"audit.correctness": {"sampled": 400, "passed": 388, "sample_ids": ["b", "a"]}}),
        rubric=rubric,
    )
    data = grade.model_dump(mode="json")
    quality = next(d for d in data["dimensions"] if d["id"] == "quality")
    item = next(i for i in quality["indicators"] if i["id"] == "Q.correctness")
    assert (item["numerator"], item["denominator"], item["sample_ids"]) == (388, 400, ["a", "b"])
    assert item["interval"][0] < item["scored_value"] < item["value"] < item["interval"][1]
    assert item["scored_value"] >= 0.95
    assert item["standard"].startswith("TC609-5-2025-04 0206")
    assert item["rule_id"] == "Q.correctness:audit_correctness"
    assert item["fix"]["zh"] and item["explanation"]["en"].startswith("Correctness")
    for key in ("eligible", "gates", "dimensions", "total", "tier", "award_yuan", "ledger"):
        assert key in data
    assert set(data["gates"][0]) >= {"id", "passed", "evidence"}


def test_grade_is_byte_for_byte_deterministic(make: Make, rubric: LoadedRubric) -> None:
    first = json.dumps(
        grade_submission(make(), rubric=rubric).model_dump(mode="json"), sort_keys=True
    )
    second = json.dumps(
        grade_submission(make(), rubric=rubric).model_dump(mode="json"), sort_keys=True
    )
    assert first == second


def test_a_declared_language_below_the_measured_share_earns_nothing(
    make: Make, rubric: LoadedRubric
) -> None:
    """Declaring `lo` for an Indonesian corpus with 1% Lao adds no points and no low band."""
    counts = {"id": 514800, "lo": 5200}
    honest = make({"manifest.languages": ["id"], "signals.language_counts": counts})
    padded = make({"manifest.languages": ["id", "lo"], "signals.language_counts": counts})
    graded = {
        name: grade_submission(m, rubric=rubric) for name, m in (("h", honest), ("p", padded))
    }
    assert graded["p"].total <= graded["h"].total
    scale = next(d for d in graded["p"].dimensions if d.id == "scale").indicators[0]
    assert scale.evidence["low_resource"] is False
    assert scale.evidence["languages_unsupported"] == "lo"
    assert scale.evidence["language_share_lo"] == 0.01
    real = make({"manifest.languages": ["id", "lo"], "signals.language_counts": {"id": 1, "lo": 1}})
    real_scale = next(
        d for d in grade_submission(real, rubric=rubric).dimensions if d.id == "scale"
    )
    assert real_scale.indicators[0].evidence["low_resource"] is True
