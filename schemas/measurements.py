"""Everything the grader needs from the pipeline, one sub-model per stage that measured it.

The integrator fills a `Measurements` from the report sections (ingest, signals/filters, dedup,
types, expectations, audit) and the manifest; the grader reads nothing else, so grading is a pure
function of this model, the rubric file and the award ledger.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.manifest import Manifest

__all__ = [
    "Agreement",
    "AuditMeasurements",
    "DedupMeasurements",
    "ExpectationsMeasurements",
    "IngestMeasurements",
    "Measurements",
    "ModelApplication",
    "PiiCheck",
    "PriorMatch",
    "SampleCount",
    "SignalsMeasurements",
    "SourceSample",
    "TypesMeasurements",
]


class _Part(BaseModel):
    """Base for measurement parts: unknown keys are errors so a renamed field is caught."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class IngestMeasurements(_Part):
    """Counts from ingest: rows read, kept, quarantined, and record-level provenance."""

    rows_read: int = Field(ge=0)
    records_kept: int = Field(ge=0)
    rows_quarantined: int = Field(ge=0)
    records_complete: int | None = Field(
        default=None,
        ge=0,
        description="records with every required field non-empty (None = all kept)",
    )
    records_missing_provenance: int = Field(
        default=0,
        ge=0,
        description="records without source, source_details or licence (manifest applied)",
    )
    internet_records: int = Field(default=0, ge=0, description="records whose source is 互联网")
    internet_records_without_url: int = Field(default=0, ge=0)
    generated_flagged: int = Field(default=0, ge=0, description="records flagged generated=true")
    generated_flag_missing: int = Field(
        default=0, ge=0, description="records with no generated flag"
    )
    generated_unflagged_suspected: int = Field(
        default=0,
        ge=0,
        description="records judged machine-generated (detector/audit) yet not flagged",
    )

    @model_validator(mode="after")
    def _balanced(self) -> IngestMeasurements:
        """Rows read = records kept + rows quarantined (the ingest invariant)."""
        if self.rows_read != self.records_kept + self.rows_quarantined:
            msg = (
                f"rows_read ({self.rows_read}) must equal records_kept ({self.records_kept}) "
                f"+ rows_quarantined ({self.rows_quarantined})"
            )
            raise ValueError(msg)
        return self


class ExpectationsMeasurements(_Part):
    """Great Expectations results: how many expectations ran and how many passed."""

    evaluated: int = Field(ge=0)
    successful: int = Field(ge=0)


class SignalsMeasurements(_Part):
    """Signals and filters: what the record-level rules kept, PII, language, automated screen."""

    records_in: int = Field(ge=0, description="records entering the filters (= kept by ingest)")
    records_passing_filters: int = Field(ge=0)
    drop_reasons: dict[str, int] = Field(default_factory=dict)
    residual_pii_records: int = Field(
        default=0, ge=0, description="records with PII left after masking"
    )
    lang_matches_declared: int | None = Field(default=None, ge=0)
    language_counts: dict[str, int] = Field(
        default_factory=dict, description="kept records per detected language"
    )
    safety_screened: int = Field(
        default=0, ge=0, description="records run through the automated screen"
    )
    safety_screen_passed: int = Field(default=0, ge=0)
    keyword_library_size: int = Field(default=0, ge=0)


class PriorMatch(_Part):
    """Survivors of this submission that match records of one earlier submission."""

    submission_id: str
    owner: str | None = None
    shared_records: int = Field(ge=0)


class DedupMeasurements(_Part):
    """Duplicates inside the submission and overlap with earlier submissions (the registry)."""

    records_in: int = Field(ge=0, description="records still kept after the filters")
    exact_duplicates: int = Field(default=0, ge=0)
    near_duplicates: int = Field(default=0, ge=0)
    survivors: int = Field(ge=0, description="deduplicated, filter-passing records")
    survivors_duplicating_rewarded: int = Field(
        default=0, ge=0, description="survivors matching a record of an earlier rewarded submission"
    )
    prior_matches: list[PriorMatch] = Field(default_factory=list)
    rewarded_matches: list[PriorMatch] = Field(
        default_factory=list,
        description="survivors matching the credited records of a rewarded submission (any "
        "registration order), per rewarded submission; the award's novelty rests on these",
    )
    content_fingerprint: str = Field(
        min_length=8, description="hash of the sorted survivor content hashes (dataset identity)"
    )


class TypesMeasurements(_Part):
    """Type-specific consistency checks (parallel alignment, label set, NER spans, ...)."""

    checked: int = Field(ge=0)
    consistent: int = Field(ge=0)
    issues: dict[str, int] = Field(default_factory=dict)


class SampleCount(_Part):
    """An audit judgement over a sample: how many were looked at and how many passed."""

    sampled: int = Field(ge=0)
    passed: int = Field(ge=0)
    sample_ids: list[str] = Field(default_factory=list, description="record ids of the sample")

    @model_validator(mode="after")
    def _passed_le_sampled(self) -> SampleCount:
        """A sample cannot pass more items than it holds."""
        if self.passed > self.sampled:
            raise ValueError(f"passed ({self.passed}) > sampled ({self.sampled})")
        return self


class SourceSample(_Part):
    """Harmful items found in the audit sample of one source (G2)."""

    source: str
    sampled: int = Field(ge=0)
    harmful: int = Field(ge=0)


class Agreement(_Part):
    """Inter-annotator agreement on the double-annotated subset."""

    items: int = Field(ge=0, description="double-annotated items")
    alpha: float | None = None
    kappa: float | None = None
    sample_ids: list[str] = Field(default_factory=list, description="double-annotated item ids")


class AuditMeasurements(_Part):
    """The human audit (Label Studio, simulated, or none) of a stratified sample."""

    source: Literal["labelstudio", "simulated", "none"] = "none"
    correctness: SampleCount | None = None
    safety: SampleCount | None = None
    alignment: SampleCount | None = None
    labels: SampleCount | None = Field(default=None, description="label accuracy on reviewed items")
    agreement: Agreement | None = None
    pii_in_sample: int = Field(default=0, ge=0)
    sources: list[SourceSample] = Field(default_factory=list)


class PiiCheck(_Part):
    """G4's independent check: a second detector on the unmasked text of the audit sample."""

    detector: str = Field(description="what ran: libraries and versions")
    checked: int = Field(ge=0, description="sampled records whose unmasked text was checked")
    found: int = Field(ge=0, description="records where the second detector found PII")
    residual: int = Field(ge=0, description="records whose masked text still holds that PII")
    sample_ids: list[str] = Field(default_factory=list, description="records with residual PII")


class ModelApplication(_Part):
    """Declared model-application evidence (A − B uplift); a reviewer confirms it.

    `reproducible` holds only when the evidence file named in the manifest was found inside the
    submission, its SHA-256 recorded, and its structure and numbers match the declaration.
    """

    metric: str
    baseline: float
    with_dataset: float
    reproducible: bool = False
    reviewer_confirmed: bool = False
    evidence_path: str | None = None
    evidence_sha256: str | None = None
    problems: list[str] = Field(default_factory=list, description="why it is not checkable")


class Measurements(_Part):
    """All the grader reads: the manifest plus one part per measuring stage."""

    manifest: Manifest
    ingest: IngestMeasurements
    signals: SignalsMeasurements
    dedup: DedupMeasurements
    types: TypesMeasurements | None = None
    expectations: ExpectationsMeasurements | None = None
    audit: AuditMeasurements = AuditMeasurements()
    pii_check: PiiCheck | None = None
    model_application: ModelApplication | None = None
