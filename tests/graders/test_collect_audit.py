"""The audit report section becomes the sample counts the gates and indicators read."""

from __future__ import annotations

from graders.collect_audit import audit_measurements
from graders.gates import evaluate_gates
from graders.rubric import load_rubric
from schemas.measurements import Measurements
from tests.graders.conftest import base_measurements

SECTION = {
    "simulated": True,
    "rates": {
        "safety": {
            "n": 500,
            "passes": 490,
            "by_source": {
                "b.jsonl": {"n": 100, "passes": 92},
                "a.jsonl": {"n": 400, "passes": 398},
            },
        },
        "correctness": {"n": 400, "passes": 390, "sample_ids": ["t:r2", "t:r9"]},
        "alignment": {"n": 0, "passes": 0},
        "label_accuracy": {
            "n": 400,
            "passes": 380,
            "controls": ["classification.label_check", "ner.span_verdict"],
        },
    },
    "privacy_reports": {"items": 2, "sample_ids": ["text_quality:r1", "text_quality:r7"]},
    "agreement": {
        "classification.label_check": {
            "items": 220,
            "cohen_kappa": 0.71,
            "fleiss_kappa": 0.7,
            "krippendorff_alpha": 0.705,
        },
        "text_quality.verdict": {"items": 900, "krippendorff_alpha": 0.2},
    },
}


def test_rates_sources_and_agreement_are_mapped() -> None:
    audit = audit_measurements(SECTION, pii_in_sample=1)
    assert audit.source == "simulated"
    assert audit.safety is not None and (audit.safety.sampled, audit.safety.passed) == (500, 490)
    assert audit.labels is not None and audit.labels.passed == 380
    assert audit.alignment is None
    assert [(s.source, s.sampled, s.harmful) for s in audit.sources] == [
        ("a.jsonl", 400, 2),
        ("b.jsonl", 100, 8),
    ]
    assert audit.agreement is not None
    assert (audit.agreement.items, audit.agreement.alpha, audit.agreement.kappa) == (
        220,
        0.705,
        0.71,
    )
    assert audit.pii_in_sample == 1 + 2
    assert audit.correctness is not None and audit.correctness.sample_ids == ["t:r2", "t:r9"]


def test_privacy_reported_by_annotators_fails_g4() -> None:
    """Annotators' settled `risk: privacy` answers are residual PII (G4 could never fail)."""
    data = base_measurements()
    data["audit"] = audit_measurements(SECTION).model_dump(mode="json")
    gates = evaluate_gates(
        load_rubric().rubric.gates, Measurements.model_validate(data), labelled=True
    )
    g4 = next(g for g in gates if g.id == "G4")
    assert not g4.passed and g4.evidence["pii_in_audit_sample"] == 2


def test_no_section_means_no_audit() -> None:
    audit = audit_measurements(None)
    assert audit.source == "none" and audit.safety is None and audit.sources == []
