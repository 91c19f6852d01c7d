"""Every other format, ingested from small files the tests write."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import datasets
import polars as pl

from pipelines.ingest import ingest_submission
from schemas.manifest import Manifest

Submit = Callable[..., tuple[Path, Manifest]]


def _reasons(quarantine: pl.DataFrame) -> list[tuple[int, str]]:
    return list(zip(quarantine["source_line"], quarantine["reason"], strict=True))


def _parquet(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    return buffer.getvalue()


def test_parquet_classification_with_int_labels_and_wrong_text_type(submit: Submit) -> None:
    good = _parquet(pl.DataFrame({"sentence": ["bagus", "buruk"], "y": [1, 0]}))
    bad = _parquet(pl.DataFrame({"sentence": [1, 2], "y": [1, 0]}))
    spec = {"path": "*.parquet", "format": "parquet", "fields": {"text": "sentence", "label": "y"}}
    root, manifest = submit("classification", [spec], {"a.parquet": good, "b.parquet": bad})
    result = ingest_submission(root, manifest)
    assert result.records.select("text", "label").rows() == [("bagus", "1"), ("buruk", "0")]
    assert result.quarantine["reason"].to_list() == ["wrong_type", "wrong_type"]
    assert result.quarantine["field"].to_list() == ["text", "text"]
    assert result.quarantine["raw"][0] == '{"sentence":1,"y":1}'


def test_unreadable_parquet_is_one_quarantine_row(submit: Submit) -> None:
    spec = {"path": "*.parquet", "format": "parquet", "fields": {"text": "t", "label": "l"}}
    root, manifest = submit("classification", [spec], {"a.parquet": b"PAR1 not really"})
    result = ingest_submission(root, manifest)
    assert _reasons(result.quarantine) == [(1, "unreadable_file")]
    assert result.files[0].read == 1


def test_csv_happy_path_and_ragged_and_invalid_rows(submit: Submit) -> None:
    spec = {"path": "*.csv", "format": "csv", "fields": {"text": "text", "label": "label"}}
    good = 'text,label\n"hello, world",pos\nbye,neg\n'
    bad = b'text,label\nfine,pos\ntoo,many,cells\nbad \xff,neg\n"multi\nline",pos\n'
    root, manifest = submit("classification", [spec], {"a.csv": good, "b.csv": bad})
    result = ingest_submission(root, manifest)
    assert result.records["text"].to_list() == ["hello, world", "bye", "fine", "multi\nline"]
    # file lines: the header is line 1, the multi-line record starts on line 5
    assert result.records["source_line"].to_list() == [2, 3, 2, 5]
    assert _reasons(result.quarantine) == [(3, "malformed_line"), (4, "invalid_utf8")]


def test_tsv_instruction_with_optional_input(submit: Submit) -> None:
    spec = {
        "path": "*.tsv",
        "format": "tsv",
        "fields": {"instruction": "q", "input": "ctx", "output": "a"},
    }
    body = "q\tctx\ta\nTranslate\tchào\thello\nSay hi\t\thi\n"
    root, manifest = submit("instruction", [spec], {"a.tsv": body})
    records = ingest_submission(root, manifest).records
    assert records["input"].to_list() == ["chào", ""]
    assert records["content"].to_list() == ["Translate\nchào\nhello", "Say hi\nhi"]


def test_plain_text_per_line_and_per_file(submit: Submit) -> None:
    specs = [
        {"path": "lines/*.txt", "format": "text"},
        {"path": "docs/*.txt", "format": "text", "text_mode": "file"},
    ]
    files = {
        "lines/a.txt": b"one\r\n\ntwo\nbad \xc3\n",
        "docs/b.txt": "first line\nsecond line\n",
        "docs/c.txt": b"\xff\xfe",
    }
    root, manifest = submit("text_corpus", specs, files)
    result = ingest_submission(root, manifest)
    assert result.records.select("source_file", "source_line", "text").rows() == [
        ("docs/b.txt", 1, "first line\nsecond line"),
        ("lines/a.txt", 1, "one"),
        ("lines/a.txt", 3, "two"),
    ]
    assert result.quarantine.select("source_file", "reason").rows() == [
        ("docs/c.txt", "invalid_utf8"),
        ("lines/a.txt", "invalid_utf8"),
    ]


def test_hf_dataset_saved_to_disk(submit: Submit, tmp_path: Path) -> None:
    root, manifest = submit(
        "classification",
        [{"path": "hf", "format": "hf_dataset", "fields": {"text": "text", "label": "label"}}],
        {},
    )
    data = datasets.Dataset.from_dict({"text": ["a cat", "a dog"], "label": [0, 1]})
    data.save_to_disk(str(root / "hf"))
    result = ingest_submission(root, manifest)
    assert result.records.select("source_file", "source_line", "text", "label").rows() == [
        ("hf", 1, "a cat", "0"),
        ("hf", 2, "a dog", "1"),
    ]
    assert len(result.files[0].sha256) == 64


def test_hf_dataset_dict_split(submit: Submit) -> None:
    spec = {"path": "hf", "format": "hf_dataset", "fields": {"text": "t"}, "split": "test"}
    root, manifest = submit("text_corpus", [spec], {})
    datasets.DatasetDict(
        {
            "train": datasets.Dataset.from_dict({"t": ["x"]}),
            "test": datasets.Dataset.from_dict({"t": ["y", "z"]}),
        }
    ).save_to_disk(str(root / "hf"))
    assert ingest_submission(root, manifest).records["text"].to_list() == ["y", "z"]


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="zh-CN"/><body>
<tu><tuv xml:lang="vi"><seg>Xin chào</seg></tuv><tuv xml:lang="zh-CN"><seg>你好</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>谢谢</seg></tuv><tuv xml:lang="th"><seg>ขอบคุณ</seg></tuv></tu>
<tu><tuv xml:lang="zh"><seg>再见 <b>朋友</b></seg></tuv>
<tuv xml:lang="vi-VN"><seg>Tạm biệt</seg></tuv></tu>
</body></tmx>
"""


def test_tmx_maps_languages_by_manifest_and_flags_bad_units(submit: Submit) -> None:
    specs = [{"path": "*.tmx", "format": "tmx"}]
    root, manifest = submit(
        "parallel_corpus",
        specs,
        {"a.tmx": TMX, "b.tmx": TMX[:200]},
        source_lang="zh",
        target_lang="vi",
    )
    result = ingest_submission(root, manifest)
    rows = result.records.select("source", "target", "source_lang", "target_lang").rows()
    first, third = ("你好", "Xin chào", "zh", "vi"), ("再见 朋友", "Tạm biệt", "zh", "vi")
    # b.tmx breaks off inside its second unit: the complete first unit is kept
    assert rows == [first, third, first]
    assert result.quarantine.select("source_file", "source_line", "reason").rows() == [
        ("a.tmx", 2, "bad_tmx_unit"),
        ("b.tmx", 2, "unreadable_file"),
    ]


def test_parallel_jsonl_takes_languages_from_manifest(submit: Submit) -> None:
    spec = {"path": "p.jsonl", "format": "jsonl", "fields": {"source": "zh", "target": "th"}}
    root, manifest = submit(
        "parallel_corpus",
        [spec],
        {"p.jsonl": '{"zh": "谢谢", "th": "ขอบคุณ"}\n'},
        source_lang="zh",
        target_lang="th",
    )
    records = ingest_submission(root, manifest).records
    assert records.select("source_lang", "target_lang", "content").row(0) == (
        "zh",
        "th",
        "谢谢\nขอบคุณ",
    )


CONLL2003 = """-DOCSTART- -X- -X- O

EU NNP B-NP B-ORG
rejects VBZ B-VP O
German JJ B-NP B-MISC
call NN I-NP O

Peter NNP B-NP B-PER
Blackburn NNP I-NP I-PER

broken
line NN I-NP O

Bad NN B-NP X-PER
"""


def test_conll2003_tags_become_character_spans(submit: Submit) -> None:
    root, manifest = submit("ner", [{"path": "*.txt", "format": "conll2003"}], {"a.txt": CONLL2003})
    result = ingest_submission(root, manifest)
    first, second = result.records.iter_rows(named=True)
    assert first["text"] == "EU rejects German call"
    assert first["entities"] == [
        {"start": 0, "end": 2, "label": "ORG"},
        {"start": 11, "end": 17, "label": "MISC"},
    ]
    assert first["tags"] == ["B-ORG", "O", "B-MISC", "O"]
    assert second["entities"] == [{"start": 0, "end": 15, "label": "PER"}]
    assert _reasons(result.quarantine) == [(3, "bad_conll_sentence"), (4, "bad_conll_sentence")]
    assert result.files[0].read == 4


def test_conllu_reads_ner_from_misc_and_skips_multiword_ranges(submit: Submit) -> None:
    rows = [
        "# text = Hà Nội đẹp",
        "1\tHà\thà\tPROPN\t_\t_\t0\troot\t_\tNE=B-LOC",
        "2\tNội\tnội\tPROPN\t_\t_\t1\tflat\t_\tNE=E-LOC",
        "3-4\tđẹp\t_\t_\t_\t_\t_\t_\t_\t_",
        "3\tđẹp\tđẹp\tADJ\t_\t_\t1\tamod\t_\t_",
        "",
        "1\tonly\tthree\tcols",
        "",
    ]
    root, manifest = submit(
        "ner", [{"path": "*.conllu", "format": "conllu"}], {"a.conllu": "\n".join(rows)}
    )
    result = ingest_submission(root, manifest)
    record = result.records.row(0, named=True)
    assert record["text"] == "Hà Nội đẹp"
    assert record["entities"] == [{"start": 0, "end": 6, "label": "LOC"}]
    assert _reasons(result.quarantine) == [(2, "bad_conll_sentence")]


def test_ner_jsonl_with_character_spans(submit: Submit) -> None:
    spec = {"path": "n.jsonl", "format": "jsonl", "fields": {"text": "text", "entities": "spans"}}
    body = (
        '{"text": "Ana in Manila", "spans": [{"start": 0, "end": 3, "label": "PER"}]}\n'
        '{"text": "x", "spans": [[0, 1, "LOC"]]}\n'
        '{"text": "y", "spans": [{"start": 2, "end": 1, "label": "LOC"}]}\n'
    )
    root, manifest = submit("ner", [spec], {"n.jsonl": body})
    result = ingest_submission(root, manifest)
    assert result.records["entities"].to_list() == [
        [{"start": 0, "end": 3, "label": "PER"}],
        [{"start": 0, "end": 1, "label": "LOC"}],
    ]
    assert result.records["tokens"].to_list() == [None, None]
    assert _reasons(result.quarantine) == [(3, "wrong_type")]


def test_declared_encoding_is_transcoded(submit: Submit) -> None:
    spec = {"path": "a.txt", "format": "text", "encoding": "gb18030"}
    root, manifest = submit("text_corpus", [spec], {"a.txt": "中文句子\n".encode("gb18030")})
    assert ingest_submission(root, manifest).records["text"].to_list() == ["中文句子"]
