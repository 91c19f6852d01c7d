"""`corpusgrade validate`: every problem with a submission as `file:line: field: message`."""

from __future__ import annotations

from pathlib import Path

from pipelines.ingest.ingest import ingest_submission
from pipelines.ingest.limits import IngestError, IngestLimits
from schemas.manifest import ManifestError, load_manifest

__all__ = ["validate_submission"]


def validate_submission(submission_dir: Path, *, limits: IngestLimits | None = None) -> list[str]:
    """Problems with the manifest and every file; an empty list means the submission is valid."""
    try:
        manifest = load_manifest(Path(submission_dir))
    except ManifestError as exc:
        return list(exc.problems)
    try:
        result = ingest_submission(Path(submission_dir), manifest, limits=limits)
    except IngestError as exc:
        return [str(exc)]
    return [
        f"{row['source_file']}:{row['source_line'] or '-'}: {row['field'] or '-'}: "
        f"{row['reason']}: {row['detail']}"
        for row in result.quarantine.iter_rows(named=True)
    ]
