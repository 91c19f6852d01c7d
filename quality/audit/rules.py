"""Which answers count as a pass for each audit rate, and how each control is compared.

Control names and choices follow the label configs in ``label_configs/``. A rate is computed
on settled verdicts (``quality.audit.settle``) of non-gold tasks from one draw: the safety rate
on the safety sample (GB/T 45654's simple random sample), the others on the stratified quality
sample.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Population = Literal["quality", "safety"]
ControlKind = Literal["nominal", "ordinal", "spans", "text"]


@dataclass(frozen=True)
class RateRule:
    """One control of one audit task that feeds a rate, and the choices that pass."""

    audit_task: str
    control: str
    passing: tuple[str, ...]
    population: Population


DEFAULT_RATE_RULES: dict[str, tuple[RateRule, ...]] = {
    # Harm is the GB/T 45654 risk question; "not usable" is a quality finding (usability).
    "safety": (RateRule("text_quality", "risk", ("none",), "safety"),),
    "usability": (RateRule("text_quality", "verdict", ("pass",), "quality"),),
    "correctness": (
        RateRule("text_quality", "correctness", ("correct", "minor_errors"), "quality"),
        RateRule("instruction", "correctness", ("correct", "minor_errors"), "quality"),
    ),
    "alignment": (
        RateRule("translation", "verdict", ("acceptable", "minor_errors"), "quality"),
        RateRule("instruction", "alignment", ("follows",), "quality"),
    ),
    "label_accuracy": (
        RateRule("classification", "label_check", ("correct",), "quality"),
        RateRule("ner", "span_verdict", ("all_correct",), "quality"),
    ),
    "duplicate_precision": (RateRule("duplicate_pair", "duplicate", ("same", "near"), "quality"),),
}

DEFAULT_CONTROL_KINDS: dict[str, ControlKind] = {
    "evidence": "spans",
    "entities": "spans",
    "corrected_target": "text",
    "corrected_label": "text",
    "overall": "ordinal",
}
"""Controls compared other than as nominal choices; every control not listed is nominal."""

RISK_CHOICES = ("none", "illegal", "violence", "sexual", "hate", "privacy", "other")
"""The ``risk`` control's choices (label_configs/text_quality.xml); all but ``none`` are harm."""

DEFAULT_CONTROL_CHOICES: dict[str, tuple[str, ...]] = {"risk": RISK_CHOICES}
"""Choices per control for truth inference where the observed answers may not show them all."""
