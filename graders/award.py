"""The award rules over the ledger's history: upgrades pay the difference, nothing is paid twice.

Pure functions: `related_history` reads what earlier ledger entries mean for this submission, and
`settle` turns the entitlement into what is paid now (晋升补差, 从优不重复, no second award for
the same data under a new name).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict

from graders.explain import fmt
from graders.indicators import r6
from schemas.grade import Bilingual, LedgerBlock
from schemas.manifest import PriorAward

__all__ = ["LedgerEntry", "LedgerHistory", "LedgerQuery", "related_history", "settle"]


class LedgerEntry(BaseModel):
    """One row of the award ledger (a grading, or a correction of an earlier entry)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    entry_no: int
    recorded_at: str
    kind: str
    submission_id: str
    owner: str
    content_fingerprint: str
    rubric_version: str
    rubric_sha256: str
    eligible: bool
    total: float
    tier: str | None
    entitled_yuan: float
    award_yuan: float
    decision: str
    reason: str
    reason_zh: str
    corrects_entry: int | None
    prev_hash: str
    entry_hash: str


@dataclass(frozen=True)
class LedgerQuery:
    """What identifies this grading against the ledger."""

    submission_id: str
    owner: str
    content_fingerprint: str
    rubric_sha256: str
    overlapping: tuple[str, ...] = ()
    """Earlier submissions sharing at least the rubric's same-data share of this one's records."""


@dataclass(frozen=True)
class LedgerHistory:
    """What the ledger already holds that bears on this submission."""

    consulted: bool
    previous_paid_yuan: float = 0.0
    related_entries: tuple[int, ...] = ()
    resubmission_of: str | None = None
    other_owner_submissions: tuple[str, ...] = field(default_factory=tuple)


def _same_grading(entry: LedgerEntry, query: LedgerQuery) -> bool:
    """An earlier recording of exactly this grading (re-runs must not pay against themselves)."""
    return (
        entry.kind == "grading"
        and entry.submission_id == query.submission_id
        and entry.content_fingerprint == query.content_fingerprint
        and entry.rubric_sha256 == query.rubric_sha256
    )


def _visible(entries: list[LedgerEntry], query: LedgerQuery) -> list[LedgerEntry]:
    """Entries other than this very grading and the corrections made to it."""
    hidden = {e.entry_no for e in entries if _same_grading(e, query)}
    return [e for e in entries if e.entry_no not in hidden and e.corrects_entry not in hidden]


def _paid_by_submission(entries: list[LedgerEntry]) -> dict[str, float]:
    """Net amount paid per submission id (corrections included)."""
    paid: dict[str, float] = {}
    for entry in entries:
        paid[entry.submission_id] = paid.get(entry.submission_id, 0.0) + entry.award_yuan
    return paid


def _lineage(entry: LedgerEntry, query: LedgerQuery) -> bool:
    """The same owner's same dataset: same submission, same data, or mostly the same data."""
    same_data = entry.submission_id == query.submission_id or entry.submission_id in (
        query.overlapping
    )
    return entry.owner == query.owner and (
        same_data or entry.content_fingerprint == query.content_fingerprint
    )


def related_history(entries: list[LedgerEntry], query: LedgerQuery) -> LedgerHistory:
    """Read the ledger for this submission: earlier payments, resubmission, other owners."""
    visible = _visible(entries, query)
    paid = _paid_by_submission(visible)
    rewarded = {sid for sid, amount in paid.items() if amount > 0}
    resubmitted = sorted(
        e.submission_id
        for e in visible
        if e.content_fingerprint == query.content_fingerprint
        and e.submission_id in rewarded
        and (e.submission_id != query.submission_id or e.owner != query.owner)
    )
    others = sorted(
        {
            e.submission_id
            for e in visible
            if e.owner != query.owner
            and e.submission_id in query.overlapping
            and e.submission_id in rewarded
        }
    )
    lineage = [e for e in visible if _lineage(e, query) and e.submission_id not in resubmitted]
    return LedgerHistory(
        consulted=True,
        previous_paid_yuan=r6(sum(e.award_yuan for e in lineage)),
        related_entries=tuple(e.entry_no for e in lineage),
        resubmission_of=resubmitted[0] if resubmitted else None,
        other_owner_submissions=tuple(others),
    )


def _refusal(decision: str, zh: str, en: str) -> tuple[str, Bilingual]:
    return decision, Bilingual(zh=zh, en=en)


def _decide(
    *, eligible: bool, has_tier: bool, history: LedgerHistory
) -> tuple[str, Bilingual] | None:
    """A refusal that makes the award 0 regardless of amounts, or None."""
    if not eligible:
        return _refusal("ineligible", "未通过硬性门槛，不予奖励。", "A gate failed; no award.")
    if history.resubmission_of:
        sid = history.resubmission_of
        return _refusal(
            "resubmission",
            f"与已获奖的提交 {sid} 数据相同（换名重复提交），不计规模、不重复奖励。",
            f"Same data as rewarded submission {sid} (resubmitted under a new name): "
            "no scale credit and no second award.",
        )
    if history.other_owner_submissions:
        sids = ", ".join(history.other_owner_submissions)
        return _refusal(
            "rewarded_to_another_owner",
            f"数据主要与其他所有者已获奖的提交（{sids}）重复，不予奖励。",
            f"The data largely repeats submissions rewarded to another owner ({sids}); no award.",
        )
    if not has_tier:
        return _refusal("no_tier", "总分未达到任何等次。", "The total reaches no tier.")
    return None


def _paid_decision(top_up: float, *, previous: float, prior: float) -> tuple[str, Bilingual | None]:
    """Name what happened when amounts decide: first award, top-up, or nothing more."""
    if top_up > 0:
        if previous > 0:
            return "upgrade_top_up", None
        return ("prior_award_top_up" if prior > 0 else "first_award"), None
    if previous > 0:
        return _refusal(
            "already_rewarded",
            f"此前已奖励 {fmt(previous)} 元，不低于本次应得，不再补差。",
            f"Already paid {fmt(previous)} yuan, not less than this entitlement; no top-up.",
        )
    return _refusal(
        "prior_award_more_favourable",
        f"已获其他项目奖励 {fmt(prior)} 元，从优不重复。",
        f"Already rewarded {fmt(prior)} yuan by another programme; "
        "the more favourable applies once.",
    )


def _explanation(decision: str, top_up: float, previous: float, prior: float) -> Bilingual:
    return Bilingual(
        zh=f"账本决定：{decision}；此前本项目已付 {fmt(previous)} 元，其他项目 {fmt(prior)} 元，"
        f"本次支付 {fmt(top_up)} 元。",
        en=f"Ledger decision: {decision}; paid earlier here {fmt(previous)} yuan, by other "
        f"programmes {fmt(prior)} yuan, paid now {fmt(top_up)} yuan.",
    )


def settle(
    *,
    query: LedgerQuery,
    history: LedgerHistory,
    eligible: bool,
    has_tier: bool,
    entitled_yuan: float,
    prior_awards: list[PriorAward],
) -> LedgerBlock:
    """Decide what is paid now: entitlement minus what this dataset already received.

    What was received counts this ledger's net payments for the dataset plus the most favourable
    award declared from another programme, so the owner ends with the most favourable once.
    """
    prior = max((award.amount_yuan for award in prior_awards), default=0.0)
    previous = history.previous_paid_yuan
    refusal = _decide(eligible=eligible, has_tier=has_tier, history=history)
    if refusal is None:
        top_up = r6(max(0.0, entitled_yuan - previous - prior))
        decision, reason = _paid_decision(top_up, previous=previous, prior=prior)
    else:
        top_up, (decision, reason) = 0.0, refusal
    return LedgerBlock(
        consulted=history.consulted,
        decision=decision,
        owner=query.owner,
        content_fingerprint=query.content_fingerprint,
        related_entries=list(history.related_entries),
        resubmission_of=history.resubmission_of,
        previous_paid_yuan=previous,
        prior_awards_yuan=prior,
        entitled_yuan=entitled_yuan,
        top_up_yuan=top_up,
        refusal_reason=reason,
        explanation=_explanation(decision, top_up, previous, prior),
    )
