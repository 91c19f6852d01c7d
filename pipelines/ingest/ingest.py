"""Ingest a submission: every file the manifest names, read, checked, and split into the record
table and the quarantine table, with per-file counts that always add up."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.ingest.compression import DecompressBudget
from pipelines.ingest.finalize import FileContext, finalize_file
from pipelines.ingest.limits import IngestError, IngestLimits
from pipelines.ingest.paths import file_size, resolve_files
from pipelines.ingest.readers import read_file
from schemas.manifest import FileSpec, Manifest
from schemas.records import QUARANTINE_SCHEMA, record_schema

__all__ = ["FileStats", "IngestResult", "ingest_submission", "plan_files"]


@dataclass(frozen=True)
class FileStats:
    """Per-file counts: read = kept + quarantined."""

    path: str
    format: str
    bytes: int
    sha256: str
    read: int
    kept: int
    quarantined: int


@dataclass(frozen=True)
class IngestResult:
    """The record table, the quarantine table and per-file statistics of one submission."""

    records: pl.DataFrame
    quarantine: pl.DataFrame
    files: list[FileStats]


def _sha256(path: Path) -> str:
    """Hex digest of a file, or of every file (by relative path) below a folder."""
    if not path.is_dir():
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    digest = hashlib.sha256()
    for child in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(f"{child.relative_to(path).as_posix()}\0{_sha256(child)}\n".encode())
    return digest.hexdigest()


def plan_files(
    submission_dir: Path, manifest: Manifest, *, limits: IngestLimits
) -> list[tuple[str, Path, FileSpec]]:
    """(relative path, path, spec) of every file, sorted by path; a file is read once."""
    root = Path(submission_dir).resolve()
    plan: dict[str, tuple[Path, FileSpec]] = {}
    for spec in manifest.files:
        for path in resolve_files(root, spec, limits=limits):
            plan.setdefault(path.relative_to(root).as_posix(), (path, spec))
    if len(plan) > limits.max_files:
        raise IngestError(f"{root.name}: {len(plan)} files is over the limit of {limits.max_files}")
    return [(rel, path, spec) for rel, (path, spec) in sorted(plan.items())]


def split_duplicate_ids(
    records: pl.DataFrame, seen: pl.Series | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Quarantine later records whose mapped id an earlier record already used.

    `seen` holds the ids of records read before this table (the batched reader's earlier
    batches); without it only repeats inside `records` count.
    """
    later = ~pl.col("record_id").is_first_distinct()
    if seen is not None:
        later = later | pl.col("record_id").is_in(seen.implode())
    duplicates = records.filter(later).select(
        "source_file",
        "source_line",
        pl.lit("id").alias("field"),
        pl.lit("duplicate_id").alias("reason"),
        pl.format("id '{}' is already used by an earlier record", "record_id").alias("detail"),
        pl.col("content").str.slice(0, 1000).alias("raw"),
    )
    return records.filter(~later), duplicates.cast(QUARANTINE_SCHEMA)


def _counts(table: pl.DataFrame) -> dict[str, int]:
    """Rows per source file."""
    grouped = table.group_by("source_file").len()
    return dict(zip(grouped["source_file"], grouped["len"], strict=True))


def ingest_submission(
    submission_dir: Path, manifest: Manifest, *, limits: IngestLimits | None = None
) -> IngestResult:
    """Read every file of a submission into records and quarantine; raise IngestError for
    path escapes, globs that match nothing and size limits (the message names the file)."""
    limits = limits or IngestLimits.from_env()
    plan = plan_files(submission_dir, manifest, limits=limits)
    budget = DecompressBudget(
        per_file=limits.max_decompressed_file_bytes,
        per_submission=limits.max_decompressed_submission_bytes,
    )
    kept_parts, bad_parts = [], []
    for rel, path, spec in plan:
        frame = read_file(path, spec, manifest, name=rel, budget=budget, limits=limits)
        ctx = FileContext(
            source_file=rel,
            dataset_type=manifest.dataset_type,
            fields=spec.fields,
            max_record_chars=limits.max_record_chars,
            source_lang=manifest.source_lang,
            target_lang=manifest.target_lang,
        )
        records, quarantine = finalize_file(frame, ctx)
        kept_parts.append(records)
        bad_parts.append(quarantine)
    schema = pl.Schema({**dict(record_schema(manifest.dataset_type)), "content": pl.String()})
    records = pl.concat([pl.DataFrame(schema=schema), *kept_parts])
    records, duplicates = split_duplicate_ids(records)
    quarantine = pl.concat([pl.DataFrame(schema=QUARANTINE_SCHEMA), *bad_parts, duplicates])
    quarantine = quarantine.sort("source_file", "source_line", maintain_order=True, nulls_last=True)
    kept, bad = _counts(records), _counts(quarantine)
    files = [
        FileStats(
            path=rel,
            format=spec.format,
            bytes=file_size(path),
            sha256=_sha256(path),
            read=kept.get(rel, 0) + bad.get(rel, 0),
            kept=kept.get(rel, 0),
            quarantined=bad.get(rel, 0),
        )
        for rel, path, spec in plan
    ]
    return IngestResult(records=records, quarantine=quarantine, files=files)
