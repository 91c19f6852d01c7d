"""The manifest: the issue's minimal example loads, and every mistake is named with its path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from schemas.manifest import Manifest, ManifestError, load_manifest, manifest_json_schema

MINIMAL = """\
id: demo-vi-news
title: Vietnamese news sentences
owner: Example University
owner_id: {country: CN, number: 91110000600037341L}
dataset_type: text_corpus
category: general
domain: news
languages: [vi]
license: CC-BY-4.0
openness: public
files:
  - path: "data/*.jsonl"
    format: jsonl
    fields: {id: id, text: text}
"""


def _base(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(MINIMAL)
    data.update(changes)
    return data


def _errors(tmp_path: Path, data: dict[str, Any] | str) -> list[str]:
    path = tmp_path / "manifest.yaml"
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(ManifestError) as caught:
        load_manifest(path)
    return caught.value.problems


def test_minimal_manifest_from_the_issue_loads(tmp_path: Path) -> None:
    (tmp_path / "manifest.yaml").write_text(MINIMAL)
    manifest = load_manifest(tmp_path)
    assert manifest.id == "demo-vi-news"
    assert manifest.files[0].fields == {"id": "id", "text": "text"}
    assert manifest.files[0].text_mode == "line"


def test_misspelt_format_names_path_expected_and_got(tmp_path: Path) -> None:
    data = _base(files=[{"path": "data/*.jsonl", "format": "jsnl", "fields": {"text": "t"}}])
    (problem,) = _errors(tmp_path, data)
    assert problem.startswith("manifest.yaml: files[0].format: expected one of 'jsonl'")
    assert problem.endswith("got 'jsnl'")


def test_every_error_is_listed_at_once(tmp_path: Path) -> None:
    data = _base(category="generl", openness="open", languages=["Vietnamese"], licence="MIT")
    problems = _errors(tmp_path, data)
    paths = sorted(p.split(": ")[1] for p in problems)
    assert paths == ["category", "languages[0]", "licence", "openness"]
    assert any("unknown field" in p for p in problems)


def test_missing_required_field(tmp_path: Path) -> None:
    data = _base()
    del data["owner"]
    assert _errors(tmp_path, data) == ["manifest.yaml: owner: required field is missing"]


def test_source_types_accept_english_aliases() -> None:
    manifest = Manifest.model_validate(
        _base(sources=[{"type": "internet", "details": "https://x"}, {"type": "自采"}])
    )
    assert [s.type for s in manifest.sources] == ["互联网", "自采"]


def test_parallel_needs_source_and_target_and_languages(tmp_path: Path) -> None:
    data = _base(
        dataset_type="parallel_corpus",
        files=[{"path": "p.jsonl", "format": "jsonl", "fields": {"source": "zh"}}],
    )
    problems = _errors(tmp_path, data)
    assert "manifest.yaml: files[0].fields.target: required for parallel_corpus" in problems[0]
    assert any(p.startswith("manifest.yaml: source_lang: required") for p in problems)
    assert any(p.startswith("manifest.yaml: target_lang: required") for p in problems)


def test_tmx_gives_the_languages_and_fields() -> None:
    manifest = Manifest.model_validate(
        _base(dataset_type="parallel_corpus", files=[{"path": "*.tmx", "format": "tmx"}])
    )
    assert manifest.source_lang is None


@pytest.mark.parametrize(
    ("dataset_type", "fmt", "fields", "needle"),
    [
        ("classification", "csv", {"text": "t"}, "fields.label: required"),
        ("instruction", "jsonl", {"instruction": "q"}, "fields.output: required"),
        ("ner", "csv", {"text": "t", "entities": "e"}, "cannot hold a ner"),
        ("ner", "jsonl", {"text": "t"}, "fields.entities: required"),
        ("text_corpus", "conllu", {}, "cannot hold a text_corpus"),
        ("text_corpus", "jsonl", {"txt": "t"}, "fields.txt: unknown canonical field"),
    ],
)
def test_type_rules(
    tmp_path: Path, dataset_type: str, fmt: str, fields: dict[str, str], needle: str
) -> None:
    data = _base(dataset_type=dataset_type, files=[{"path": "f", "format": fmt, "fields": fields}])
    assert any(needle in p for p in _errors(tmp_path, data))


def test_conll_needs_no_mapping_for_ner() -> None:
    files = [{"path": "*.conllu", "format": "conllu"}, {"path": "*.txt", "format": "conll2003"}]
    assert Manifest.model_validate(_base(dataset_type="ner", files=files)).ner_scheme is None


@pytest.mark.parametrize("path", ["../other/*.jsonl", "/etc/passwd", "data/../../x"])
def test_paths_outside_the_submission_are_rejected(tmp_path: Path, path: str) -> None:
    data = _base(files=[{"path": path, "format": "jsonl", "fields": {"text": "text"}}])
    (problem,) = _errors(tmp_path, data)
    assert problem.startswith("manifest.yaml: files[0].path: expected a path")


def test_unknown_encoding_is_caught(tmp_path: Path) -> None:
    files = [{"path": "a", "format": "text", "encoding": "utf-9"}]
    (problem,) = _errors(tmp_path, _base(files=files))
    assert "files[0].encoding: expected a Python codec name" in problem


def test_documentation_items_are_counted_and_typos_caught(tmp_path: Path) -> None:
    docs = {"0101": {"name": "x", "publisher": "y", "version": "1", "contact": " "}, "0103": {}}
    manifest = Manifest.model_validate(_base(documentation=docs))
    assert manifest.documentation is not None
    assert manifest.documentation.items_covered() == {"0101": 3, "0102": 0, "0103": 0, "0104": 0}
    (problem,) = _errors(tmp_path, _base(documentation={"0102": {"sclae": "1M"}}))
    assert problem == "manifest.yaml: documentation.0102.sclae: unknown field (check the spelling)"


def test_prior_awards_and_cost_are_validated(tmp_path: Path) -> None:
    awards = [{"programme": "p", "tier": "三等", "amount_yuan": -1, "year": 2025}]
    problems = _errors(tmp_path, _base(prior_awards=awards, construction_cost_yuan=-5))
    assert {p.split(": ")[1] for p in problems} == {
        "prior_awards[0].amount_yuan",
        "construction_cost_yuan",
    }


def test_yaml_that_is_not_a_mapping_or_not_yaml(tmp_path: Path) -> None:
    assert "expected a mapping" in _errors(tmp_path, "- a\n- b\n")[0]
    assert "not valid UTF-8 YAML" in _errors(tmp_path, "id: [unclosed\n")[0]


def test_missing_manifest_file(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match=r"no manifest\.yaml"):
        load_manifest(tmp_path)


def test_json_schema_describes_the_fields() -> None:
    schema = manifest_json_schema()
    assert {"id", "dataset_type", "files", "documentation"} <= set(schema["properties"])
    assert "0101" in schema["$defs"]["Documentation"]["properties"]


def test_field_errors_and_type_rules_are_reported_together(tmp_path: Path) -> None:
    files = [{"path": "a.jsonl", "format": "jsonl", "fields": {"txt": "t"}}]
    problems = _errors(tmp_path, _base(category="generl", files=files))
    assert problems[0].startswith("manifest.yaml: category: expected one of")
    assert "manifest.yaml: files[0].fields.txt: unknown canonical field" in problems[1]
    assert "manifest.yaml: files[0].fields.text: required for text_corpus" in problems[2]


def test_json_dump_by_alias_round_trips() -> None:
    data = _base(
        documentation={"0104": {"intended_use": "MT"}},
        sources=[{"type": "public_dataset", "details": "PUD"}],
        prior_awards=[{"programme": "p", "tier": "三等", "amount_yuan": 1, "year": 2025}],
    )
    manifest = Manifest.model_validate(data)
    dumped = manifest.model_dump(mode="json", by_alias=True, exclude_none=True)
    assert dumped["documentation"] == {"0104": {"intended_use": "MT"}}
    assert Manifest.model_validate(dumped) == manifest


def test_owner_id_is_required_and_named(tmp_path: Path) -> None:
    data = _base()
    del data["owner_id"]
    assert _errors(tmp_path, data) == ["manifest.yaml: owner_id: required field is missing"]


def test_owner_id_uscc_check_character_is_verified(tmp_path: Path) -> None:
    data = _base(owner_id={"country": "CN", "number": "91110000600037341X"})
    (problem,) = _errors(tmp_path, data)
    assert problem.startswith("manifest.yaml: owner_id.number: expected an 18-character")
    assert "统一社会信用代码" in problem
    assert problem.endswith("got '91110000600037341X'")


def test_owner_id_country_must_be_cn_or_asean(tmp_path: Path) -> None:
    data = _base(owner_id={"country": "US", "number": "12-3456789"})
    (problem,) = _errors(tmp_path, data)
    assert problem.startswith("manifest.yaml: owner_id.country: expected one of CN, BN")


def test_owner_id_key_is_compact_and_upper_case() -> None:
    manifest = Manifest.model_validate(
        _base(owner_id={"country": "cn", "number": "9111 0000 6000 3734 1l"})
    )
    assert manifest.owner_id.key == "CN:91110000600037341L"


def test_owner_id_asean_numbers() -> None:
    singapore = Manifest.model_validate(_base(owner_id={"country": "SG", "number": "00192200M"}))
    assert singapore.owner_id.key == "SG:00192200M"
    malaysia = Manifest.model_validate(_base(owner_id={"country": "MY", "number": "201901000005"}))
    assert malaysia.owner_id.key == "MY:201901000005"
    with pytest.raises(ValidationError, match="Singapore UEN"):
        Manifest.model_validate(_base(owner_id={"country": "SG", "number": "00192200X"}))
