"""Dispatch one file to the reader of its format."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.ingest.columnar import read_hf_dataset, read_parquet_file
from pipelines.ingest.compression import Payload, read_payload, transcode
from pipelines.ingest.conll import read_conll_payload
from pipelines.ingest.delimited import read_csv_payload
from pipelines.ingest.jsonl import read_jsonl_payload
from pipelines.ingest.kinds import field_kind
from pipelines.ingest.text import read_text_payload
from pipelines.ingest.tmx import read_tmx_file
from schemas.manifest import FileSpec, Manifest

__all__ = ["read_file"]

_PAYLOAD_FORMATS = frozenset({"jsonl", "csv", "tsv", "text", "conllu", "conll2003"})


def _payload(path: Path, spec: FileSpec, *, max_bytes: int) -> Payload:
    """Decompressed bytes, re-encoded to UTF-8 when the manifest declares another encoding."""
    payload = read_payload(path, max_bytes=max_bytes)
    return transcode(payload, spec.encoding)


def read_file(path: Path, spec: FileSpec, manifest: Manifest, *, max_bytes: int) -> pl.DataFrame:
    """A reader frame (one row per record read, good or bad) for one file.

    `max_bytes` bounds the decompressed size of .gz/.zst files (IngestError beyond it).
    """
    kinds = {name: field_kind(name, manifest.dataset_type) for name in spec.fields}
    fields = dict(spec.fields)
    payload = _payload(path, spec, max_bytes=max_bytes) if spec.format in _PAYLOAD_FORMATS else None
    if payload is not None and spec.format == "jsonl":
        return read_jsonl_payload(payload, fields=fields, kinds=kinds)
    if payload is not None and spec.format in ("csv", "tsv"):
        separator = spec.delimiter or ("," if spec.format == "csv" else "\t")
        return read_csv_payload(payload, separator=separator, fields=fields, kinds=kinds)
    if payload is not None and spec.format == "text":
        return read_text_payload(payload, per_file=spec.text_mode == "file")
    if payload is not None:
        return read_conll_payload(payload, conllu=spec.format == "conllu")
    if spec.format == "parquet":
        return read_parquet_file(path, fields=fields, kinds=kinds)
    if spec.format == "hf_dataset":
        return read_hf_dataset(path, split=spec.split, fields=fields, kinds=kinds)
    return read_tmx_file(path, source_lang=manifest.source_lang, target_lang=manifest.target_lang)
