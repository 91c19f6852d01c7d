"""Grade a submission: gates, dimension scores with evidence, tier, award, the ledger's verdict.

The only entry point the pipeline calls. The result depends on the measurements, the rubric file
and the ledger's contents, never on the clock; recording the grade is a separate step
(`Ledger.record`) so a re-run grades identically.
"""

from __future__ import annotations

from graders.award import LedgerHistory, LedgerQuery, settle
from graders.explain import summary_text
from graders.gates import evaluate_gates
from graders.indicators import r6
from graders.ledger import Ledger
from graders.rubric import LoadedRubric, Rubric
from graders.scoring import award_amount, credited_records, score_dimensions, select_tier
from schemas.grade import Bilingual, DimensionResult, GateResult, Grade, RubricRef
from schemas.measurements import Measurements

__all__ = ["grade_submission", "is_labelled", "ledger_query"]


def is_labelled(m: Measurements, rubric: Rubric) -> bool:
    """Labelled data: a labelled dataset type, or a declared label set."""
    return m.manifest.dataset_type in rubric.labelled_types or bool(m.manifest.label_set)


def ledger_query(m: Measurements, *, rubric: LoadedRubric) -> LedgerQuery:
    """The submission's identity for the ledger, with earlier submissions it mostly repeats."""
    survivors = m.dedup.survivors
    share = rubric.rubric.ledger.same_data_share
    overlapping = sorted(
        match.submission_id
        for match in m.dedup.prior_matches
        if survivors and match.shared_records / survivors >= share
    )
    return LedgerQuery(
        submission_id=m.manifest.id,
        owner=m.manifest.owner,
        content_fingerprint=m.dedup.content_fingerprint,
        rubric_sha256=rubric.sha256,
        overlapping=tuple(overlapping),
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
    measurements: Measurements, *, rubric: LoadedRubric, ledger: Ledger | None = None
) -> Grade:
    """Grade one submission under a rubric, consulting the award ledger when given.

    Example::

        grade = grade_submission(measurements, rubric=load_rubric(), ledger=Ledger(path))
        report["grade"] = grade.model_dump(mode="json")
    """
    spec = rubric.rubric
    labelled = is_labelled(measurements, spec)
    query = ledger_query(measurements, rubric=rubric)
    history = ledger.history(query) if ledger else LedgerHistory(consulted=False)
    gates = evaluate_gates(spec.gates, measurements, labelled=labelled)
    eligible = all(gate.passed for gate in gates)
    credited = credited_records(measurements, resubmission=history.resubmission_of is not None)
    dimensions = score_dimensions(measurements, rubric=spec, labelled=labelled, credited=credited)
    total = r6(sum(dimension.score for dimension in dimensions))
    tier = select_tier(spec.tiers, total=total, dimensions=dimensions, eligible=eligible)
    award = award_amount(
        tier, cap=spec.cost_cap, construction_cost=measurements.manifest.construction_cost_yuan
    )
    block = settle(
        query=query,
        history=history,
        eligible=eligible,
        has_tier=tier is not None,
        entitled_yuan=award.entitled_yuan,
        prior_awards=list(measurements.manifest.prior_awards),
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
