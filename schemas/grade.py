"""The grade block of `report.json`: gates, dimensions with evidence, total, tier, award, ledger.

Key names are a contract measured from outside (`grade.eligible`, `grade.gates[].id/passed/
evidence`, `grade.dimensions[].score/max/indicators`, `grade.total`, `grade.tier`,
`grade.award_yuan`, `grade.ledger`); the block never holds a clock time, so re-grading the same
measurements under the same rubric and ledger state gives the same bytes.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "MAX_SAMPLE_IDS",
    "AwardDetail",
    "Basis",
    "Bilingual",
    "DimensionResult",
    "EvidenceValue",
    "Finding",
    "GateResult",
    "Grade",
    "IndicatorResult",
    "LedgerBlock",
    "MatchedRewarded",
    "RubricRef",
]

EvidenceValue = str | int | float | bool | None
Basis = Literal["census", "sample", "declared"]
"""What a figure rests on: every record (census, no interval), an audited sample (Wilson
interval), or a manifest declaration read through the rubric's table or checked evidence."""
MAX_SAMPLE_IDS = 20
"""How many record or item ids an indicator cites as evidence."""


class _Block(BaseModel):
    """Base for grade parts: frozen, unknown keys rejected when a report is read back."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Bilingual(_Block):
    """A sentence in Chinese and English."""

    zh: str
    en: str


class GateResult(_Block):
    """One hard gate: passed or not, the numbers it looked at, and what to fix."""

    id: str
    name: Bilingual
    standard: str
    passed: bool
    evidence: dict[str, EvidenceValue]
    explanation: Bilingual
    fix: Bilingual | None = None


class IndicatorResult(_Block):
    """One indicator: the ratio it rests on, its interval, its points, its standard."""

    id: str
    rule_id: str
    name: Bilingual
    standard: str
    applicable: bool = True
    measured: bool = Field(default=True, description="False: not measured or not applicable")
    declared: bool = False
    basis: Basis = "census"
    numerator: float | None = None
    denominator: float | None = None
    value: float | str | None = None
    statistic: str = "point"
    scored_value: float | None = Field(default=None, description="the value the points rest on")
    interval: list[float] | None = Field(default=None, description="two-sided 95% Wilson interval")
    sample_ids: list[str] = Field(default_factory=list, max_length=MAX_SAMPLE_IDS)
    score: float
    max: float
    evidence: dict[str, EvidenceValue] = Field(default_factory=dict)
    explanation: Bilingual
    fix: Bilingual | None = None


class DimensionResult(_Block):
    """A dimension's score out of its maximum, with the indicators behind it."""

    id: str
    name: Bilingual
    standard: str
    score: float
    max: float
    indicators: list[IndicatorResult]


class AwardDetail(_Block):
    """How the award amount was reached before the ledger: tier amount and the cost cap."""

    tier_amount_yuan: float
    cost_cap_yuan: float | None = None
    entitled_yuan: float


class MatchedRewarded(_Block):
    """Survivors matching the credited records of one rewarded submission, and who was paid."""

    submission_id: str
    owner_id: str
    same_owner: bool
    records: int = Field(ge=0)
    paid_yuan: float
    entries: list[int] = Field(default_factory=list, description="ledger entries that paid it")


class LedgerBlock(_Block):
    """What the award ledger decided: novelty, earlier payments, top-up, refusal reason.

    `entry_no`, `entry_hash` and `chain_head` are filled in once the decision is recorded; the
    report's `award_yuan` equals the ledger entry's (`corpusgrade verify` checks it).
    """

    consulted: bool
    decision: str
    owner: str
    owner_id: str = ""
    decision_key: str = ""
    content_fingerprint: str
    history_entries: int = Field(default=0, description="ledger entries this grading was judged on")
    related_entries: list[int] = Field(default_factory=list)
    resubmission_of: str | None = None
    survivors: int = 0
    novel_records: int = 0
    own_matched_records: int = 0
    other_matched_records: int = 0
    credited_records: int = 0
    credited_share: float = 1.0
    min_credited_share: float = 0.0
    matched: list[MatchedRewarded] = Field(default_factory=list)
    max_award_yuan: float = 0.0
    previous_paid_yuan: float = 0.0
    prior_awards_yuan: float = 0.0
    entitled_yuan: float = 0.0
    top_up_yuan: float = 0.0
    refusal_reason: Bilingual | None = None
    explanation: Bilingual
    entry_no: int | None = None
    entry_hash: str | None = None
    chain_head: str | None = None


class Finding(_Block):
    """A declaration or setting the grade found wanting, with the gate or indicator it touches."""

    code: str
    ref: str = Field(description="gate or indicator id")
    text: Bilingual


class RubricRef(_Block):
    """Which rubric graded this: version and the SHA-256 of the file bytes."""

    version: str
    sha256: str


class Grade(_Block):
    """The grade block of a report."""

    submission_id: str
    rubric: RubricRef
    eligible: bool
    gates: list[GateResult]
    dimensions: list[DimensionResult]
    total: float
    tier: str | None
    tier_name: Bilingual | None = None
    tier_cap: str | None = Field(default=None, description="highest tier allowed (see findings)")
    findings: list[Finding] = Field(default_factory=list)
    award_yuan: float
    award: AwardDetail
    ledger: LedgerBlock
    labelled: bool
    summary: Bilingual
    what_to_fix: list[Bilingual] = Field(default_factory=list)
