"""Ingest limits and the error raised when a submission cannot be read at all."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

from schemas.errors import CorpusgradeError

__all__ = ["LIMITS_ENV_PREFIX", "IngestError", "IngestLimits"]

LIMITS_ENV_PREFIX = "CORPUSGRADE_"
"""`IngestLimits.from_env` reads CORPUSGRADE_MAX_FILE_BYTES, CORPUSGRADE_MAX_JSON_DEPTH, …"""


class IngestError(CorpusgradeError, ValueError):
    """A submission-level problem (path escape, missing files, size limit); names the file."""


@dataclass(frozen=True, kw_only=True)
class IngestLimits:
    """Bounds that keep one submission from exhausting the machine.

    `max_file_bytes` applies to each file as stored (a folder dataset counts all its files);
    `max_decompressed_file_bytes` to what one .gz/.zst file expands to and
    `max_decompressed_submission_bytes` to all of a submission's decompressed bytes together,
    both checked while decompressing, so a small bomb stops at the limit, not after it;
    `max_record_chars` to each text column of a record (longer ones are quarantined as
    `too_long`); `max_json_depth` to the nesting of one JSON line (deeper lines are quarantined
    as `too_deep`); `max_files` to the number of files all globs match together.
    """

    max_file_bytes: int = 8 * 1024**3
    max_decompressed_file_bytes: int = 2 * 1024**3
    max_decompressed_submission_bytes: int = 16 * 1024**3
    max_record_chars: int = 1_000_000
    max_json_depth: int = 64
    max_files: int = 10_000

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> IngestLimits:
        """Limits with any `CORPUSGRADE_<NAME>` setting (a whole number) taking precedence."""
        env = os.environ if environ is None else environ
        values: dict[str, int] = {}
        for item in fields(cls):
            key = LIMITS_ENV_PREFIX + item.name.upper()
            text = env.get(key, "").strip().replace("_", "")
            if not text:
                continue
            if not text.isdigit() or int(text) <= 0:
                raise IngestError(f"{key}={env[key]!r}: a limit must be a whole number above 0")
            values[item.name] = int(text)
        return cls(**values)
