"""The values of the non-table assets: what each stage hands the next, as pydantic models.

The IO manager (`pipelines.defs.io`) stores each as JSON (`model_dump(mode="json")`, canonical
key order) and loads it back into the model the consuming parameter is annotated with. Their
JSON is the report section of the same name, byte for byte as the stages' dicts were before
these models existed. The dedup section is typed to its leaves; where a section's inner keys
belong to the stage that writes them and vary with the dataset type or the audit tasks (the
audit rates, the type summaries) they stay JSON objects here and are documented in
docs/design.md, "Report sections".
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer

from schemas.manifest import Manifest
from schemas.measurements import Measurements

__all__ = [
    "AssetValue",
    "AuditSummary",
    "CuratedSummary",
    "DedupParameters",
    "DedupSummary",
    "ExpectationResult",
    "ExpectationsSummary",
    "FiltersSummary",
    "IngestStats",
    "MeasuredEvidence",
    "NearDuplicateRule",
    "PriorOverlap",
    "ResidualPii",
    "SCurvePoint",
    "SubmissionManifest",
]


class AssetValue(BaseModel):
    """Base of stored asset values: frozen, unknown keys rejected (a renamed key is caught)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def stored(self) -> dict[str, Any]:
        """The JSON object the IO manager writes and the report sections hold."""
        return self.model_dump(mode="json")


class SubmissionManifest(AssetValue):
    """Asset `manifest`: the validated manifest and the SHA-256 of the manifest file's bytes."""

    manifest: Manifest
    manifest_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")

    @field_serializer("manifest")
    def _manifest_json(self, manifest: Manifest) -> dict[str, Any]:
        """The manifest as written in files: field aliases, absent fields left out."""
        return manifest.model_dump(mode="json", by_alias=True, exclude_none=True)


class IngestStats(AssetValue):
    """Asset `ingest_stats` (report section `ingest`): counts per file, hashes and the seed."""

    files: list[dict[str, Any]] = Field(description="per file: path, sha256, read/kept counts")
    totals: dict[str, int]
    quarantine_reasons: dict[str, int]
    fields: dict[str, int] = Field(description="non-null values per column of the kept records")
    text_lengths: dict[str, dict[str, Any]]
    submission_sha256: str
    content_fingerprint: str
    seed: int


class FiltersSummary(AssetValue):
    """Report section `filters`: kept/dropped, drops per reason and language, rules, unit."""

    dropped: int = Field(ge=0)
    dropped_by_language: dict[str, dict[str, int]]
    dropped_by_reason: dict[str, int]
    kept: int = Field(ge=0)
    kept_share: float
    records: int = Field(ge=0)
    rules: list[str]
    thresholds: dict[str, Any]
    unit: dict[str, Any] | None


class CuratedSummary(AssetValue):
    """Asset `curated`: what the curated export holds, and the `filters` section it reports."""

    kept: int = Field(ge=0)
    dropped: int = Field(ge=0)
    filters: FiltersSummary


class ExpectationResult(AssetValue):
    """One Great Expectations outcome (`quality.expectations.ExpectationOutcome`)."""

    name: str
    gate: bool
    success: bool
    observed_value: Any
    unexpected_count: int | None
    unexpected_record_ids: list[str]
    observed_share: float | None
    max_share: float | None


class ExpectationsSummary(AssetValue):
    """Asset `expectations` (report section of the same name): the suite's result, run once."""

    evaluated: int = Field(ge=0)
    passed: int = Field(ge=0)
    failed: list[str]
    gates_passed: bool
    failed_gates: list[str]
    results: list[ExpectationResult]


class NearDuplicateRule(AssetValue):
    """The near-duplicate rule of the decided record unit (`quality.dedup.params.NearRule`)."""

    unit: str
    jaccard: float = Field(ge=0.0, le=1.0)
    same_numbers: bool
    max_word_edits: int | None
    max_edits: int | None
    rule: str = Field(description="the rule in plain words")


class DedupParameters(AssetValue):
    """MinHash/LSH parameters and the rule that decided a near duplicate."""

    num_perm: int = Field(gt=0)
    bands: int = Field(gt=0)
    rows: int = Field(gt=0)
    jaccard_threshold: float = Field(ge=0.0, le=1.0)
    near_duplicate_rule: NearDuplicateRule
    shingle_sizes: dict[str, int]
    seed: int


class SCurvePoint(AssetValue):
    """The chance LSH proposes a pair at this Jaccard similarity."""

    jaccard: float
    p_detect: float


class PriorOverlap(AssetValue):
    """This submission's overlap with one earlier submission (`Registry.overlaps`)."""

    prior_submission: str
    matched_records: int = Field(ge=0)
    share_of_submission: float = Field(ge=0.0)
    share_of_prior: float = Field(ge=0.0)


class DedupSummary(AssetValue):
    """Asset `dedup_summary` (report section `dedup`): clusters, S-curve, prior overlap.

    `records_matching_prior` is there only when the registry was consulted (an extra key).
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    records_considered: int = Field(ge=0)
    duplicates: dict[str, int]
    duplicate_share: float
    clusters: int = Field(ge=0)
    largest_cluster: int = Field(ge=0)
    parameters: DedupParameters
    explained: dict[str, str] = Field(description="each parameter in plain words")
    s_curve: list[SCurvePoint]
    steps: dict[str, int]
    prior_overlap: list[PriorOverlap]


class AuditSummary(AssetValue):
    """Asset `audit_summary` (report section `audit`): where the verdicts came from, and the
    section `quality.audit.summary.summarize_audit` wrote (rates, agreement, annotators ...),
    kept as its extra keys; with no audit it is `{"source": "none"}` alone."""

    model_config = ConfigDict(extra="allow", frozen=True)

    source: Literal["labelstudio", "simulated", "none"]

    def section(self) -> dict[str, Any] | None:
        """The audit section the grader counts, or None when nothing was audited."""
        return None if self.source == "none" else self.stored()


class ResidualPii(AssetValue):
    """Asset `residual_pii`: records whose masked text still holds detectable PII, counted once
    on `signals`; the blocking G4 check and the measurements both read this value."""

    records: int = Field(ge=0)
    residual_records: int = Field(ge=0)
    share: float = Field(ge=0.0)


class MeasuredEvidence(AssetValue):
    """Asset `measurements`: what the grader reads, and the `types` and `expectations` sections."""

    measurements: Measurements
    types: dict[str, Any]
    expectations: ExpectationsSummary

    @field_serializer("measurements")
    def _measurements_json(self, measurements: Measurements) -> dict[str, Any]:
        """The measurements with field aliases (the manifest's own spelling)."""
        return measurements.model_dump(mode="json", by_alias=True)
