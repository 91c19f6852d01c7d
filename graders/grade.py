"""Grade a submission: gates, dimension scores with evidence, tier, award, the ledger's verdict.

The only entry point the pipeline calls. A pure function of the measurements, the rubric file
and the ledger entries passed in, never of the clock or a file; recording the decision is a
separate step (`pipelines.ledger.Ledger.record`), so a re-run grades identically.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from graders.award import (
    LedgerHistory,
    LedgerQuery,
    assess_novelty,
    related_history,
    settle,
    split_history,
)
from graders.explain import summary_text
from graders.findings import collect_findings, library_cap
from graders.gates import evaluate_gates
from graders.indicators import r6
from graders.ledger import LedgerEntry
from graders.rubric import LoadedRubric, Rubric
from graders.scoring import award_amount, score_dimensions, select_tier
from schemas.grade import Bilingual, DimensionResult, GateResult, Grade, RubricRef
from schemas.measurements import Measurements

__all__ = ["decision_key", "grade_submission", "is_labelled", "ledger_query"]

DISPLAY_ONLY = ("owner", "title")
"""Manifest fields that change nothing in the award (the owner is `owner_id`)."""


def is_labelled(m: Measurements, rubric: Rubric) -> bool:
    """Labelled data: a labelled dataset type, or a declared label set."""
    return m.manifest.dataset_type in rubric.labelled_types or bool(m.manifest.label_set)


def decision_key(m: Measurements, *, rubric: LoadedRubric) -> str:
    """SHA-256 of everything that changes the award: measurements (data fingerprint, matches,
    audit, the manifest fields that score) and the rubric's bytes; display-only fields left out.
    """
    data = m.model_dump(mode="json", by_alias=True)
    data["manifest"] = {k: v for k, v in data["manifest"].items() if k not in DISPLAY_ONLY}
    body = {"measurements": data, "rubric_sha256": rubric.sha256}
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def ledger_query(m: Measurements, *, rubric: LoadedRubric) -> LedgerQuery:
    """The submission's identity for the ledger, with the rewarded records its survivors match."""
    return LedgerQuery(
        submission_id=m.manifest.id,
        owner=m.manifest.owner,
        owner_id=m.manifest.owner_id.key,
        content_fingerprint=m.dedup.content_fingerprint,
        rubric_sha256=rubric.sha256,
        decision_key=decision_key(m, rubric=rubric),
        survivors=m.dedup.survivors,
        rewarded_matches=tuple(
            (match.submission_id, match.shared_records) for match in m.dedup.rewarded_matches
        ),
    )


def _what_to_fix(gates: list[GateResult], dimensions: list[DimensionResult]) -> list[Bilingual]:
    """Failed gates first, then indicators that lost points, without repeats."""
    advice = [gate.fix for gate in gates if gate.fix is not None]
    advice += [i.fix for d in dimensions for i in d.indicators if i.fix is not None]
    unique: list[Bilingual] = []
    for item in advice:
        if item not in unique:
            unique.append(item)
    return unique


def grade_submission(
    measurements: Measurements,
    *,
    rubric: LoadedRubric,
    ledger: Sequence[LedgerEntry] | None = None,
) -> Grade:
    """Grade one submission under a rubric against the award ledger's entries (when given).

    Example::

        grade = grade_submission(measurements, rubric=load_rubric(), ledger=store.entries())
        report["grade"] = grade.model_dump(mode="json")
    """
    spec = rubric.rubric
    labelled = is_labelled(measurements, spec)
    query = ledger_query(measurements, rubric=rubric)
    judged_on, _repeats = split_history(ledger or [], query)
    novelty = assess_novelty(judged_on, query)
    history = (
        related_history(judged_on, query, novelty)
        if ledger is not None
        else LedgerHistory(consulted=False)
    )
    gates = evaluate_gates(spec.gates, measurements, labelled=labelled)
    eligible = all(gate.passed for gate in gates)
    credited = novelty.credited_records
    dimensions = score_dimensions(measurements, rubric=spec, labelled=labelled, credited=credited)
    total = r6(sum(dimension.score for dimension in dimensions))
    cap = library_cap(gates, spec.library_shortfall_cap_tier)
    tier = select_tier(spec.tiers, total=total, dimensions=dimensions, eligible=eligible, cap=cap)
    award = award_amount(
        tier, cap=spec.cost_cap, construction_cost=measurements.manifest.construction_cost_yuan
    )
    block = settle(
        query=query,
        history=history,
        novelty=novelty,
        eligible=eligible,
        has_tier=tier is not None,
        tier_entitled_yuan=award.entitled_yuan,
        prior_awards=list(measurements.manifest.prior_awards),
        min_credited_share=spec.ledger.min_credited_share,
        max_award_yuan=spec.max_award_yuan,
    )
    tier_name = Bilingual(zh=tier.name.zh, en=tier.name.en) if tier else None
    failed = [gate.id for gate in gates if not gate.passed]
    return Grade(
        submission_id=measurements.manifest.id,
        rubric=RubricRef(version=rubric.version, sha256=rubric.sha256),
        eligible=eligible,
        gates=gates,
        dimensions=dimensions,
        total=total,
        tier=tier.id if tier else None,
        tier_name=tier_name,
        tier_cap=cap,
        findings=collect_findings(gates, dimensions, cap=cap),
        award_yuan=block.top_up_yuan,
        award=award,
        ledger=block,
        labelled=labelled,
        summary=summary_text(
            eligible=eligible,
            total=total,
            tier=tier_name,
            award_yuan=block.top_up_yuan,
            failed=failed,
        ),
        what_to_fix=_what_to_fix(gates, dimensions),
    )
