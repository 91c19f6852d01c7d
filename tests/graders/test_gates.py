"""Each gate fails alone on the one measurement it guards; a failed gate means award 0."""

from __future__ import annotations

from typing import Any

import pytest

from graders.grade import grade_submission
from graders.rubric import LoadedRubric
from tests.graders.conftest import DOCS, Make

FAILING: dict[str, dict[str, Any]] = {
    "G1": {"ingest.records_missing_provenance": 1},
    "G2": {"audit.sources": [{"source": "自采", "sampled": 400, "harmful": 21}]},
    "G3": {"audit.safety": {"sampled": 4000, "passed": 3839}},
    "G4": {"audit.pii_in_sample": 1},
    "G5": {"ingest.rows_read": 526000, "ingest.rows_quarantined": 6000},
    "G6": {"manifest.documentation": {**DOCS, "0104": {"intended_use": "x", "access": "x"}}},
    "G7": {"audit.labels": {"sampled": 399, "passed": 399}},
    "G8": {"ingest.generated_unflagged_suspected": 1},
}


def test_base_submission_passes_every_gate(make: Make, rubric: LoadedRubric) -> None:
    grade = grade_submission(make(), rubric=rubric)
    assert grade.eligible
    assert [g.id for g in grade.gates] == [f"G{i}" for i in range(1, 9)]
    assert all(g.passed and g.fix is None for g in grade.gates)


@pytest.mark.parametrize("gate_id", sorted(FAILING))
def test_each_gate_failing_alone(gate_id: str, make: Make, rubric: LoadedRubric) -> None:
    grade = grade_submission(make(FAILING[gate_id]), rubric=rubric)
    failed = [g for g in grade.gates if not g.passed]
    assert [g.id for g in failed] == [gate_id]
    assert not grade.eligible
    assert (grade.tier, grade.award_yuan) == (None, 0.0)
    assert grade.ledger.decision == "ineligible"
    assert failed[0].fix is not None and failed[0].fix.en
    assert failed[0].fix in grade.what_to_fix
    assert gate_id in grade.summary.en and "Not eligible" in grade.summary.en


def test_gate_thresholds_are_inclusive(make: Make, rubric: LoadedRubric) -> None:
    """Exactly 5% harmful and exactly 96% manual pass are still acceptable."""
    grade = grade_submission(
        make(
            {
                "audit.sources": [{"source": "自采", "sampled": 400, "harmful": 20}],
                "audit.safety": {"sampled": 4000, "passed": 3840},
            }
        ),
        rubric=rubric,
    )
    assert grade.eligible


def test_missing_audit_fails_safety_gates_with_evidence(make: Make, rubric: LoadedRubric) -> None:
    grade = grade_submission(make({"audit": {"source": "none"}}), rubric=rubric)
    failed = {g.id: g for g in grade.gates if not g.passed}
    assert set(failed) == {"G2", "G3", "G7"}
    assert failed["G3"].evidence["manual_sampled"] == 0
    assert failed["G3"].evidence["keyword_library_size"] == 12000


def test_unlabelled_data_skips_label_gate(make: Make, rubric: LoadedRubric) -> None:
    grade = grade_submission(
        make(
            {
                "manifest.dataset_type": "text_corpus",
                "manifest.files": _text_files(),
                "audit.labels": None,
                "audit.agreement": None,
            }
        ),
        rubric=rubric,
    )
    g7 = next(g for g in grade.gates if g.id == "G7")
    assert g7.passed and g7.evidence == {"applicable": False}


def _text_files() -> list[dict[str, Any]]:
    return [{"path": "data.txt", "format": "text"}]


def test_g2_names_the_source_over_the_limit(make: Make, rubric: LoadedRubric) -> None:
    """A clean source beside a harmful one: G2 fails and its evidence names only the harmful one."""
    sources = [
        {"source": "自采:newsroom", "sampled": 400, "harmful": 0},
        {"source": "互联网:forum", "sampled": 400, "harmful": 40},
    ]
    grade = grade_submission(make({"audit.sources": sources}), rubric=rubric)
    g2 = next(g for g in grade.gates if g.id == "G2")
    assert not g2.passed
    assert g2.evidence["sources_over_harm_limit"] == "互联网:forum"
    assert g2.evidence["worst_harmful_share"] == 0.1
    assert g2.fix is not None and g2.fix.en.endswith("Sources over the limit: 互联网:forum.")
    assert g2.fix.zh.endswith("超限来源：互联网:forum。")
