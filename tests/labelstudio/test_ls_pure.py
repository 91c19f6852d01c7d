"""The parts of the Label Studio package that need no server: configs, tasks, values, state."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from pipelines.labelstudio.configs import AUDIT_TASKS, load_all
from pipelines.labelstudio.pull import parse_export
from pipelines.labelstudio.state import load_or_create_credentials
from pipelines.labelstudio.tasks import SampleError, build_tasks
from tests.labelstudio.conftest import sample_for


def test_every_config_parses_and_has_bilingual_instructions() -> None:
    configs = load_all()
    assert set(configs) == set(AUDIT_TASKS)
    for config in configs.values():
        assert config.controls()
        assert "说明" in config.xml and "Instructions" in config.xml


def test_tasks_carry_only_masked_text_and_stable_external_ids() -> None:
    config = load_all()["translation"]
    sample = sample_for("translation", 3).with_columns(source=pl.lit("RAW SECRET"))
    tasks = build_tasks(sample, config, submission="s1")
    assert [t["data"]["corpusgrade_id"] for t in tasks] == [
        "s1:translation:r00000:0", "s1:translation:r00000:1",
        "s1:translation:r00001:0", "s1:translation:r00002:0",
    ]  # fmt: skip
    assert "RAW SECRET" not in json.dumps(tasks, ensure_ascii=False)
    assert tasks[0]["meta"]["is_gold"] is True
    assert "is_gold" not in tasks[0]["data"]


def test_missing_masked_column_is_refused() -> None:
    config = load_all()["text_quality"]
    with pytest.raises(SampleError, match="text_masked"):
        build_tasks(pl.DataFrame({"record_id": ["a"], "text": ["raw"]}), config, submission="s")


def test_ner_spans_become_pre_annotations() -> None:
    tasks = build_tasks(sample_for("ner", 1), load_all()["ner"], submission="s")
    (prediction,) = tasks[0]["predictions"]
    assert prediction["result"][0]["value"]["labels"] == ["LOC"]


def test_parse_export_groups_by_control_and_rejects_invalid() -> None:
    config = load_all()["ner"]
    good = [
        {"from_name": "entities", "to_name": "text", "type": "labels",
         "value": {"start": 5, "end": 7, "text": "xy", "labels": ["PER"]}},
        {"from_name": "entities", "to_name": "text", "type": "labels",
         "value": {"start": 0, "end": 2, "text": "ab", "labels": ["LOC"]}},
        {"from_name": "span_verdict", "to_name": "text", "type": "choices",
         "value": {"choices": ["has_errors"]}},
    ]  # fmt: skip
    bad = [{"from_name": "span_verdict", "to_name": "text", "type": "choices",
            "value": {"choices": ["nope"]}}]  # fmt: skip
    exported = [
        {"id": 1, "data": {"corpusgrade_id": "s:ner:r1:0"},
         "meta": {"record_id": "r1", "copy": 0, "is_gold": False},
         "annotations": [{"id": 10, "completed_by": 3, "result": good, "lead_time": 1.5},
                         {"id": 11, "completed_by": 4, "result": bad}]},
    ]  # fmt: skip
    pulled = parse_export(exported, config=config, annotators={3: "a@x", 4: "b@x"})
    spans = pulled.annotations.filter(pl.col("control") == "entities")["value"][0]
    assert json.loads(spans) == [
        {"start": 0, "end": 2, "label": "LOC"},
        {"start": 5, "end": 7, "label": "PER"},
    ]
    assert pulled.rejected["annotator"].to_list() == ["b@x"]


def test_credentials_are_private_and_stable(tmp_path: Path) -> None:
    first = load_or_create_credentials(tmp_path)
    assert load_or_create_credentials(tmp_path) == first
    path = tmp_path / "corpusgrade-credentials.json"
    assert path.stat().st_mode & 0o777 == 0o600
