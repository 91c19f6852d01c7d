"""JSONL ingest: happy path, compression, and every bad line with its quarantine reason."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
import zstandard

from pipelines.ingest import IngestError, IngestLimits, ingest_submission, summarize_ingest
from schemas.manifest import Manifest
from schemas.records import QUARANTINE_SCHEMA, record_schema

Submit = Callable[..., tuple[Path, Manifest]]

SPEC = {"path": "data/*.jsonl*", "format": "jsonl", "fields": {"id": "id", "text": "body"}}
N = 20_000
GOOD = '{"id": "a", "body": "Xin chào"}\n{"id": "b", "body": "Tạm biệt"}\n'


def _reasons(quarantine: pl.DataFrame) -> list[tuple[int, str, str | None]]:
    return list(
        zip(quarantine["source_line"], quarantine["reason"], quarantine["field"], strict=True)
    )


def test_good_lines_become_records_with_fixed_columns(submit: Submit) -> None:
    root, manifest = submit("text_corpus", [SPEC], {"data/a.jsonl": GOOD})
    result = ingest_submission(root, manifest)
    assert result.records["text"].to_list() == ["Xin chào", "Tạm biệt"]
    assert result.records["record_id"].to_list() == ["a", "b"]
    assert result.records["source_line"].to_list() == [1, 2]
    assert result.records["content"].to_list() == result.records["text"].to_list()
    expected = [*record_schema("text_corpus").names(), "content"]
    assert result.records.columns == expected
    assert result.quarantine.schema == QUARANTINE_SCHEMA
    (stats,) = result.files
    assert (stats.path, stats.read, stats.kept, stats.quarantined) == ("data/a.jsonl", 2, 2, 0)


def test_every_bad_line_is_quarantined_with_its_reason(submit: Submit) -> None:
    lines = [
        b'{"id": "1", "body": "ok"}',
        b"{not json",
        b'{"id": "3", "body": 42}',
        b'{"id": "4"}',
        b'{"id": "5", "body": "   "}',
        b'{"id": "6", "body": "bad \xff\xfe bytes"}',
        b'{"id": "1", "body": "same id again"}',
        b'["a", "list"]',
        b'{"id": "9", "body": "' + b"x" * 50 + b'"}',
    ]
    root, manifest = submit("text_corpus", [SPEC], {"data/a.jsonl": b"\n".join(lines) + b"\n"})
    result = ingest_submission(root, manifest, limits=IngestLimits(max_record_chars=40))
    assert _reasons(result.quarantine) == [
        (2, "malformed_json", None),
        (3, "wrong_type", "text"),
        (4, "missing_field", "text"),
        (5, "empty_record", "text"),
        (6, "invalid_utf8", None),
        (7, "duplicate_id", "id"),
        (8, "malformed_json", None),
        (9, "too_long", "text"),
    ]
    assert result.records["record_id"].to_list() == ["1"]
    assert result.quarantine.filter(pl.col("reason") == "invalid_utf8")["raw"][0].endswith(
        'bad \\xff\\xfe bytes"}'
    )
    (stats,) = result.files
    assert (stats.read, stats.kept, stats.quarantined) == (9, 1, 8)


def test_gzip_and_zstd_are_read_and_truncation_is_quarantined(submit: Submit) -> None:
    # enough distinct text for several zstd blocks, so half a file still holds whole lines
    body = "".join(f'{{"id": "{i}", "body": "line {i * 7919 % 100003}"}}\n' for i in range(N))
    body_bytes = body.encode()
    zstd = zstandard.ZstdCompressor().compress(body_bytes)
    gz = gzip.compress(body_bytes)
    files = {
        "data/a.jsonl.gz": gz,
        "data/b.jsonl.zst": zstd,
        "data/c.jsonl.gz": gz[: len(gz) // 2],
        "data/d.jsonl.zst": zstd[: len(zstd) // 2],
    }
    spec = {**SPEC, "fields": {"text": "body"}}
    root, manifest = submit("text_corpus", [spec], files)
    result = ingest_submission(root, manifest)
    by_file = {s.path: s for s in result.files}
    assert by_file["data/a.jsonl.gz"].kept == N
    assert by_file["data/b.jsonl.zst"].kept == N
    for name in ("data/c.jsonl.gz", "data/d.jsonl.zst"):
        stats = by_file[name]
        assert 0 < stats.kept < N and stats.quarantined == 1 and stats.read == stats.kept + 1
    reasons = (
        result.quarantine.group_by("source_file").agg(pl.col("reason").first()).sort("source_file")
    )
    assert reasons["reason"].to_list() == ["truncated_archive", "truncated_archive"]


def test_record_ids_are_hashes_when_no_id_is_mapped_and_stable(submit: Submit) -> None:
    spec = {**SPEC, "fields": {"text": "body"}}
    root, manifest = submit("text_corpus", [spec], {"data/a.jsonl": GOOD})
    first = ingest_submission(root, manifest).records["record_id"].to_list()
    again = ingest_submission(root, manifest).records["record_id"].to_list()
    assert first == again
    assert all(len(rid) == 17 and rid.startswith("r") for rid in first)
    assert len(set(first)) == 2


def test_empty_file_gives_empty_tables_with_the_contract_dtypes(submit: Submit) -> None:
    root, manifest = submit("text_corpus", [SPEC], {"data/a.jsonl": ""})
    result = ingest_submission(root, manifest)
    assert result.records.height == 0 and result.quarantine.height == 0
    assert result.records.schema["source_line"] == pl.Int64
    assert result.records.schema["generated"] == pl.Boolean


def test_provenance_fields_and_types_in_fallback_path(submit: Submit) -> None:
    spec = {
        "path": "a.jsonl",
        "format": "jsonl",
        "fields": {"text": "t", "source_details": "url", "generated": "gen", "id": "n"},
    }
    lines = (
        '{"t": "one", "url": "https://a", "gen": true, "n": 7}\n'
        '{"t": "two", "url": null, "gen": "no", "n": 8}\n'
        '{"t": "three", "gen": "maybe", "n": 9}\n'
    )
    root, manifest = submit("text_corpus", [spec], {"a.jsonl": lines})
    result = ingest_submission(root, manifest)
    assert result.records["record_id"].to_list() == ["7", "8"]
    assert result.records["generated"].to_list() == [True, False]
    assert result.records["source_details"].to_list() == ["https://a", None]
    assert _reasons(result.quarantine) == [(3, "wrong_type", "generated")]


def test_summary_counts_per_file_reason_field_and_lengths(submit: Submit) -> None:
    text = GOOD + "garbage\n"
    root, manifest = submit("text_corpus", [SPEC], {"data/a.jsonl": text})
    summary = summarize_ingest(ingest_submission(root, manifest))
    assert summary["files"][0]["read"] == 3 and summary["files"][0]["quarantined"] == 1
    assert len(summary["files"][0]["sha256"]) == 64
    assert summary["quarantine_reasons"] == {"malformed_json": 1}
    assert summary["fields"]["text"] == 2 and summary["fields"]["source_details"] == 0
    assert summary["text_lengths"]["text"] == {
        "max": 8,
        "mean": 8.0,
        "median": 8.0,
        "min": 8,
        "p95": 8.0,
    }
    assert summary["totals"] == {"files": 1, "kept": 2, "quarantined": 1, "read": 3}


def test_a_subtly_broken_line_among_many_costs_only_that_line(submit: Submit) -> None:
    lines = [f'{{"id": "{i}", "body": "text {i}"}}' for i in range(1000)]
    lines[517] = '{"id": "517", "body": "trailing comma",}'
    lines[900] = '{"id": "900", "body": ["nested", "list"]}'
    root, manifest = submit("text_corpus", [SPEC], {"data/a.jsonl": "\n".join(lines)})
    result = ingest_submission(root, manifest)
    assert _reasons(result.quarantine) == [
        (518, "malformed_json", None),
        (901, "wrong_type", "text"),
    ]
    assert result.records.height == 998
    assert result.records["source_line"].is_sorted()


def test_concatenated_gzip_members_are_all_read(submit: Submit) -> None:
    one, two = b'{"body": "first"}\n', b'{"body": "second"}\n'
    spec = {**SPEC, "fields": {"text": "body"}}
    files = {"data/a.jsonl.gz": gzip.compress(one) + gzip.compress(two)}
    root, manifest = submit("text_corpus", [spec], files)
    assert ingest_submission(root, manifest).records["text"].to_list() == ["first", "second"]


def test_decompressed_size_is_limited(submit: Submit) -> None:
    bomb = gzip.compress(b'{"body": "' + b"a" * 5_000_000 + b'"}\n')
    spec = {**SPEC, "fields": {"text": "body"}}
    root, manifest = submit("text_corpus", [spec], {"data/a.jsonl.gz": bomb})
    with pytest.raises(IngestError, match=r"a\.jsonl\.gz: decompresses to more than 1000000"):
        ingest_submission(
            root, manifest, limits=IngestLimits(max_decompressed_file_bytes=1_000_000)
        )


def test_same_submission_same_tables(submit: Submit) -> None:
    files = {f"data/{name}.jsonl": GOOD + "broken\n" for name in ("b", "a", "c")}
    root, manifest = submit("text_corpus", [{**SPEC, "fields": {"text": "body"}}], files)
    first, again = ingest_submission(root, manifest), ingest_submission(root, manifest)
    assert first.records.equals(again.records) and first.quarantine.equals(again.quarantine)
    assert first.records["source_file"].unique(maintain_order=True).to_list() == [
        "data/a.jsonl",
        "data/b.jsonl",
        "data/c.jsonl",
    ]
