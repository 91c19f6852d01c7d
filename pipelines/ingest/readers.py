"""Dispatch one file to the reader of its format."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.ingest.columnar import read_hf_dataset, read_parquet_file
from pipelines.ingest.compression import (
    DecompressBudget,
    Payload,
    read_payload,
    strip_bom,
    transcode,
)
from pipelines.ingest.conll import read_conll_payload
from pipelines.ingest.delimited import read_csv_payload
from pipelines.ingest.jsonl import read_jsonl_payload
from pipelines.ingest.kinds import field_kind
from pipelines.ingest.limits import IngestLimits
from pipelines.ingest.text import read_text_payload
from pipelines.ingest.tmx import read_tmx_file
from schemas.manifest import FileSpec, Manifest

__all__ = ["read_file"]

_PAYLOAD_FORMATS = frozenset({"jsonl", "csv", "tsv", "text", "conllu", "conll2003"})


def _payload(path: Path, spec: FileSpec, *, name: str, budget: DecompressBudget) -> Payload:
    """Decompressed bytes, re-encoded to UTF-8 when the manifest declares another encoding,
    without a byte order mark."""
    payload = read_payload(path, name=name, budget=budget)
    return strip_bom(transcode(payload, spec.encoding))


def read_file(
    path: Path,
    spec: FileSpec,
    manifest: Manifest,
    *,
    name: str,
    budget: DecompressBudget,
    limits: IngestLimits,
) -> pl.DataFrame:
    """A reader frame (one row per record read, good or bad) for one file.

    `budget` bounds the decompressed bytes (IngestError beyond it, naming `name`).
    """
    kinds = {key: field_kind(key, manifest.dataset_type) for key in spec.fields}
    fields = dict(spec.fields)
    payload = (
        _payload(path, spec, name=name, budget=budget) if spec.format in _PAYLOAD_FORMATS else None
    )
    if payload is not None and spec.format == "jsonl":
        return read_jsonl_payload(
            payload, fields=fields, kinds=kinds, max_depth=limits.max_json_depth
        )
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
