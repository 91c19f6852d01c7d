"""Asset `report`: report.json (+ digest), report.html, report.md and envelope.json.

The digested report holds no clock time, host or absolute path; those go in `envelope.json`.
Beside the reports the asset keeps what `corpusgrade verify` needs to re-run the submission:
the audit export, the rubric file and a snapshot of the registry/ledger (`verify-state/`).
"""

import json
import platform
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import dagster as dg
import polars as pl

from graders.award import with_ledger_entry
from graders.report.assemble import (
    assemble_report,
    example_records,
    length_distribution,
    submission_section,
)
from graders.report.canonical import canonical_bytes, digest, sha256_line
from graders.report.html import render_html
from graders.report.markdown import render_markdown
from pipelines.defs.grade import outcome_metadata
from pipelines.defs.partitions import submission_partitions
from pipelines.defs.resources import RunSettings, WorkspaceResource
from pipelines.defs.streamed import read_without
from pipelines.ledger import RecordedEntry
from pipelines.provenance import collect_provenance
from pipelines.workspace import Workspace
from quality.signals import summarize_signals
from schemas.assets import (
    AuditSummary,
    CuratedSummary,
    DedupSummary,
    IngestStats,
    MeasuredEvidence,
    SubmissionManifest,
)
from schemas.grade import Grade
from schemas.report import Report

__all__ = ["STATE_DIR", "report", "write_report_files", "write_verify_state"]

REPORT_UNUSED = ("text", "content", "text_masked")
"""Text copies the report never reads: the unmasked ones, and `text_masked` (its examples show
`content_masked`)."""
STATE_DIR = "verify-state"
ANNOTATIONS_FILE = "annotations.parquet"


def write_report_files(report_dict: dict[str, Any], out: Path) -> str:
    """Write report.json (+ .sha256), report.html and report.md (zh, then en); return the digest."""
    body = canonical_bytes(report_dict)
    hex_digest = digest(report_dict)
    (out / "report.json").write_bytes(body)
    (out / "report.json.sha256").write_text(sha256_line(hex_digest), encoding="utf-8")
    (out / "report.html").write_text(render_html(report_dict, digest=hex_digest), encoding="utf-8")
    zh, en = (render_markdown(report_dict, digest=hex_digest, lang=lang) for lang in ("zh", "en"))
    (out / "report.md").write_text(zh + "\n---\n\n" + en, encoding="utf-8")
    return hex_digest


def write_verify_state(
    out: Path,
    *,
    annotations: pl.DataFrame,
    rubric_path: str,
    ledger_entry_no: int | None,
    registry_file: Path | None = None,
) -> None:
    """Keep the inputs a re-run cannot rebuild: audit export, rubric, registry and ledger.

    `registry_file` is the workspace's DuckDB file (default: the current workspace's).
    """
    registry_file = registry_file or Workspace.current().registry_file
    state = out / STATE_DIR
    state.mkdir(parents=True, exist_ok=True)
    if annotations.height:
        annotations.write_parquet(state / ANNOTATIONS_FILE, statistics=False)
    if rubric_path:
        shutil.copyfile(rubric_path, state / "rubric.yaml")
    if registry_file.exists():
        shutil.copyfile(registry_file, state / "registry.duckdb")
    meta = {"ledger_entry_no": ledger_entry_no, "custom_rubric": bool(rubric_path)}
    (state / "state.json").write_text(json.dumps(meta, sort_keys=True) + "\n", encoding="utf-8")


def _envelope(
    submission_id: str, settings: RunSettings, hex_digest: str, *, space: Workspace
) -> dict[str, Any]:
    """Run time, host, paths and the record-id key's fingerprint: what the digest must not
    contain. The fingerprint (never the key) tells a re-run under another key apart."""
    return {
        "submission_id": submission_id,
        "report_sha256": hex_digest,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "host": platform.node(),
        "submission_folder": str(space.submission_folder(submission_id)),
        "corpusgrade_home": str(space.home),
        "outputs_dir": str(space.outputs_dir(submission_id)),
        "record_id_key_sha256": space.record_id_key_fingerprint(),
        "settings": {
            "audit": settings.audit,
            "engine": settings.engine,
            "rubric_path": settings.rubric_path,
        },
    }


@dg.asset(partitions_def=submission_partitions, group_name="report")
def report(
    context: dg.AssetExecutionContext,
    settings: RunSettings,
    workspace: WorkspaceResource,
    manifest: SubmissionManifest,
    ingest_stats: IngestStats,
    quarantine: pl.DataFrame,
    deduped_records: pl.LazyFrame,
    dedup_summary: DedupSummary,
    curated: CuratedSummary,
    measurements: MeasuredEvidence,
    audit_summary: AuditSummary,
    annotations: pl.DataFrame,
    grade: Grade,
    ledger_entry: RecordedEntry,
) -> Report:
    """Assemble, validate and write the grading report; return it.

    The record table is read without the text copies it never reads (`REPORT_UNUSED`).
    """
    space = workspace.get()
    records = read_without(deduped_records, REPORT_UNUSED)
    rubric = settings.loaded_rubric()
    used = annotations if audit_summary.source != "none" else annotations.clear()
    sections = {
        "submission": submission_section(manifest.stored()),
        "ingest": ingest_stats.stored(),
        "signals": summarize_signals(records, declared=manifest.manifest.languages),
        "filters": curated.filters.stored(),
        "dedup": dedup_summary.stored(),
        "distributions": length_distribution(records),
        "types": measurements.types,
        "expectations": measurements.expectations.stored(),
        "audit": audit_summary.stored(),
        "examples": example_records(records, quarantine, record_id_key=space.record_id_key()),
        "grade": with_ledger_entry(
            grade.model_dump(mode="json"),
            ledger_entry.model_dump(mode="json"),
            chain_head=ledger_entry.chain_head,
        ),
        "provenance": collect_provenance(
            folder=space.submission_folder(context.partition_key),
            manifest_sha256=manifest.manifest_sha256,
            submission_sha256=ingest_stats.submission_sha256,
            rubric_version=rubric.version,
            rubric_sha256=rubric.sha256,
            seed=ingest_stats.seed,
            audit_source=audit_summary.source,
            annotations=used,
        ),
    }
    report_dict = assemble_report(sections=sections)
    out = space.outputs_dir(context.partition_key)
    hex_digest = write_report_files(report_dict, out)
    write_verify_state(
        out,
        annotations=used,
        rubric_path=settings.rubric_path,
        ledger_entry_no=ledger_entry.entry_no,
        registry_file=space.registry_file,
    )
    envelope = _envelope(context.partition_key, settings, hex_digest, space=space)
    envelope["ledger"] = {"entry_no": ledger_entry.entry_no, "chain_head": ledger_entry.chain_head}
    (out / "envelope.json").write_text(json.dumps(envelope, indent=2) + "\n", encoding="utf-8")
    context.add_output_metadata(
        {
            **outcome_metadata(grade),
            "ledger_entry": ledger_entry.entry_no,
            "report_sha256": hex_digest,
            "report_html": dg.MetadataValue.url((out / "report.html").resolve().as_uri()),
            "report_folder": dg.MetadataValue.path(str(out.resolve())),
            "committee_board": dg.MetadataValue.path(str(space.home / "board/board.html")),
        }
    )
    return Report.model_validate(report_dict)
