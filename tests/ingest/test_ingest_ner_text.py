"""NER input: broken spans quarantined per record (never a failed run); CoNLL text rebuilt with
the spacing of its script (no spaces between Thai, Lao, Khmer, Burmese, Chinese, Japanese words)."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from pipelines.ingest.ingest import ingest_submission
from pipelines.ingest.validate import validate_submission
from pipelines.runner import run_submission
from tests.ingest.conftest import Submit

SPEC = {"path": "n.jsonl", "format": "jsonl", "fields": {"text": "text", "entities": "spans"}}


def _ner_lines(count: int, broken: set[int]) -> str:
    rows = []
    for i in range(count):
        text = f"Budi Santoso bekerja di Jakarta sejak tahun {2000 + i}."
        spans = [{"start": 0, "end": 12, "label": "PER"}, {"start": 24, "end": 31, "label": "LOC"}]
        if i in broken:
            spans.append({"start": 40, "end": 90, "label": "LOC"})
        rows.append(json.dumps({"text": text, "spans": spans}))
    return "\n".join(rows) + "\n"


def test_spans_outside_the_text_are_quarantined_with_field_and_offsets(submit: Submit) -> None:
    root, manifest = submit("ner", [SPEC], {"n.jsonl": _ner_lines(10, {3})})
    result = ingest_submission(root, manifest)
    assert result.records.height == 9
    row = result.quarantine.row(0, named=True)
    assert (row["source_line"], row["field"], row["reason"]) == (4, "entities", "bad_span")
    assert "start 40, end 90" in row["detail"] and "49 characters" in row["detail"]
    assert any("n.jsonl:4: entities: bad_span" in p for p in validate_submission(root))


def test_ner_run_with_broken_spans_finishes_with_a_report(
    home: Path, tmp_path: Path, submit: Submit
) -> None:
    root, _ = submit(
        "ner", [SPEC], {"n.jsonl": _ner_lines(150, {5, 60, 120})}, label_set=["PER", "LOC"]
    )
    outcome = run_submission(root, out=tmp_path / "out")
    assert outcome.success, outcome.failures
    assert (
        pl.read_parquet(tmp_path / "out" / "quarantine.parquet")["reason"].to_list()
        == ["bad_span"] * 3
    )
    assert (tmp_path / "out" / "report.json").exists()


def test_thai_conll_text_has_no_spaces_between_thai_tokens(submit: Submit) -> None:
    conll = "ภาษา O\nไทย O\nที่ O\nกรุงเทพ B-LOC\nมหานคร I-LOC\niPhone B-MISC\n\n"
    root, manifest = submit("ner", [{"path": "*.txt", "format": "conll2003"}], {"a.txt": conll})
    record = ingest_submission(root, manifest).records.row(0, named=True)
    assert record["text"] == "ภาษาไทยที่กรุงเทพมหานคร iPhone"
    spans = [(e["start"], e["end"], e["label"]) for e in record["entities"]]
    assert [record["text"][s:e] for s, e, _ in spans] == ["กรุงเทพมหานคร", "iPhone"]


def test_chinese_conllu_text_is_joined_without_spaces(submit: Submit) -> None:
    rows = [
        "1\t我\t我\tPRON\t_\t_\t2\tnsubj\t_\tNE=O",
        "2\t住在\t住在\tVERB\t_\t_\t0\troot\t_\tNE=O",
        "3\t北京\t北京\tPROPN\t_\t_\t2\tobj\t_\tNE=S-LOC",
        "",
    ]
    root, manifest = submit(
        "ner", [{"path": "*.conllu", "format": "conllu"}], {"a.conllu": "\n".join(rows)}
    )
    record = ingest_submission(root, manifest).records.row(0, named=True)
    assert record["text"] == "我住在北京"
    assert record["entities"] == [{"start": 3, "end": 5, "label": "LOC"}]
