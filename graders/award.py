"""The award rules over the ledger's history (从优、从高、不重复): pure functions, no I/O.

A submission is graded on all its records, but it is paid only for its *credited* records: the
survivors that match no record another owner was paid for. Records that match the same owner's
rewarded records are credited, and what the owner was already paid for them is subtracted
(晋升补差); an upgrade of the same submission id works the same way. The amount is the tier
amount (cost cap applied) times the credited share, floored to whole yuan; a submission whose
credited share is under the rubric's `ledger.min_credited_share` earns nothing, and no decision
pays above the rubric's `max_award_yuan`. See `docs/awards.md`.

`split_history` separates a re-run (the latest grading of this submission has the same decision
key: it is graded against the entries before that one and records nothing new) from a new
decision (graded against every entry).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from graders.explain import fmt
from graders.ledger import LedgerEntry
from schemas.grade import Bilingual, LedgerBlock, MatchedRewarded
from schemas.manifest import PriorAward

__all__ = [
    "DECISION_NAMES",
    "LedgerHistory",
    "LedgerQuery",
    "Novelty",
    "assess_novelty",
    "net_paid",
    "related_history",
    "settle",
    "split_history",
]


@dataclass(frozen=True)
class LedgerQuery:
    """What identifies this grading against the ledger, and what its survivors matched."""

    submission_id: str
    owner: str
    owner_id: str
    content_fingerprint: str
    rubric_sha256: str
    decision_key: str
    survivors: int
    rewarded_matches: tuple[tuple[str, int], ...] = ()
    """(rewarded submission id, survivors of this one matching its credited records)."""


@dataclass(frozen=True)
class Novelty:
    """Survivors split by what they match: nothing, the owner's own, another owner's rewards."""

    survivors: int
    novel_records: int
    own_matched: int
    other_matched: int
    matched: tuple[MatchedRewarded, ...]

    @property
    def credited_records(self) -> int:
        """Survivors not rewarded to another owner: they earn scale credit and money."""
        return self.novel_records + self.own_matched

    @property
    def credited_share(self) -> Decimal:
        """credited / survivors, exact (0 for an empty submission)."""
        if self.survivors <= 0:
            return Decimal(0)
        return Decimal(self.credited_records) / Decimal(self.survivors)


@dataclass(frozen=True)
class LedgerHistory:
    """What the ledger already holds that bears on this submission."""

    consulted: bool
    history_entries: int = 0
    previous_paid_yuan: float = 0.0
    related_entries: tuple[int, ...] = ()
    resubmission_of: str | None = None


def split_history(
    entries: Sequence[LedgerEntry], query: LedgerQuery
) -> tuple[list[LedgerEntry], LedgerEntry | None]:
    """(entries this grading is judged against, the entry it repeats or None).

    A grading repeats an entry when the latest grading of the same submission id has the same
    decision key: same data, scoring manifest fields, rubric, audit and matches.
    """
    own = [e for e in entries if e.kind == "grading" and e.submission_id == query.submission_id]
    if own and own[-1].decision_key == query.decision_key:
        return list(entries[: own[-1].entry_no - 1]), own[-1]
    return list(entries), None


def net_paid(entries: Sequence[LedgerEntry]) -> dict[str, Decimal]:
    """Net amount paid per submission id (corrections included), exact."""
    paid: dict[str, Decimal] = {}
    for entry in entries:
        paid[entry.submission_id] = paid.get(entry.submission_id, Decimal(0)) + _money(
            entry.award_yuan
        )
    return paid


def _owners(entries: Sequence[LedgerEntry]) -> dict[str, str]:
    """The owner id of each submission id, from its latest grading."""
    return {e.submission_id: e.owner_id for e in entries if e.kind == "grading"}


def _paying_entries(entries: Sequence[LedgerEntry], submission_id: str) -> list[int]:
    return [e.entry_no for e in entries if e.submission_id == submission_id and e.award_yuan != 0]


def assess_novelty(entries: Sequence[LedgerEntry], query: LedgerQuery) -> Novelty:
    """Split the survivors by the rewarded submissions (per `entries`) their records match."""
    paid = net_paid(entries)
    owners = _owners(entries)
    matched: list[MatchedRewarded] = []
    for submission_id, records in sorted(query.rewarded_matches):
        if submission_id == query.submission_id or paid.get(submission_id, Decimal(0)) <= 0:
            continue
        owner_id = owners.get(submission_id, "")
        matched.append(
            MatchedRewarded(
                submission_id=submission_id,
                owner_id=owner_id,
                same_owner=owner_id == query.owner_id,
                records=records,
                paid_yuan=float(paid[submission_id]),
                entries=_paying_entries(entries, submission_id),
            )
        )
    own = min(query.survivors, sum(m.records for m in matched if m.same_owner))
    other = min(query.survivors - own, sum(m.records for m in matched if not m.same_owner))
    return Novelty(
        survivors=query.survivors,
        novel_records=query.survivors - own - other,
        own_matched=own,
        other_matched=other,
        matched=tuple(matched),
    )


def related_history(
    entries: Sequence[LedgerEntry], query: LedgerQuery, novelty: Novelty
) -> LedgerHistory:
    """Earlier payments for this owner's data: the same id and the own submissions it matches."""
    lineage = {query.submission_id} | {m.submission_id for m in novelty.matched if m.same_owner}
    paid = net_paid(entries)
    previous = sum((max(Decimal(0), paid.get(s, Decimal(0))) for s in sorted(lineage)), Decimal(0))
    related = [
        e.entry_no
        for e in entries
        if e.submission_id in lineage and e.owner_id == query.owner_id and e.award_yuan != 0
    ]
    same_data = sorted(
        {
            e.submission_id
            for e in entries
            if e.content_fingerprint == query.content_fingerprint
            and e.submission_id != query.submission_id
            and paid.get(e.submission_id, Decimal(0)) > 0
        }
    )
    return LedgerHistory(
        consulted=True,
        history_entries=len(entries),
        previous_paid_yuan=float(previous),
        related_entries=tuple(related),
        resubmission_of=same_data[0] if same_data else None,
    )


def _money(value: float) -> Decimal:
    """A yuan amount as an exact decimal (amounts are stored as whole or 6-place yuan)."""
    return Decimal(str(value))


def _yuan(value: Decimal) -> float:
    """Floor to whole yuan: a share of an amount never rounds up into an overpayment."""
    return float(value.quantize(Decimal(1), rounding=ROUND_FLOOR))


DECISION_NAMES: dict[str, Bilingual] = {
    "first_award": Bilingual(zh="首次奖励", en="first award"),
    "upgrade_top_up": Bilingual(zh="升级补差", en="upgrade top-up"),
    "prior_award_top_up": Bilingual(zh="扣除他项奖励后补差", en="top-up over another award"),
    "already_rewarded": Bilingual(zh="已奖励，不补差", en="already rewarded"),
    "prior_award_more_favourable": Bilingual(zh="从优不重复", en="more favourable award applies"),
    "copy_of_rewarded": Bilingual(zh="复制已获奖数据", en="copy of rewarded data"),
    "no_tier": Bilingual(zh="未达等次", en="no tier"),
    "ineligible": Bilingual(zh="未通过门槛", en="a gate failed"),
    "correction": Bilingual(zh="更正", en="correction"),
}
"""Readers' names of every ledger decision (the committee board shows these, not the ids)."""


def _refusal(decision: str, zh: str, en: str) -> tuple[str, Bilingual]:
    return decision, Bilingual(zh=zh, en=en)


def _decide(
    *, eligible: bool, has_tier: bool, novelty: Novelty, min_share: Decimal
) -> tuple[str, Bilingual] | None:
    """A refusal that makes the award 0 regardless of amounts, or None."""
    if not eligible:
        return _refusal("ineligible", "未通过硬性门槛，不予奖励。", "A gate failed; no award.")
    if novelty.survivors and novelty.credited_share < min_share:
        others = ", ".join(m.submission_id for m in novelty.matched if not m.same_owner)
        share = f"{novelty.credited_records}/{novelty.survivors}"
        return _refusal(
            "copy_of_rewarded",
            f"仅 {share} 条记录未被其他所有者获奖数据覆盖（低于 {min_share:.0%}），"
            f"与已获奖提交（{others}）重复，不予奖励。",
            f"Only {share} records are not already rewarded to another owner (under "
            f"{min_share:.0%}); the data repeats rewarded submissions ({others}): no award.",
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
            f"此前已为这些数据奖励 {fmt(previous)} 元，不低于本次应得，不再补差，也不追回。",
            f"Already paid {fmt(previous)} yuan for this data, not less than this entitlement; "
            "no top-up and nothing clawed back.",
        )
    return _refusal(
        "prior_award_more_favourable",
        f"已获其他项目奖励 {fmt(prior)} 元，从优不重复。",
        f"Already rewarded {fmt(prior)} yuan by another programme; "
        "the more favourable applies once.",
    )


def _explanation(
    decision: str, novelty: Novelty, entitled: float, top_up: float, previous: float, prior: float
) -> Bilingual:
    return Bilingual(
        zh=f"账本决定：{decision}；{novelty.survivors} 条存留记录中新颖 "
        f"{novelty.novel_records} 条、"
        f"与本所有者已获奖数据重合 {novelty.own_matched} 条、与其他所有者已获奖数据重合 "
        f"{novelty.other_matched} 条；按计入记录应得 {fmt(entitled)} 元，此前已付 {fmt(previous)} "
        f"元，其他项目 {fmt(prior)} 元，本次支付 {fmt(top_up)} 元。",
        en=f"Ledger decision: {decision}; of {novelty.survivors} survivors {novelty.novel_records} "
        f"are novel, {novelty.own_matched} match this owner's rewarded data and "
        f"{novelty.other_matched} match another owner's; entitled on the credited records "
        f"{fmt(entitled)} yuan, paid earlier here {fmt(previous)} yuan, by other programmes "
        f"{fmt(prior)} yuan, paid now {fmt(top_up)} yuan.",
    )


def credited_entitlement(
    tier_entitled_yuan: float, novelty: Novelty, *, max_award_yuan: float
) -> float:
    """The tier amount (cost cap applied) times the credited share, floored, capped."""
    share = novelty.credited_share if novelty.survivors else Decimal(1)
    amount = _yuan(_money(tier_entitled_yuan) * share)
    return min(amount, max_award_yuan)


def settle(
    *,
    query: LedgerQuery,
    history: LedgerHistory,
    novelty: Novelty,
    eligible: bool,
    has_tier: bool,
    tier_entitled_yuan: float,
    prior_awards: list[PriorAward],
    min_credited_share: float,
    max_award_yuan: float,
) -> LedgerBlock:
    """Decide what is paid now: the credited entitlement minus what this data already received.

    What was received counts this ledger's net payments for the owner's lineage (same id, and
    own rewarded submissions it matches) plus the most favourable award declared from another
    programme, so the owner ends with the most favourable once and never above the cap.
    """
    prior = max((award.amount_yuan for award in prior_awards), default=0.0)
    previous = history.previous_paid_yuan
    min_share = _money(min_credited_share)
    refusal = _decide(eligible=eligible, has_tier=has_tier, novelty=novelty, min_share=min_share)
    entitled = credited_entitlement(tier_entitled_yuan, novelty, max_award_yuan=max_award_yuan)
    if refusal is None:
        due = _money(entitled) - _money(previous) - _money(prior)
        top_up = _yuan(max(Decimal(0), due))
        decision, reason = _paid_decision(top_up, previous=previous, prior=prior)
    else:
        entitled = 0.0 if refusal[0] == "copy_of_rewarded" else entitled
        top_up, (decision, reason) = 0.0, refusal
    return LedgerBlock(
        consulted=history.consulted,
        decision=decision,
        owner=query.owner,
        owner_id=query.owner_id,
        decision_key=query.decision_key,
        content_fingerprint=query.content_fingerprint,
        history_entries=history.history_entries,
        related_entries=list(history.related_entries),
        resubmission_of=history.resubmission_of,
        survivors=novelty.survivors,
        novel_records=novelty.novel_records,
        own_matched_records=novelty.own_matched,
        other_matched_records=novelty.other_matched,
        credited_records=novelty.credited_records,
        credited_share=float(round(novelty.credited_share, 6)),
        min_credited_share=min_credited_share,
        matched=list(novelty.matched),
        max_award_yuan=max_award_yuan,
        previous_paid_yuan=previous,
        prior_awards_yuan=prior,
        entitled_yuan=entitled,
        top_up_yuan=top_up,
        refusal_reason=reason,
        explanation=_explanation(decision, novelty, entitled, top_up, previous, prior),
    )


def matched_json(block: LedgerBlock) -> str:
    """The ledger row's `matched` column: canonical JSON of the block's matches."""
    rows = [m.model_dump(mode="json") for m in block.matched]
    return json.dumps(rows, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


class LedgerMismatchError(RuntimeError):
    """A grade and the ledger entry recorded for it disagree on money (a bug, not user input)."""


MONEY_FIELDS = (
    ("award_yuan", "award_yuan"),
    ("ledger.previous_paid_yuan", "previous_paid_yuan"),
    ("ledger.entitled_yuan", "entitled_yuan"),
    ("ledger.decision", "decision"),
    ("ledger.decision_key", "decision_key"),
)
"""(report grade field, ledger entry field) pairs that must be equal."""


def grade_field(grade: dict[str, object], dotted: str) -> object:
    """`ledger.decision` → grade["ledger"]["decision"]."""
    value: object = grade
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def ledger_disagreements(grade: dict[str, object], entry: dict[str, object]) -> list[str]:
    """Report grade fields that differ from the ledger entry, as sentences (empty = agree)."""
    return [
        f"report grade.{ours} is {grade_field(grade, ours)!r} but ledger entry "
        f"{entry.get('entry_no')} holds {theirs} {entry.get(theirs)!r}"
        for ours, theirs in MONEY_FIELDS
        if grade_field(grade, ours) != entry.get(theirs)
    ]


def with_ledger_entry(
    grade: dict[str, object], entry: dict[str, object], *, chain_head: str
) -> dict[str, object]:
    """The grade with the recorded entry's number and hash and the chain head filled in.

    Raises LedgerMismatchError when the grade and the entry disagree on money, so no report
    can state an award the ledger does not hold.
    """
    problems = ledger_disagreements(grade, entry)
    if problems:
        raise LedgerMismatchError("; ".join(problems))
    block = dict(grade["ledger"])  # type: ignore[call-overload]
    block.update(entry_no=entry["entry_no"], entry_hash=entry["entry_hash"], chain_head=chain_head)
    return {**grade, "ledger": block}
