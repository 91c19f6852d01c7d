"""Curated export: kept records only, masked text, Parquet + save_to_disk folder + dataset card."""

from __future__ import annotations

from pathlib import Path

import datasets
import polars as pl

from pipelines.curated import export_curated
from schemas.manifest import Manifest


def _manifest() -> Manifest:
    return Manifest.model_validate(
        {
            "id": "demo-1",
            "title": "Demo corpus",
            "owner": "Example Lab",
            "owner_id": {"country": "CN", "number": "91110000600037341L"},
            "dataset_type": "text_corpus",
            "category": "general",
            "domain": "news",
            "languages": ["th", "en"],
            "license": "CC-BY-4.0",
            "openness": "public",
            "files": [{"path": "data/*.jsonl", "format": "jsonl", "fields": {"text": "body"}}],
        }
    )


def _records() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "record_id": ["r1", "r2", "r3"],
            "source_file": ["data/a.jsonl"] * 3,
            "source_line": [1, 2, 3],
            "text": ["mail alice@example.com", "สวัสดีครับ", "<p>junk</p>"],
            "text_masked": ["mail [EMAIL]", "สวัสดีครับ", "junk"],
            "lang": ["en", "th", "en"],
            "script": ["Latin", "Thai", "Latin"],
            "n_units": [3, 7, 1],
            "drop_reason": [None, None, "markup"],
        }
    )


SUMMARY = {
    "records": 3,
    "rules": ["markup", "gopher_min_units"],
    "dropped_by_reason": {"markup": 1},
}


def test_export_writes_kept_masked_records(tmp_path: Path) -> None:
    export_curated(_records(), tmp_path, manifest=_manifest(), summary=SUMMARY)
    table = pl.read_parquet(tmp_path / "curated.parquet")
    assert table["record_id"].to_list() == ["r1", "r2"]
    assert table["text"].to_list() == ["mail [EMAIL]", "สวัสดีครับ"]
    assert "text_masked" not in table.columns
    hf = datasets.load_from_disk(str(tmp_path / "hf_dataset"))
    assert hf["text"] == ["mail [EMAIL]", "สวัสดีครับ"]


def test_raw_export_keeps_submitted_text(tmp_path: Path) -> None:
    export_curated(_records(), tmp_path, manifest=_manifest(), summary=SUMMARY, raw=True)
    table = pl.read_parquet(tmp_path / "curated.parquet")
    assert table["text"].to_list()[0] == "mail alice@example.com"


def test_dataset_card_lists_languages_sizes_filters_and_drops(tmp_path: Path) -> None:
    export_curated(_records(), tmp_path, manifest=_manifest(), summary=SUMMARY)
    card = (tmp_path / "hf_dataset" / "README.md").read_text(encoding="utf-8")
    assert card.startswith('---\npretty_name: "Demo corpus"')
    assert "- th" in card and "- en" in card
    assert "2 records kept of 3" in card
    assert "| markup | 1 |" in card
    assert "`gopher_min_units`" in card
    assert "| th | 1 |" in card


def test_export_is_deterministic_and_rerunnable(tmp_path: Path) -> None:
    export_curated(_records(), tmp_path / "a", manifest=_manifest(), summary=SUMMARY)
    export_curated(_records(), tmp_path / "b", manifest=_manifest(), summary=SUMMARY)
    export_curated(_records(), tmp_path / "b", manifest=_manifest(), summary=SUMMARY)
    for name in ("curated.parquet", "README.md"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
