"""Curated export: kept records only, masked text, Parquet + save_to_disk folder + dataset card."""

from __future__ import annotations

from pathlib import Path

import datasets
import polars as pl

from pipelines.curated import export_curated
from pipelines.hub_card import CardError, validate_card
from schemas.manifest import Manifest


def _manifest(**changes: object) -> Manifest:
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
        | changes
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
    assert isinstance(hf, datasets.DatasetDict) and list(hf) == ["train"]
    assert hf["train"]["text"] == ["mail [EMAIL]", "สวัสดีครับ"]
    assert hf["train"].column_names == ["record_id", "lang", "text"]


def test_masked_export_replaces_record_ids_holding_pii(tmp_path: Path) -> None:
    records = _records().with_columns(record_id=pl.Series(["user-13800138000", "r2", "r3"]))
    key = bytes(32)
    export_curated(records, tmp_path, manifest=_manifest(), summary=SUMMARY, record_id_key=key)
    ids = pl.read_parquet(tmp_path / "curated.parquet")["record_id"].to_list()
    assert ids[0].startswith("user-[PHONE]~") and "13800138000" not in ids[0]
    assert ids[1] == "r2"
    hf = datasets.load_from_disk(str(tmp_path / "hf_dataset"))
    assert isinstance(hf, datasets.DatasetDict) and hf["train"]["record_id"] == ids
    raw = tmp_path / "raw"
    export_curated(records, raw, manifest=_manifest(), summary=SUMMARY, raw=True, record_id_key=key)
    assert pl.read_parquet(raw / "curated.parquet")["record_id"][0] == "user-13800138000"


def test_raw_export_keeps_submitted_text(tmp_path: Path) -> None:
    export_curated(_records(), tmp_path, manifest=_manifest(), summary=SUMMARY, raw=True)
    table = pl.read_parquet(tmp_path / "curated.parquet")
    assert table["text"].to_list()[0] == "mail alice@example.com"


def test_dataset_card_lists_languages_sizes_filters_and_drops(tmp_path: Path) -> None:
    export_curated(_records(), tmp_path, manifest=_manifest(), summary=SUMMARY)
    card = (tmp_path / "hf_dataset" / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\n") and "pretty_name: Demo corpus" in card
    assert "license: cc-by-4.0" in card
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


def _file(**fields: str) -> dict[str, object]:
    return {"path": "data/*.jsonl", "format": "jsonl", "fields": fields}


def _kept(columns: dict[str, list[object]]) -> pl.DataFrame:
    n = len(next(iter(columns.values())))
    base: dict[str, list[object]] = {
        "record_id": [f"r{i}" for i in range(n)],
        "source_file": ["data/a.jsonl"] * n,
        "source_line": list(range(1, n + 1)),
        "drop_reason": [None] * n,
    }
    return pl.DataFrame(base | columns)


def test_classification_labels_are_a_class_label_over_the_label_set(tmp_path: Path) -> None:
    manifest = _manifest(
        dataset_type="classification",
        label_set=["sport", "news", "tech"],
        files=[_file(text="body", label="tag")],
    )
    records = _kept({"text": ["a", "b"], "text_masked": ["a", "b"], "label": ["news", "sport"],
                     "lang": ["en", "en"]})  # fmt: skip
    export_curated(records, tmp_path, manifest=manifest, summary=SUMMARY)
    train = datasets.load_from_disk(str(tmp_path / "hf_dataset"))["train"]
    assert train.features["label"] == datasets.ClassLabel(names=["sport", "news", "tech"])
    assert train["label"] == [1, 0]
    assert train.info.description.startswith("Demo corpus") and train.info.license == "CC-BY-4.0"


def test_parallel_corpus_is_a_translation_feature_and_the_card_lists_both_sides(
    tmp_path: Path,
) -> None:
    manifest = _manifest(dataset_type="parallel_corpus", languages=["zh", "vi"],
                         source_lang="zh", target_lang="vi",
                         files=[_file(source="zh", target="vi")])  # fmt: skip
    records = _kept({"source": ["你好", "谢谢"], "source_masked": ["你好", "谢谢"],
                     "target": ["xin chào", "cảm ơn"], "target_masked": ["xin chào", "cảm ơn"],
                     "source_lang": ["zh", "zh"], "target_lang": ["vi", "vi"],
                     "lang": ["zh", "zh"]})  # fmt: skip
    export_curated(records, tmp_path, manifest=manifest, summary=SUMMARY)
    train = datasets.load_from_disk(str(tmp_path / "hf_dataset"))["train"]
    assert train.features["translation"] == datasets.Translation(languages=["zh", "vi"])
    assert train[0]["translation"] == {"zh": "你好", "vi": "xin chào"}
    assert set(train.column_names) == {"record_id", "lang", "translation"}
    card = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "- zh\n- vi" in card and "- translation" in card
    assert validate_card(card) == []


def test_ner_tags_are_a_sequence_of_class_labels(tmp_path: Path) -> None:
    manifest = _manifest(dataset_type="ner", files=[_file(text="t", entities="e")])
    records = _kept({"text": ["Ann lives"], "text_masked": ["Ann lives"],
                     "entities": [[{"start": 0, "end": 3, "label": "PER"}]],
                     "tokens": [["Ann", "lives"]], "tags": [["B-PER", "O"]],
                     "lang": ["en"]})  # fmt: skip
    export_curated(records, tmp_path, manifest=manifest, summary=SUMMARY)
    train = datasets.load_from_disk(str(tmp_path / "hf_dataset"))["train"]
    assert train.features["tags"] == datasets.Sequence(datasets.ClassLabel(names=["B-PER", "O"]))
    assert train[0]["tags"] == [0, 1]
    assert isinstance(train.features["tokens"], datasets.Sequence)


def test_card_header_passes_the_offline_hub_checks(tmp_path: Path) -> None:
    export_curated(_records(), tmp_path, manifest=_manifest(), summary=SUMMARY)
    card = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert validate_card(card) == []
    assert "dataset_info:" in card and "task_categories:" in card and "## Provenance" in card


def test_card_validation_catches_what_the_hub_rejects() -> None:
    bad = "---\nlicense: CC-BY-4.0\nlanguage:\n- xx-nope\nsize_categories:\n- n>10M\n---\n"
    problems = " ".join(validate_card(bad))
    assert "CC-BY-4.0" in problems and "xx-nope" in problems and "n>10M" in problems
    assert "task_categories: missing" in problems


def test_unknown_licence_becomes_other_with_its_name(tmp_path: Path) -> None:
    manifest = _manifest(license="Custom Academic Licence 1.0")
    export_curated(_records(), tmp_path, manifest=manifest, summary=SUMMARY)
    card = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "license: other" in card and "license_name: Custom Academic Licence 1.0" in card
    assert validate_card(card) == []
    assert CardError.__mro__[1].__name__ == "CorpusgradeError"
