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


def _sentence_submission(folder: Path, *, unit: str | None, extra: tuple[str, ...] = ()) -> Path:
    rng = random.Random(14)
    lines = [indonesian_document(rng, None, sentences=1) for _ in range(300)] + list(extra)
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


PRICES = tuple(
    f"Harga beras medium di Pasar Induk Cipinang naik menjadi Rp {price} per kilogram pada "
    "hari Senin pagi, kata pedagang."
    for price in ("12.500", "13.500", "14.500")
)
TYPO_COPY = PRICES[0].lower().replace("kilogram", "kilgoram").replace(",", "")


def test_sentence_corpus_keeps_templated_sentences_and_removes_a_typo_copy(
    home: Path, tmp_path: Path
) -> None:
    """Sentences of one template differing in a number are distinct records (the document rule
    removed them as near duplicates); a copy with one typo is still removed; the report says
    which rule decided."""
    extra = (*PRICES, TYPO_COPY)
    folder = _sentence_submission(tmp_path / "sub", unit="sentence", extra=extra)
    outcome = run_submission(folder, out=tmp_path / "out")
    assert outcome.success, outcome.failures
    records = pl.read_parquet(tmp_path / "out" / "records.parquet")
    reasons = records.tail(len(extra))["drop_reason"].to_list()
    assert reasons == [None, None, None, "duplicate_near"], reasons
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    rule = report["dedup"]["parameters"]["near_duplicate_rule"]
    assert rule["unit"] == "sentence" and rule["same_numbers"] is True, rule
