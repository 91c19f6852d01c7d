"""Assets `audit_summary`, `measurements`, `grade` and `ledger_entry`: from evidence to award.

`grade` is a pure function of the measurements, the rubric file and the ledger's entries (read
here and passed in); `ledger_entry` is the one step that appends to the append-only award ledger,
and writes nothing when a re-run repeats the submission's latest decision.
"""

from pathlib import Path
from typing import Any

import dagster as dg
import polars as pl

from graders.grade import grade_submission
from graders.rubric import LoadedRubric, load_rubric
from graders.supplement import supplement_measurements
from pipelines.defs.partitions import submission_partitions
from pipelines.defs.resources import RunSettings, WorkspaceResource
from pipelines.labelstudio.adjudicate import with_simulated_reviews
from pipelines.ledger import RecordedEntry
from pipelines.measure import build_measurements
from pipelines.sources import declared_source_of
from quality.audit.summary import summarize_audit
from quality.safety import load_keywords
from quality.types import summarize_types
from schemas.assets import (
    AuditSummary,
    CuratedSummary,
    ExpectationsSummary,
    MeasuredEvidence,
    ResidualPii,
    SubmissionManifest,
)
from schemas.grade import Grade


def rubric_of(settings: RunSettings) -> LoadedRubric:
    """The rubric this run grades with: the settings' file, else the default."""
    return load_rubric(Path(settings.rubric_path) if settings.rubric_path else None)


@dg.asset(partitions_def=submission_partitions, group_name="audit")
def audit_summary(
    settings: RunSettings,
    manifest: SubmissionManifest,
    audit_sample: pl.DataFrame,
    annotations: pl.DataFrame,
) -> AuditSummary:
    """Rates over settled verdicts with Wilson intervals, agreement per control, annotator
    accuracy; in the simulated demo a simulated reviewer settles the uncertain items."""
    if settings.audit == "none" or annotations.height == 0:
        return AuditSummary(source="none")
    simulated = settings.audit == "simulated"
    if simulated:
        annotations = with_simulated_reviews(annotations, audit_sample)
    files = audit_sample["source_file"].drop_nulls().unique().to_list()
    sources = declared_source_of(manifest.manifest, files)
    section = summarize_audit(
        annotations, audit_sample, simulated=simulated, source_of=sources or None
    )
    return AuditSummary.model_validate({"source": settings.audit, **section})


@dg.asset(partitions_def=submission_partitions, group_name="grade")
def measurements(
    context: dg.AssetExecutionContext,
    workspace: WorkspaceResource,
    manifest: SubmissionManifest,
    quarantine: pl.DataFrame,
    deduped_records: pl.DataFrame,
    curated: CuratedSummary,
    expectations: ExpectationsSummary,
    residual_pii: ResidualPii,
    audit_summary: AuditSummary,
    audit_sample: pl.DataFrame,
) -> MeasuredEvidence:
    """Everything the grader reads (`schemas.measurements.Measurements`), with type summaries.

    The expectations are the suite's stored result (the `expectations` asset), the drop counts
    the `filters` section `curated` computed and the residual PII the `residual_pii` asset
    counted: none is recomputed here.
    """
    model = manifest.manifest
    space = workspace.get()
    types = summarize_types(deduped_records, dataset_type=model.dataset_type)
    rewarded = space.ledger().rewarded_owners()
    built = build_measurements(
        manifest=model,
        quarantined=quarantine.height,
        records=deduped_records,
        filters=curated.filters,
        types_summary=types,
        expectations=expectations,
        residual_pii=residual_pii,
        audit_summary=audit_summary.section(),
        keyword_library_size=len(load_keywords(space.keyword_library_path())),
        rewarded_submissions=[s for s in rewarded if s != context.partition_key],
    )
    folder = space.submission_folder(context.partition_key)
    built = supplement_measurements(
        built, records=deduped_records, sample=audit_sample, folder=folder
    )
    return MeasuredEvidence(measurements=built, types=types, expectations=expectations)


@dg.asset(partitions_def=submission_partitions, group_name="grade")
def grade(
    context: dg.AssetExecutionContext,
    settings: RunSettings,
    workspace: WorkspaceResource,
    measurements: MeasuredEvidence,
) -> Grade:
    """Gates, dimension scores with evidence, total, tier and award (the report's `grade`)."""
    entries = workspace.get().ledger().entries()
    result = grade_submission(measurements.measurements, rubric=rubric_of(settings), ledger=entries)
    context.add_output_metadata(outcome_metadata(result))
    return result


def outcome_metadata(grade: Grade) -> dict[str, Any]:
    """What an operator looks for in the Dagster UI: score, tier, award, failed gates, decision."""
    failed = [gate.id for gate in grade.gates if not gate.passed]
    return {
        "score": float(grade.total),
        "tier": grade.tier or "no tier",
        "award_yuan": float(grade.award_yuan),
        "failed_gates": ", ".join(failed) or "none",
        "ledger_decision": grade.ledger.decision,
    }


@dg.asset(partitions_def=submission_partitions, group_name="grade")
def ledger_entry(
    context: dg.AssetExecutionContext, workspace: WorkspaceResource, grade: Grade
) -> RecordedEntry:
    """Append this grading decision to the award ledger (a re-run returns the entry it repeats).

    Returns the entry and the chain head after it, which go into the report and envelope.json.
    """
    recorded = workspace.get().ledger().record_with_head(grade)
    context.add_output_metadata(
        {
            "entry_no": recorded.entry_no,
            "award_yuan": recorded.award_yuan,
            "chain_head": recorded.chain_head,
        }
    )
    return recorded
