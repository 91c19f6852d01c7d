"""Ingest: read a submission's files (every supported format) into the record table and the
quarantine table, safely (paths stay inside the submission) and losslessly (read = kept +
quarantined, per file)."""

from __future__ import annotations

from pipelines.ingest.ingest import FileStats, IngestResult, ingest_submission
from pipelines.ingest.limits import IngestError, IngestLimits
from pipelines.ingest.summary import summarize_ingest
from pipelines.ingest.validate import validate_submission

__all__ = [
    "FileStats",
    "IngestError",
    "IngestLimits",
    "IngestResult",
    "ingest_submission",
    "summarize_ingest",
    "validate_submission",
]
