"""The `report.json` model: the sections each stage summarised, the grade, and provenance.

Everything here is digested (see `graders.report.canonical`), so no field may hold a clock time,
an absolute path or a host name; those go in `envelope.json` beside the report. Stage sections
are plain JSON objects whose keys the stages own (docs/design.md, "Report sections"); the grade
and provenance blocks are typed because a reviewer's checks read them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.grade import Grade

__all__ = [
    "REPORT_FORMAT",
    "SECTIONS",
    "Example",
    "InputFile",
    "ModelRef",
    "Provenance",
    "Report",
    "SoftwareRef",
]

ReportFormat = Literal["corpusgrade-report/1"]
REPORT_FORMAT: ReportFormat = "corpusgrade-report/1"

SECTIONS: tuple[str, ...] = (
    "submission",
    "ingest",
    "signals",
    "filters",
    "dedup",
    "distributions",
    "types",
    "expectations",
    "audit",
    "examples",
    "grade",
    "provenance",
)
"""Section keys of a report, in reading order (verify compares them one by one)."""

AuditSource = Literal["labelstudio", "simulated", "none"]


class _Strict(BaseModel):
    """Frozen, unknown keys rejected: a renamed field in a stored report is caught."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class InputFile(_Strict):
    """One file of the submission folder (manifest included), path relative to the folder."""

    path: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    bytes: int = Field(ge=0)


class ModelRef(_Strict):
    """A versioned artefact the result depends on: a file name and its SHA-256."""

    file: str
    sha256: str


class SoftwareRef(_Strict):
    """corpusgrade's own version and the git commit it ran from ("unknown" outside a checkout)."""

    version: str
    git_commit: str


class Provenance(_Strict):
    """What the report was computed from, so a distrustful reviewer can recompute it."""

    input_files: list[InputFile]
    manifest_sha256: str
    submission_sha256: str
    rubric_version: str
    rubric_sha256: str
    langid_model: ModelRef
    seed: int
    corpusgrade: SoftwareRef
    packages: dict[str, str]
    audit_source: AuditSource
    audit_export_sha256: str | None = Field(
        default=None, description="SHA-256 of the canonical annotation rows the audit used"
    )


class Example(_Strict):
    """One masked example record shown for a failure reason (never the raw text)."""

    record_id: str
    source_file: str
    source_line: int | None = None
    text: str = Field(description="masked content, cut to a few hundred characters")
    detail: str | None = None


class Report(_Strict):
    """A whole grading report (`report.json`)."""

    format: ReportFormat = REPORT_FORMAT
    submission: dict[str, Any]
    ingest: dict[str, Any]
    signals: dict[str, Any]
    filters: dict[str, Any]
    dedup: dict[str, Any]
    distributions: dict[str, Any]
    types: dict[str, Any] | None = None
    expectations: dict[str, Any] | None = None
    audit: dict[str, Any]
    examples: dict[str, list[Example]] = Field(
        default_factory=dict, description="failure reason -> masked example records"
    )
    grade: Grade
    provenance: Provenance
