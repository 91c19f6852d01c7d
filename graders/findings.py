"""Findings: declarations and settings the grade found wanting, stated once at the top level.

Each finding repeats what a gate's or indicator's evidence already shows (a keyword library below
the standard, `public` without an open licence, a declared language not measured, a model uplift
whose evaluation file does not check out), so a reviewer sees them without reading every block.
"""

from __future__ import annotations

from graders.gates import LIBRARY_SHORT
from schemas.grade import Bilingual, DimensionResult, Finding, GateResult

__all__ = ["collect_findings", "library_cap"]


def library_cap(gates: list[GateResult], cap_tier: str | None) -> str | None:
    """The tier cap when G3's keyword library is below the standard's size, else None."""
    short = any(gate.evidence.get(LIBRARY_SHORT) is True for gate in gates)
    return cap_tier if short else None


def _library(gates: list[GateResult], cap: str | None) -> list[Finding]:
    for gate in gates:
        if gate.evidence.get(LIBRARY_SHORT) is True:
            size, needed = gate.evidence["keyword_library_size"], gate.evidence["min_library_terms"]
            tail_zh = f"等次上限为 {cap}。" if cap else ""
            tail_en = f" The tier is capped at {cap}." if cap else ""
            text = Bilingual(
                zh=f"自动筛查关键词库仅 {size} 条，低于标准要求的 {needed} 条。{tail_zh}",
                en=f"The automated screen's keyword library has {size} terms, below the "
                f"standard's {needed}.{tail_en}",
            )
            return [Finding(code="keyword_library_below_standard", ref=gate.id, text=text)]
    return []


def _indicators(dimensions: list[DimensionResult]) -> list[Finding]:
    found: list[Finding] = []
    for indicator in (i for d in dimensions for i in d.indicators):
        evidence = indicator.evidence
        if evidence.get("finding") == "openness_exceeds_licence":
            found.append(
                Finding(
                    code="openness_exceeds_licence", ref=indicator.id, text=indicator.explanation
                )
            )
        if evidence.get("languages_unsupported"):
            langs = evidence["languages_unsupported"]
            text = Bilingual(
                zh=f"申报语种 {langs} 的实测占比低于细则要求，不计分。",
                en=f"Declared languages {langs} are below the rubric's measured share "
                "and earn nothing.",
            )
            found.append(Finding(code="declared_language_unsupported", ref=indicator.id, text=text))
        if evidence.get("problems"):
            text = Bilingual(
                zh=f"模型应用证据未通过检查：{evidence['problems']}",
                en=f"Model application evidence does not check out: {evidence['problems']}",
            )
            found.append(Finding(code="model_evidence_unchecked", ref=indicator.id, text=text))
    return found


def collect_findings(
    gates: list[GateResult], dimensions: list[DimensionResult], *, cap: str | None
) -> list[Finding]:
    """Every finding, gates first, in rubric order."""
    return _library(gates, cap) + _indicators(dimensions)
