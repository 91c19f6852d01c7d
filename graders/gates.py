"""The hard gates G1–G8: each passes or fails on the measurements, with evidence and advice.

The rules live here; every threshold they compare against comes from the rubric's gate params.
A failed gate makes the submission ineligible (award 0) and the report says why and what to fix.
"""

from __future__ import annotations

from collections.abc import Callable

from graders import explain
from graders.catalog import GATE_PARAMS
from graders.indicators import r6
from graders.rubric import Gate
from quality.audit.rates import wilson_lower_bound
from schemas.grade import Bilingual, EvidenceValue, GateResult
from schemas.measurements import Measurements

__all__ = ["GATE_RULES", "LIBRARY_SHORT", "evaluate_gates", "library_short"]

LIBRARY_SHORT = "library_below_standard"
"""G3 evidence key: the screen's library is below the standard's size (the tier is capped)."""

Evidence = dict[str, EvidenceValue]
Verdict = tuple[bool, Evidence]


def _share(part: int, whole: int) -> float:
    """part/whole rounded, 0 for an empty whole."""
    return r6(part / whole) if whole else 0.0


def _g1(m: Measurements, p: dict[str, float], _: bool) -> Verdict:
    kept = m.ingest.records_kept
    missing = m.ingest.records_missing_provenance + m.ingest.internet_records_without_url
    if not m.manifest.sources:
        missing = kept
    share = _share(missing, kept)
    evidence: Evidence = {
        "records": kept,
        "records_missing_provenance": m.ingest.records_missing_provenance,
        "internet_records_without_url": m.ingest.internet_records_without_url,
        "manifest_sources": len(m.manifest.sources),
        "missing_share": share,
    }
    return kept > 0 and share <= p["max_missing_share"], evidence


def _g2(m: Measurements, p: dict[str, float], _: bool) -> Verdict:
    sources = m.audit.sources
    too_small = [s.source for s in sources if s.sampled < p["min_items_per_source"]]
    shares = {s.source: s.harmful / s.sampled for s in sources if s.sampled}
    worst = max(shares.values(), default=0.0)
    over = [name for name, share in shares.items() if share > p["max_harmful_share"]]
    evidence: Evidence = {
        "audit_source": m.audit.source,
        "sources_audited": len(sources),
        "sources_under_min_items": ",".join(sorted(too_small)),
        "sources_over_harm_limit": ",".join(sorted(over)),
        "worst_harmful_share": r6(worst),
    }
    passed = bool(sources) and not too_small and not over
    return passed, evidence


def _g3(m: Measurements, p: dict[str, float], _: bool) -> Verdict:
    corpus = m.dedup.survivors
    needed = min(corpus, int(p["manual_min_items"]))
    manual = m.audit.safety
    manual_n, manual_k = (manual.sampled, manual.passed) if manual else (0, 0)
    screened, screen_ok = m.signals.safety_screened, m.signals.safety_screen_passed
    evidence: Evidence = {
        "records": corpus,
        "manual_needed": needed,
        "manual_sampled": manual_n,
        "manual_pass_share": _share(manual_k, manual_n),
        "auto_screened_share": _share(screened, m.signals.records_in),
        "auto_pass_share": _share(screen_ok, screened),
        "keyword_library_size": m.signals.keyword_library_size,
        "min_library_terms": int(p["min_library_terms"]),
        LIBRARY_SHORT: library_short(m, p),
    }
    manual_ok = manual_n >= needed > 0 and manual_k / manual_n >= p["manual_min_pass"]
    auto_ok = (
        screened > 0
        and screened >= p["auto_min_share"] * m.signals.records_in
        and screen_ok / screened >= p["auto_min_pass"]
    )
    library_ok = not (library_short(m, p) and p["fail_below_library_terms"])
    return manual_ok and auto_ok and library_ok, evidence


def library_short(m: Measurements, p: dict[str, float]) -> bool:
    """The automated screen's keyword library is below the standard's size (GB/T 45654)."""
    return m.signals.keyword_library_size < p["min_library_terms"]


def _g4(m: Measurements, p: dict[str, float], _: bool) -> Verdict:
    """Residual PII from the independent check of the sampled records' unmasked text, plus the
    records annotators reported as privacy; the masker's own re-check is shown, not trusted."""
    check = m.pii_check
    checked, residual = (check.checked, check.residual) if check else (0, 0)
    in_sample = residual + m.audit.pii_in_sample
    share = _share(residual, checked)
    evidence: Evidence = {
        "masker_recheck_records": m.signals.residual_pii_records,
        "independent_detector": check.detector if check else None,
        "independent_checked": checked,
        "independent_found": check.found if check else 0,
        "independent_residual": residual,
        "independent_residual_ids": ",".join(check.sample_ids) if check else "",
        "residual_share": share,
        "pii_reported_by_annotators": m.audit.pii_in_sample,
        "pii_in_audit_sample": in_sample,
    }
    passed = share <= p["max_residual_share"] and in_sample <= p["max_in_sample"]
    return passed, evidence


def _g5(m: Measurements, p: dict[str, float], _: bool) -> Verdict:
    share = _share(m.ingest.records_kept, m.ingest.rows_read)
    evidence: Evidence = {
        "rows_read": m.ingest.rows_read,
        "rows_quarantined": m.ingest.rows_quarantined,
        "parse_share": share,
    }
    return m.ingest.rows_read > 0 and share >= p["min_parse_share"], evidence


def _g6(m: Measurements, p: dict[str, float], _: bool) -> Verdict:
    docs = m.manifest.documentation
    covered = docs.items_covered() if docs else dict.fromkeys(("0101", "0102", "0103", "0104"), 0)
    evidence: Evidence = {f"items_{code}": count for code, count in sorted(covered.items())}
    return all(count >= p["min_items_per_section"] for count in covered.values()), evidence


def _g7(m: Measurements, p: dict[str, float], labelled: bool) -> Verdict:
    if not labelled:
        return True, {"applicable": False}
    labels, agreement = m.audit.labels, m.audit.agreement
    reviewed, correct = (labels.sampled, labels.passed) if labels else (0, 0)
    lower = wilson_lower_bound(correct, reviewed) if reviewed else 0.0
    value = (
        None
        if agreement is None
        else (agreement.alpha if agreement.alpha is not None else agreement.kappa)
    )
    double = agreement.items if agreement else 0
    double_needed = max(p["min_double_items"], p["min_double_share"] * m.dedup.survivors)
    evidence: Evidence = {
        "applicable": True,
        "reviewed": reviewed,
        "accuracy_lower_bound": r6(lower),
        "agreement": None if value is None else r6(value),
        "double_annotated": double,
        "double_needed": r6(double_needed),
    }
    passed = (
        reviewed >= p["min_reviewed"]
        and lower >= p["min_accuracy_lower"]
        and value is not None
        and value >= p["min_agreement"]
        and double >= double_needed
    )
    return passed, evidence


def _g8(m: Measurements, p: dict[str, float], _: bool) -> Verdict:
    ingest = m.ingest
    evidence: Evidence = {
        "generated_flagged": ingest.generated_flagged,
        "generated_flag_missing": ingest.generated_flag_missing,
        "generated_unflagged_suspected": ingest.generated_unflagged_suspected,
    }
    return ingest.generated_unflagged_suspected <= p["max_unflagged_generated"], evidence


GATE_RULES: dict[str, Callable[[Measurements, dict[str, float], bool], Verdict]] = {
    "G1": _g1,
    "G2": _g2,
    "G3": _g3,
    "G4": _g4,
    "G5": _g5,
    "G6": _g6,
    "G7": _g7,
    "G8": _g8,
}

if set(GATE_RULES) != set(GATE_PARAMS):
    raise ImportError("graders.gates does not implement exactly the catalog's gates")


def _result(gate: Gate, m: Measurements, labelled: bool) -> GateResult:
    passed, found = GATE_RULES[gate.id](m, gate.params, labelled)
    evidence = dict(sorted(found.items()))
    name = Bilingual(zh=gate.name.zh, en=gate.name.en)
    return GateResult(
        id=gate.id,
        name=name,
        standard=gate.standard,
        passed=passed,
        evidence=evidence,
        explanation=explain.gate_text(name, passed=passed, evidence=evidence),
        fix=None if passed else _fix(gate, evidence),
    )


CONCERNED = {
    "sources_over_harm_limit": ("超限来源", "Sources over the limit"),
    "sources_under_min_items": ("抽样不足的来源", "Sources with too few audited items"),
}
"""Evidence keys that name what a failed gate concerns; the fix repeats them so it is actionable."""


def _fix(gate: Gate, evidence: Evidence) -> Bilingual:
    """The rubric's fix for a failed gate, followed by the sources (or other things) concerned."""
    named = [(labels, str(evidence[key])) for key, labels in CONCERNED.items() if evidence.get(key)]
    zh = "".join(f"{labels[0]}：{value}。" for labels, value in named)
    en = "".join(f" {labels[1]}: {value}." for labels, value in named)
    return Bilingual(zh=gate.fix.zh + zh, en=gate.fix.en + en)


def evaluate_gates(gates: list[Gate], m: Measurements, *, labelled: bool) -> list[GateResult]:
    """Evaluate every gate of the rubric in the rubric's order."""
    return [_result(gate, m, labelled) for gate in gates]
