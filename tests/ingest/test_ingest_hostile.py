"""Hostile and unlucky input (issue 16): each probe that used to crash, hang, read outside the
submission or lose a record, as a test. Every case ends kept, quarantined with a reason, or one
IngestError/ManifestError naming the file."""

from __future__ import annotations

import gzip
import os
import time
import tracemalloc
from pathlib import Path

import datasets
import polars as pl
import pytest
import zstandard

from pipelines.ingest import IngestError, IngestLimits, ingest_submission
from schemas.manifest import ManifestError, load_manifest
from tests.ingest.conftest import Submit

JSONL = {"path": "*.jsonl", "format": "jsonl", "fields": {"text": "text"}}
CSV = {"path": "*.csv", "format": "csv", "fields": {"id": "id", "text": "text"}}


def _rows(table: pl.DataFrame) -> list[tuple[int, str]]:
    return list(table.select("source_line", "reason").iter_rows())


def test_a_utf8_bom_does_not_cost_the_first_record(submit: Submit) -> None:
    body = b'\xef\xbb\xbf{"text": "first"}\n{"text": "second"}\n'
    root, manifest = submit("text_corpus", [JSONL], {"a.jsonl": body})
    result = ingest_submission(root, manifest)
    assert result.records["text"].to_list() == ["first", "second"]
    assert result.quarantine.height == 0


def test_a_utf8_bom_before_a_csv_header_is_not_part_of_the_first_column(submit: Submit) -> None:
    root, manifest = submit("text_corpus", [CSV], {"a.csv": b"\xef\xbb\xbfid,text\n7,hi\n"})
    assert ingest_submission(root, manifest).records["record_id"].to_list() == ["7"]


@pytest.mark.parametrize("escape", ["\\udfff", "\\ud800", "\\uDBFF x"])
def test_a_lone_surrogate_escape_is_quarantined_not_a_crash_or_a_nul(
    submit: Submit, escape: str
) -> None:
    body = '{"text": "ok"}\n{"text": "bad ' + escape + '"}\n{"text": "pair \\ud83d\\ude00"}\n'
    root, manifest = submit("text_corpus", [JSONL], {"a.jsonl": body})
    result = ingest_submission(root, manifest)
    assert result.records["text"].to_list() == ["ok", "pair 😀"]
    assert _rows(result.quarantine) == [(2, "lone_surrogate")]
    assert result.quarantine["field"].to_list() == ["text"]


@pytest.mark.parametrize("where", ["mapped", "unmapped"])
def test_json_nested_1000_deep_is_quarantined_as_too_deep(submit: Submit, where: str) -> None:
    deep = "[" * 1000 + "]" * 1000
    line = f'{{"text": {deep}}}' if where == "mapped" else f'{{"text": "t", "x": {deep}}}'
    body = f'{{"text": "before"}}\n{line}\n{{"text": "after"}}\n'
    root, manifest = submit("text_corpus", [JSONL], {"a.jsonl": body})
    result = ingest_submission(root, manifest)
    assert result.records["text"].to_list() == ["before", "after"]
    assert _rows(result.quarantine) == [(2, "too_deep")]
    assert "CORPUSGRADE_MAX_JSON_DEPTH" in result.quarantine["detail"][0]


def test_json_depth_limit_is_a_setting_and_brackets_in_strings_do_not_count(
    submit: Submit, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = '{"text": "[[[[[[[[", "x": [[1]]}\n{"text": "b", "x": [[[[1]]]]}\n'
    root, manifest = submit("text_corpus", [JSONL], {"a.jsonl": body})
    monkeypatch.setenv("CORPUSGRADE_MAX_JSON_DEPTH", "3")
    result = ingest_submission(root, manifest)
    assert result.records["text"].to_list() == ["[[[[[[[["]
    assert _rows(result.quarantine) == [(2, "too_deep")]


def test_a_limit_setting_that_is_not_a_number_is_a_clear_error(
    submit: Submit, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, manifest = submit("text_corpus", [JSONL], {"a.jsonl": '{"text": "a"}\n'})
    monkeypatch.setenv("CORPUSGRADE_MAX_DECOMPRESSED_FILE_BYTES", "lots")
    with pytest.raises(IngestError, match="CORPUSGRADE_MAX_DECOMPRESSED_FILE_BYTES='lots'"):
        ingest_submission(root, manifest)


@pytest.mark.parametrize(
    ("body", "kept", "quarantined"),
    [
        # a quote opened on line 3 swallows lines 4-5 (Polars merged them into one record)
        (b'id,text\n1,a\n2,"b\n3,c\n4,d"\n5,e\n', ["1", "3", "4", "5"], [(3, "malformed_line")]),
        # ... closed in the middle of a later field: Python's strict reader refuses it
        (b'id,text\n1,"hello\n2,world\n3,"foo"\n', ["2", "3"], [(2, "malformed_line")]),
        # ... never closed
        (b'id,text\n1,ok\n2,"open\n3,three\n', ["1", "3"], [(3, "malformed_line")]),
    ],
)
def test_an_open_quote_costs_one_line_and_is_quarantined(
    submit: Submit, body: bytes, kept: list[str], quarantined: list[tuple[int, str]]
) -> None:
    root, manifest = submit("text_corpus", [CSV], {"a.csv": body})
    result = ingest_submission(root, manifest)
    assert result.records["record_id"].to_list() == kept
    assert _rows(result.quarantine) == quarantined
    assert result.files[0].read == len(kept) + len(quarantined)


def test_csv_line_numbers_are_file_lines(submit: Submit) -> None:
    body = b'id,text\n1,"two\nlines"\n\n2,after a blank line\n3,x,extra\n'
    root, manifest = submit("text_corpus", [CSV], {"a.csv": body, "b.csv": b"id,text\n9,z\n"})
    result = ingest_submission(root, manifest)
    lines = result.records.select("source_file", "source_line").rows()
    assert lines == [("a.csv", 2), ("a.csv", 5), ("b.csv", 2)]
    assert _rows(result.quarantine) == [(6, "malformed_line")]


def _gzip_bomb(megabytes: int) -> bytes:
    """`megabytes` MiB of zeros as concatenated gzip members (~1 KB each)."""
    member = gzip.compress(b"\0" * 1024 * 1024, compresslevel=9)
    return member * megabytes


def _peak_mib(action: object) -> float:
    """Peak traced memory (MiB) while `action()` raises IngestError."""
    tracemalloc.start()
    try:
        with pytest.raises(IngestError) as caught:
            action()  # type: ignore[operator]
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "decompresses to more than" in str(caught.value)
    return peak / 1024**2


def test_a_gzip_bomb_stops_at_the_limit_while_streaming(submit: Submit) -> None:
    spec = {**JSONL, "path": "*.jsonl.gz"}
    one_member = gzip.compress(b"\0" * 300 * 1024 * 1024, compresslevel=1)
    root, manifest = submit("text_corpus", [spec], {"a.jsonl.gz": one_member})
    limits = IngestLimits(max_decompressed_file_bytes=20 * 1024**2)
    started = time.monotonic()
    peak = _peak_mib(lambda: ingest_submission(root, manifest, limits=limits))
    assert peak < 80, f"{peak:.0f} MiB held before the limit applied"
    assert time.monotonic() - started < 10


def test_a_zstd_bomb_stops_at_the_limit_while_streaming(submit: Submit) -> None:
    spec = {**JSONL, "path": "*.jsonl.zst"}
    bomb = zstandard.ZstdCompressor(level=1).compress(b"\0" * 300 * 1024 * 1024)
    root, manifest = submit("text_corpus", [spec], {"a.jsonl.zst": bomb})
    limits = IngestLimits(max_decompressed_file_bytes=20 * 1024**2)
    peak = _peak_mib(lambda: ingest_submission(root, manifest, limits=limits))
    assert peak < 120, f"{peak:.0f} MiB held before the limit applied"


def test_decompressed_bytes_are_limited_per_submission(submit: Submit) -> None:
    spec = {**JSONL, "path": "*.jsonl.gz"}
    files = {f"{n}.jsonl.gz": _gzip_bomb(4) for n in "abc"}
    root, manifest = submit("text_corpus", [spec], files)
    limits = IngestLimits(max_decompressed_submission_bytes=10 * 1024**2)
    with pytest.raises(IngestError, match=r"c\.jsonl\.gz: the submission's files decompress"):
        ingest_submission(root, manifest, limits=limits)


def test_an_hf_dataset_file_symlinked_outside_is_refused(submit: Submit, tmp_path: Path) -> None:
    spec = {"path": "hf", "format": "hf_dataset", "fields": {"text": "text"}}
    root, manifest = submit("text_corpus", [spec], {})
    datasets.Dataset.from_dict({"text": ["inside"]}).save_to_disk(str(root / "hf"))
    elsewhere = tmp_path / "private"
    datasets.Dataset.from_dict({"text": ["secret"]}).save_to_disk(str(elsewhere))
    arrow = next((root / "hf").glob("*.arrow"))
    arrow.unlink()
    arrow.symlink_to(next(elsewhere.glob("*.arrow")))
    with pytest.raises(IngestError, match=rf"hf/{arrow.name}: points outside the submission"):
        ingest_submission(root, manifest)


def test_a_pipe_inside_an_hf_dataset_folder_is_refused(submit: Submit) -> None:
    spec = {"path": "hf", "format": "hf_dataset", "fields": {"text": "text"}}
    root, manifest = submit("text_corpus", [spec], {})
    datasets.Dataset.from_dict({"text": ["inside"]}).save_to_disk(str(root / "hf"))
    os.mkfifo(root / "hf" / "pipe")
    with pytest.raises(IngestError, match="hf/pipe: not a regular file"):
        ingest_submission(root, manifest)


def test_a_manifest_symlinked_outside_the_folder_is_refused(submit: Submit, tmp_path: Path) -> None:
    root, _manifest = submit("text_corpus", [JSONL], {"a.jsonl": '{"text": "a"}\n'})
    outside = tmp_path / "other.yaml"
    (root / "manifest.yaml").rename(outside)
    (root / "manifest.yaml").symlink_to(outside)
    with pytest.raises(ManifestError, match=r"manifest\.yaml: points outside the submission"):
        load_manifest(root)


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    (tmp_path / "manifest.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(ManifestError, match=r"manifest.yaml: line 2: YAML alias \*a"):
        load_manifest(tmp_path)
    assert time.monotonic() - started < 2


def test_a_huge_manifest_is_refused_by_size(tmp_path: Path) -> None:
    (tmp_path / "manifest.yaml").write_text("id: x\n" + "#" * 2_000_000 + "\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="over the limit of 1048576 bytes"):
        load_manifest(tmp_path)


def test_a_long_value_in_a_manifest_error_is_shown_short(tmp_path: Path) -> None:
    nested = "[" * 50 + "]" * 50
    (tmp_path / "manifest.yaml").write_text(f"id: {nested}\n", encoding="utf-8")
    with pytest.raises(ManifestError) as caught:
        load_manifest(tmp_path)
    assert max(len(line) for line in str(caught.value).splitlines()) < 300
