"""A sentence corpus of clean text through the whole pipeline: records are not dropped as short
documents (issue 14: 300 Indonesian sentences, one per line, used to be dropped 100%)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import polars as pl

from pipelines.demo.common import write_manifest
from pipelines.demo.indonesian import indonesian_document
from pipelines.runner import run_submission

DUPLICATES = ("duplicate_exact", "duplicate_near")


def _sentence_submission(folder: Path, *, unit: str | None) -> Path:
    rng = random.Random(14)
    lines = [indonesian_document(rng, None, sentences=1) for _ in range(300)]
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "sentences.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    manifest: dict[str, object] = {
        "id": "id-sentences",
        "title": "Indonesian news sentences",
        "owner": "Example University",
        "owner_id": {"country": "CN", "number": "91110000600037341L"},
        "dataset_type": "text_corpus",
        "category": "general",
        "domain": "news",
        "languages": ["id"],
        "license": "CC-BY-4.0",
        "openness": "public",
        "files": [{"path": "data/*.txt", "format": "text", "text_mode": "line"}],
    }
    if unit is not None:
        manifest["unit"] = unit
    write_manifest(folder, manifest)
    return folder


def test_sentence_corpus_keeps_its_clean_records(home: Path, tmp_path: Path) -> None:
    folder = _sentence_submission(tmp_path / "sub", unit=None)
    outcome = run_submission(folder, out=tmp_path / "out")
    assert outcome.success, outcome.failures
    records = pl.read_parquet(tmp_path / "out" / "records.parquet")
    assert records.height == 300
    reason = pl.col("drop_reason")
    filtered = records.filter(reason.is_not_null() & ~reason.is_in(DUPLICATES)).height
    assert filtered / records.height <= 0.02, records["drop_reason"].value_counts()
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["filters"]["unit"]["unit"] == "sentence"
    assert report["filters"]["unit"]["source"] == "inferred"
    assert set(records["lang"].unique().to_list()) == {"id"}
