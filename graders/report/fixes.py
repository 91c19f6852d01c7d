""" "What to fix", caused by what actually failed and ordered by the points at stake.

The grade block's `what_to_fix` is the rubric's advice for everything that lost points, generic
tips included. This module builds the reviewer's list from the causes instead: failed gates
(they block every tier, so they come first), failed expectations and measured indicators far
below their maximum, each naming the records or fields concerned. When the audit did not run,
the fix for the gates and indicators that need it is one item, "run the audit", not the
rubric's advice for an audit that found something. Advice on declared values (category, domain,
licence) and small losses is kept apart as general advice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graders.report.expectations import expectation_name, failed_expectations
from graders.report.reasons import reason_group

__all__ = ["FAR_BELOW", "Fix", "build_fixes"]

FAR_BELOW = 0.25
"""An indicator is a fix when it lost at least this share of its maximum points."""

AUDIT_GATES = frozenset({"G2", "G3", "G7"})
AUDIT_INDICATORS = frozenset({"Q.correctness", "Q.label_accuracy", "Q.agreement"})
GATE_FIELDS: dict[str, tuple[str, ...]] = {
    "G1": ("sources", "license", "source_details"),
    "G4": ("text",),
    "G6": ("documentation",),
    "G8": ("generated",),
}
"""Manifest or record fields each gate's fix concerns."""
INDICATOR_REASONS: dict[str, str] = {
    "Q.duplicates": "duplicate",
    "Q.parse": "quarantine",
    "Q.cleanliness": "filter",
    "Q.type_consistency": "type",
}
"""The group of example reasons (`reason_group`) whose records an indicator's fix names."""
MAX_RECORDS = 5

RUN_AUDIT = {
    "zh": "先进行人工审核：运行 corpusgrade run 提交目录 --audit labelstudio（或 corpusgrade "
    "audit push 后由标注员完成再 pull）。未审核时这些门槛项和指标无法通过或得分。",
    "en": "Run the audit first: corpusgrade run SUBMISSION --audit labelstudio (or "
    "corpusgrade audit push, let annotators finish, then pull). Without an audit these "
    "gates cannot pass and these indicators score nothing.",
}
NO_AUDIT_CAUSE = {"zh": "未进行人工审核", "en": "No audit was run"}
NOT_AUDITED_CAUSE = {
    "zh": "人工审核未覆盖这些检查",
    "en": "The audit did not cover these checks",
}


@dataclass
class Fix:
    """One thing to fix: what failed (`cause`), what to do (`text`), and what it is worth."""

    ids: list[str]
    text: dict[str, str]
    cause: dict[str, str]
    points: float = 0.0
    blocks: bool = False
    records: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for the templates."""
        return {
            "ids": self.ids,
            "text": self.text,
            "cause": self.cause,
            "points": round(self.points, 2),
            "blocks": self.blocks,
            "records": self.records[:MAX_RECORDS],
            "fields": self.fields,
        }


def _no_audit(gate: Mapping[str, Any]) -> bool:
    """An audit gate that failed because nothing was audited, not because of what was found."""
    evidence = gate.get("evidence", {})
    if evidence.get("audit_source") == "none":
        return True
    counts = {"G2": "sources_audited", "G3": "manual_sampled", "G7": "reviewed"}
    return evidence.get(counts[gate["id"]], 1) == 0


def _example_ids(report: Mapping[str, Any], group: str) -> list[str]:
    """Record ids of the report's examples whose reason is in `group` (`reason_group`)."""
    ids = []
    for reason, rows in sorted(report.get("examples", {}).items()):
        if reason_group(reason) == group:
            ids += [str(row["record_id"]) for row in rows]
    return ids


def _gate_cause(gate: Mapping[str, Any]) -> dict[str, str]:
    """`<id> <name> failed`, in both languages."""
    name = gate["name"]
    return {"zh": f"{gate['id']} {name['zh']} 未通过", "en": f"{gate['id']} {name['en']} failed"}


def _gate_fixes(report: Mapping[str, Any], audit: Fix) -> list[Fix]:
    """One fix per failed gate; audit gates that failed for want of an audit join `audit`."""
    fixes = []
    for gate in report["grade"]["gates"]:
        if gate["passed"]:
            continue
        if gate["id"] in AUDIT_GATES and _no_audit(gate):
            audit.ids.append(gate["id"])
            audit.blocks = True
            continue
        records = _example_ids(report, "quarantine") if gate["id"] == "G5" else []
        fixes.append(
            Fix(
                ids=[gate["id"]],
                text=dict(gate.get("fix") or gate["explanation"]),
                cause=_gate_cause(gate),
                blocks=True,
                records=records,
                fields=list(GATE_FIELDS.get(gate["id"], ())),
            )
        )
    return fixes


def _expectation_fixes(report: Mapping[str, Any], points: float) -> list[Fix]:
    """One fix per failed expectation, sharing the points Q.expectations lost."""
    failed = failed_expectations(report)
    share = points / len(failed) if failed else 0.0
    fixes = []
    for row in failed:
        name = {lang: expectation_name(row["name"], lang) for lang in ("zh", "en")}
        fixes.append(
            Fix(
                ids=[row["name"]],
                text={
                    "zh": f"修正未通过数据期望“{name['zh']}”的记录（见下方“未通过的数据期望”）。",
                    "en": f"Fix the records failing the expectation “{name['en']}” "
                    "(see “Failed expectations” below).",
                },
                cause={"zh": f"数据期望 {row['name']} 未通过", "en": f"{row['name']} failed"},
                points=share,
                blocks=row["gate"],
                records=row["records"],
            )
        )
    return fixes


def _lost(indicator: Mapping[str, Any]) -> float:
    return float(indicator["max"]) - float(indicator["score"])


def _is_declared(indicator: Mapping[str, Any]) -> bool:
    """Points set by a declared value (category, domain, licence): advice, not a fix."""
    return bool(indicator.get("declared")) or isinstance(indicator.get("value"), str)


def _indicator_fix(report: Mapping[str, Any], indicator: Mapping[str, Any]) -> Fix:
    """The fix for one measured indicator, naming its sample records or example records."""
    records = list(indicator.get("sample_ids") or [])
    group = INDICATOR_REASONS.get(indicator["id"])
    if not records and group:
        records = _example_ids(report, group)
    return Fix(
        ids=[indicator["id"]],
        text=dict(indicator.get("fix") or indicator["explanation"]),
        cause=dict(indicator["explanation"]),
        points=_lost(indicator),
        records=records,
    )


def _indicators(report: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [i for d in report["grade"]["dimensions"] for i in d["indicators"]]


def build_fixes(report: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """`fixes` (blocking first, then by points at stake) and `advice` (the rest, labelled apart).

    Deterministic: ties are broken by the first id, so the same report gives the same list.
    """
    ran = report["provenance"]["audit_source"] != "none"
    audit = Fix(
        ids=[], text=dict(RUN_AUDIT), cause=dict(NOT_AUDITED_CAUSE if ran else NO_AUDIT_CAUSE)
    )
    fixes = _gate_fixes(report, audit)
    advice: list[dict[str, str]] = []
    for indicator in _indicators(report):
        lost = _lost(indicator)
        if lost <= 0 or not indicator.get("applicable", True):
            continue
        if indicator["id"] == "Q.expectations":
            fixes += _expectation_fixes(report, lost)
        elif indicator["id"] in AUDIT_INDICATORS and indicator.get("value") is None:
            audit.ids.append(indicator["id"])
            audit.points += lost
        elif not _is_declared(indicator) and lost >= FAR_BELOW * float(indicator["max"]):
            fixes.append(_indicator_fix(report, indicator))
        elif indicator.get("fix") and dict(indicator["fix"]) not in advice:
            advice.append(dict(indicator["fix"]))
    if audit.ids:
        fixes.append(audit)
    fixes.sort(key=lambda f: (not f.blocks, -round(f.points, 6), f.ids[0]))
    return {"fixes": [f.as_dict() for f in fixes], "advice": [{"text": a} for a in advice]}
