"""Ingest limits and the error raised when a submission cannot be read at all."""

from __future__ import annotations

from dataclasses import dataclass

from schemas.errors import CorpusgradeError

__all__ = ["IngestError", "IngestLimits"]


class IngestError(CorpusgradeError, ValueError):
    """A submission-level problem (path escape, missing files, size limit); names the file."""


@dataclass(frozen=True, kw_only=True)
class IngestLimits:
    """Bounds that keep one submission from exhausting the machine.

    `max_file_bytes` applies to each file as stored (a folder dataset counts all its files)
    and again to a compressed file's decompressed size,
    `max_record_chars` to each text column of a record (longer ones are quarantined as
    `too_long`), and `max_files` to the number of files all globs match together.
    """

    max_file_bytes: int = 8 * 1024**3
    max_record_chars: int = 1_000_000
    max_files: int = 10_000
