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
from pipelines.defs.ingest import manifest_from_asset
from pipelines.defs.partitions import submission_partitions
from pipelines.defs.resources import RunSettings
from pipelines.home import keyword_library_path, registry_path, submission_folder
from pipelines.labelstudio.adjudicate import with_simulated_reviews
from pipelines.ledger import Ledger
from pipelines.measure import build_measurements
from pipelines.sources import declared_source_of
from quality.audit.summary import summarize_audit
from quality.safety import load_keywords
from quality.types import summarize_types
from schemas.grade import Grade


def rubric_of(settings: RunSettings) -> LoadedRubric:
    """The rubric this run grades with: the settings' file, else the default."""
    return load_rubric(Path(settings.rubric_path) if settings.rubric_path else None)


@dg.asset(partitions_def=submission_partitions, group_name="audit")
def audit_summary(
    settings: RunSettings,
    manifest: dict[str, Any],
    audit_sample: pl.DataFrame,
    annotations: pl.DataFrame,
) -> dict[str, Any]:
    """Rates over settled verdicts with Wilson intervals, agreement per control, annotator
    accuracy; in the simulated demo a simulated reviewer settles the uncertain items."""
    if settings.audit == "none" or annotations.height == 0:
        return {"source": "none"}
    simulated = settings.audit == "simulated"
    if simulated:
        annotations = with_simulated_reviews(annotations, audit_sample)
    files = audit_sample["source_file"].drop_nulls().unique().to_list()
    sources = declared_source_of(manifest_from_asset(manifest), files)
    section = summarize_audit(
        annotations, audit_sample, simulated=simulated, source_of=sources or None
    )
    return {"source": settings.audit, **section}


@dg.asset(partitions_def=submission_partitions, group_name="grade")
def measurements(
    context: dg.AssetExecutionContext,
    manifest: dict[str, Any],
    quarantine: pl.DataFrame,
    deduped_records: pl.DataFrame,
    curated: dict[str, Any],
    expectations: dict[str, Any],
    audit_summary: dict[str, Any],
    audit_sample: pl.DataFrame,
) -> dict[str, Any]:
    """Everything the grader reads (`schemas.measurements.Measurements`), with type summaries.

    The expectations are the suite's stored result (the `expectations` asset) and the drop
    counts the `filters` section `curated` computed: neither is recomputed here.
    """
    model = manifest_from_asset(manifest)
    types = summarize_types(deduped_records, dataset_type=model.dataset_type)
    rewarded = Ledger(registry_path()).rewarded_owners()
    built = build_measurements(
        manifest=model,
        quarantined=quarantine.height,
        records=deduped_records,
        filters_summary=curated["filters"],
        types_summary=types,
        expectations_summary=expectations,
        audit_summary=audit_summary if audit_summary.get("source", "none") != "none" else None,
        keyword_library_size=len(load_keywords(keyword_library_path())),
        rewarded_submissions=[s for s in rewarded if s != context.partition_key],
    )
    folder = submission_folder(context.partition_key)
    built = supplement_measurements(
        built, records=deduped_records, sample=audit_sample, folder=folder
    )
    return {
        "measurements": built.model_dump(mode="json", by_alias=True),
        "types": types,
        "expectations": expectations,
    }


@dg.asset(partitions_def=submission_partitions, group_name="grade")
def grade(
    context: dg.AssetExecutionContext, settings: RunSettings, measurements: dict[str, Any]
) -> dict[str, Any]:
    """Gates, dimension scores with evidence, total, tier and award (the report's `grade`)."""
    from schemas.measurements import Measurements

    model = Measurements.model_validate(measurements["measurements"])
    entries = Ledger(registry_path()).entries()
    result = grade_submission(model, rubric=rubric_of(settings), ledger=entries)
    graded = result.model_dump(mode="json")
    context.add_output_metadata(outcome_metadata(graded))
    return graded


def outcome_metadata(grade: dict[str, Any]) -> dict[str, Any]:
    """What an operator looks for in the Dagster UI: score, tier, award, failed gates, decision."""
    failed = [gate["id"] for gate in grade["gates"] if not gate["passed"]]
    return {
        "score": float(grade["total"]),
        "tier": grade["tier"] or "no tier",
        "award_yuan": float(grade["award_yuan"]),
        "failed_gates": ", ".join(failed) or "none",
        "ledger_decision": str(grade["ledger"]["decision"]),
    }


@dg.asset(partitions_def=submission_partitions, group_name="grade")
def ledger_entry(context: dg.AssetExecutionContext, grade: dict[str, Any]) -> dict[str, Any]:
    """Append this grading decision to the award ledger (a re-run returns the entry it repeats).

    Returns the entry and the chain head after it, which go into the report and envelope.json.
    """
    ledger = Ledger(registry_path())
    entry = ledger.record(Grade.model_validate(grade))
    head = ledger.head()
    context.add_output_metadata(
        {"entry_no": entry.entry_no, "award_yuan": entry.award_yuan, "chain_head": str(head)}
    )
    return {**entry.model_dump(mode="json"), "chain_head": str(head)}
