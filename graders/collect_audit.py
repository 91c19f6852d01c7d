"""Read the report's `audit` section (`quality.audit.summary.summarize_audit`) for grading.

Maps each audit rate to the sample count the grader scores, the per-source safety counts to G2's
source samples, and the agreement of the label controls to G7's agreement.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from schemas.measurements import Agreement, AuditMeasurements, SampleCount, SourceSample

__all__ = ["audit_measurements"]

RATE_FIELDS = {
    "correctness": "correctness",
    "safety": "safety",
    "alignment": "alignment",
    "labels": "label_accuracy",
}
"""AuditMeasurements field -> rate name in the audit section."""


def _count(rate: Mapping[str, Any] | None) -> SampleCount | None:
    """A rate's settled answers as a sample count (None when nothing was settled)."""
    if not rate or not rate.get("n"):
        return None
    ids = [str(item) for item in rate.get("sample_ids") or []]
    return SampleCount(sampled=int(rate["n"]), passed=int(rate["passes"]), sample_ids=ids)


def _sources(safety: Mapping[str, Any] | None) -> list[SourceSample]:
    by_source: Mapping[str, Mapping[str, Any]] = (safety or {}).get("by_source") or {}
    return [
        SourceSample(source=name, sampled=int(c["n"]), harmful=int(c["n"]) - int(c["passes"]))
        for name, c in sorted(by_source.items())
    ]


def _agreement(section: Mapping[str, Any]) -> Agreement | None:
    """Agreement of the label controls, the one with most double-annotated items."""
    controls = (section.get("rates", {}).get("label_accuracy") or {}).get("controls", [])
    found = [section.get("agreement", {}).get(control) for control in controls]
    metrics = [m for m in found if m and m.get("items")]
    if not metrics:
        return None
    best = max(metrics, key=lambda m: int(m["items"]))
    kappa = best.get("cohen_kappa")
    return Agreement(
        items=int(best["items"]),
        sample_ids=[str(item) for item in best.get("sample_ids") or []],
        alpha=best.get("krippendorff_alpha"),
        kappa=kappa if kappa is not None else best.get("fleiss_kappa"),
    )


def audit_measurements(
    section: Mapping[str, Any] | None, *, pii_in_sample: int = 0
) -> AuditMeasurements:
    """AuditMeasurements from the `audit` report section; no section means no audit.

    ``pii_in_sample`` adds to the items whose settled risk verdict is ``privacy`` (personal data
    the annotators found in masked text): either is residual PII for G4.

    Example::

        audit = audit_measurements(report["audit"], pii_in_sample=0)
    """
    if not section:
        return AuditMeasurements(source="none", pii_in_sample=pii_in_sample)
    rates: Mapping[str, Any] = section.get("rates", {})
    counts = {field: _count(rates.get(name)) for field, name in RATE_FIELDS.items()}
    return AuditMeasurements(
        source="simulated" if section.get("simulated") else "labelstudio",
        agreement=_agreement(section),
        pii_in_sample=pii_in_sample + int((section.get("privacy_reports") or {}).get("items", 0)),
        sources=_sources(rates.get("safety")),
        **counts,
    )
