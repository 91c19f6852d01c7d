"""What the fuzz found, each as a test that failed before its fix (issue 16)."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest
import yaml

from pipelines.ingest import ingest_submission
from schemas.manifest import ManifestError, load_manifest
from tests.fuzz.hostile import manifest_dict

CSV = {"path": "a.csv", "format": "csv", "fields": {"id": "id", "text": "text"}}


def _submission(tmp_path: Path, spec: dict[str, object], name: str, data: bytes) -> Path:
    root = tmp_path / "s"
    root.mkdir()
    (root / name).write_bytes(data)
    manifest = manifest_dict("text_corpus", spec)
    (root / "manifest.yaml").write_text(yaml.safe_dump(manifest), encoding="utf-8")
    return root


def test_a_manifest_nested_thousands_deep_is_one_error_not_a_recursion_error(
    tmp_path: Path,
) -> None:
    (tmp_path / "manifest.yaml").write_text("id: " + "[" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(ManifestError, match=r"manifest\.yaml: line 1: nested more than 32"):
        load_manifest(tmp_path)


def test_a_list_as_dataset_type_is_a_manifest_error_not_a_type_error(tmp_path: Path) -> None:
    spec = {"path": "a.jsonl", "format": "jsonl", "fields": {"text": "text"}}
    data = manifest_dict("text_corpus", spec) | {"dataset_type": []}
    (tmp_path / "manifest.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ManifestError, match="dataset_type"):
        load_manifest(tmp_path)


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (b"id,te\xffxt", "missing_field"),  # a header cell that is not UTF-8
        (b"id,text,_n", None),  # a column named like the reader's own line-number column
    ],
)
def test_a_hostile_csv_header_costs_records_not_the_file(
    tmp_path: Path, header: bytes, reason: str | None
) -> None:
    width = header.count(b",") + 1
    rows = [b",".join([b"1", b"one", b"x"][:width]), b'2,"two\nlines"' + b",x" * (width - 2)]
    root = _submission(tmp_path, CSV, "a.csv", b"\n".join([header, *rows]) + b"\n")
    result = ingest_submission(root, load_manifest(root))
    stats = result.files[0]
    assert (stats.read, stats.kept + stats.quarantined) == (2, 2)
    if reason is None:
        assert result.records.select("source_line", "text").rows() == [
            (2, "one"),
            (3, "two\nlines"),
        ]
    else:
        assert result.quarantine.select("source_line", "reason").rows() == [
            (2, reason),
            (3, reason),
        ]


def test_a_binary_text_column_in_parquet_is_quarantined_as_wrong_type(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    frame = pl.DataFrame(
        {"id": ["1", "2"], "text": [b"\xff", b"ok"]}, schema_overrides={"text": pl.Binary}
    )
    frame.write_parquet(buffer)
    spec = {"path": "a.parquet", "format": "parquet", "fields": {"id": "id", "text": "text"}}
    root = _submission(tmp_path, spec, "a.parquet", buffer.getvalue())
    result = ingest_submission(root, load_manifest(root))
    assert result.quarantine.select("source_line", "reason").rows() == [
        (1, "wrong_type"),
        (2, "wrong_type"),
    ]
    assert result.quarantine["raw"].to_list() == [
        '{"id":"1","text":"ff"}',
        '{"id":"2","text":"6f6b"}',
    ]


def test_a_parquet_file_damaged_anywhere_is_quarantined_not_a_polars_panic(
    tmp_path: Path,
) -> None:
    """Polars panicked (a Rust panic, not an Exception) on damaged pages, on strings that are not
    UTF-8 and on a column name that is not UTF-8; one byte changed at each of 150 places."""
    buffer = io.BytesIO()
    pl.DataFrame(
        {"id": [str(i) for i in range(50)], "text": ["t" * (i % 7) for i in range(50)]}
    ).write_parquet(buffer)
    data = buffer.getvalue()
    spec = {"path": "a.parquet", "format": "parquet", "fields": {"id": "id", "text": "text"}}
    root = _submission(tmp_path, spec, "a.parquet", data)
    manifest = load_manifest(root)
    reasons: set[str] = set()
    for at in range(0, len(data), max(1, len(data) // 150)):
        (root / "a.parquet").write_bytes(data[:at] + bytes([data[at] ^ 0x5A]) + data[at + 1 :])
        result = ingest_submission(root, manifest)
        assert result.files[0].read == result.files[0].kept + result.files[0].quarantined
        reasons.update(result.quarantine["reason"].to_list())
    assert "unreadable_file" in reasons


@pytest.mark.parametrize("text", ["ID+8613800138000", "Tel+6581266048", "phone+60123456789"])
def test_an_international_phone_glued_after_letters_is_masked(text: str) -> None:
    """Found by the PII property test: "+" right after a letter never started a number."""
    from quality.pii import mask_pii

    masked, types = mask_pii(text)
    assert types == ["PHONE"] and not any(ch.isdigit() for ch in masked), masked
