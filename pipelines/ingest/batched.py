"""Ingest in bounded batches: the record table of a submission as a stream of small tables.

`ingest_submission` holds a whole file's bytes, lines and records at once (7 GB for a 2.1 GB
JSONL file). `IngestStream` yields the same records, in the same order, a batch at a time:
plain UTF-8 JSONL files (the large ones in practice) are read in pieces of `piece_bytes`;
other formats and compressed files are read whole, as before, then cut into batches.
Duplicate ids are found across batches with the set of ids seen so far. After the stream is
exhausted, `result()` gives the quarantine and per-file counts `ingest_submission` gives.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from pipelines.ingest.compression import BOM, DecompressBudget
from pipelines.ingest.decode import CHUNK_BYTES
from pipelines.ingest.finalize import FileContext, finalize_file
from pipelines.ingest.ingest import (
    FileStats,
    IngestResult,
    _sha256,
    plan_files,
    split_duplicate_ids,
)
from pipelines.ingest.jsonl import read_jsonl_piece
from pipelines.ingest.kinds import field_kind
from pipelines.ingest.limits import IngestLimits
from pipelines.ingest.paths import file_size
from pipelines.ingest.readers import read_file
from schemas.manifest import FileSpec, Manifest
from schemas.records import QUARANTINE_SCHEMA, record_schema

__all__ = ["IngestStream", "streamable"]


def streamable(path: Path, spec: FileSpec) -> bool:
    """Whether the file can be read piece by piece: plain (uncompressed) UTF-8 JSONL."""
    plain = path.is_file() and path.suffix.lower() not in (".gz", ".zst", ".zstd")
    return spec.format == "jsonl" and plain and codecs.lookup(spec.encoding).name == "utf-8"


def _pieces(path: Path, size: int) -> Iterator[tuple[int, bytes]]:
    """Whole-line pieces of about `size` bytes of a file (BOM left out), with first line number.

    Plain reads, not a memory map: mapped pages of a 2 GB file would stay in the process's
    resident (and proportional) set until the map closes.
    """
    line, carry = 1, b""
    with path.open("rb") as handle:
        if handle.read(len(BOM)) != BOM:
            handle.seek(0)
        while block := handle.read(size):
            data = carry + block
            cut = data.rfind(b"\n") + 1
            if cut == 0:
                carry = data
                continue
            piece, carry = data[:cut], data[cut:]
            yield line, piece
            line += piece.count(b"\n")
    if carry:
        yield line, carry


@dataclass
class IngestStream:
    """Iterate the record batches of a submission; `result()` afterwards (records left empty)."""

    submission_dir: Path
    manifest: Manifest
    limits: IngestLimits = field(default_factory=IngestLimits.from_env)
    piece_bytes: int = CHUNK_BYTES
    _quarantine: list[pl.DataFrame] = field(default_factory=list)
    _kept: dict[str, int] = field(default_factory=dict)
    _seen: pl.Series = field(default_factory=lambda: pl.Series("record_id", [], pl.String))
    _plan: list[tuple[str, Path, FileSpec]] = field(default_factory=list)
    _done: bool = False

    def __iter__(self) -> Iterator[pl.DataFrame]:
        """Record batches in `ingest_submission`'s order, duplicate ids left out."""
        self._plan = plan_files(self.submission_dir, self.manifest, limits=self.limits)
        budget = DecompressBudget(
            per_file=self.limits.max_decompressed_file_bytes,
            per_submission=self.limits.max_decompressed_submission_bytes,
        )
        for rel, path, spec in self._plan:
            for frame in self._frames(rel, path, spec, budget):
                records = self._finalize(frame, rel, spec)
                if records.height:
                    yield records
        self._done = True

    def _frames(
        self, rel: str, path: Path, spec: FileSpec, budget: DecompressBudget
    ) -> Iterator[pl.DataFrame]:
        """Reader frames of one file: piece by piece where possible, else the whole file."""
        if not streamable(path, spec):
            yield read_file(path, spec, self.manifest, name=rel, budget=budget, limits=self.limits)
            return
        budget.spend(rel, path.stat().st_size)
        kinds = {key: field_kind(key, self.manifest.dataset_type) for key in spec.fields}
        for first, piece in _pieces(path, self.piece_bytes):
            yield read_jsonl_piece(
                piece,
                first,
                fields=dict(spec.fields),
                kinds=kinds,
                max_depth=self.limits.max_json_depth,
            )

    def _finalize(self, frame: pl.DataFrame, rel: str, spec: FileSpec) -> pl.DataFrame:
        """Records of one reader frame; its bad rows and duplicate ids go to the quarantine."""
        ctx = FileContext(
            source_file=rel,
            dataset_type=self.manifest.dataset_type,
            fields=spec.fields,
            max_record_chars=self.limits.max_record_chars,
            source_lang=self.manifest.source_lang,
            target_lang=self.manifest.target_lang,
        )
        records, quarantine = finalize_file(frame, ctx)
        records, duplicates = self._split_duplicates(records)
        self._quarantine += [quarantine, duplicates]
        self._kept[rel] = self._kept.get(rel, 0) + records.height
        return records

    def _split_duplicates(self, records: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
        """Later records whose id an earlier record (of any batch) used, as quarantine rows."""
        kept, duplicates = split_duplicate_ids(records, self._seen)
        self._seen = pl.concat([self._seen, kept["record_id"]])
        return kept, duplicates

    def result(self) -> IngestResult:
        """Quarantine and per-file counts of the whole submission (after iterating)."""
        if not self._done:
            raise RuntimeError("iterate the IngestStream to its end before asking for result()")
        quarantine = pl.concat([pl.DataFrame(schema=QUARANTINE_SCHEMA), *self._quarantine])
        quarantine = quarantine.sort(
            "source_file", "source_line", maintain_order=True, nulls_last=True
        )
        grouped = quarantine.group_by("source_file").len()
        bad = dict(zip(grouped["source_file"], grouped["len"], strict=True))
        files = [
            FileStats(
                path=rel,
                format=spec.format,
                bytes=file_size(path),
                sha256=_sha256(path),
                read=self._kept.get(rel, 0) + bad.get(rel, 0),
                kept=self._kept.get(rel, 0),
                quarantined=bad.get(rel, 0),
            )
            for rel, path, spec in self._plan
        ]
        return IngestResult(
            records=empty_records(self.manifest), quarantine=quarantine, files=files
        )


def empty_records(manifest: Manifest) -> pl.DataFrame:
    """An empty record table with the dataset type's schema (and `content`)."""
    schema = pl.Schema({**dict(record_schema(manifest.dataset_type)), "content": pl.String()})
    return pl.DataFrame(schema=schema)
