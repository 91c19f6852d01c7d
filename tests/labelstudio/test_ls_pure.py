"""The parts of the Label Studio package that need no server: configs, tasks, values, state."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from pipelines.labelstudio.configs import AUDIT_TASKS, load_all
from pipelines.labelstudio.pull import ExportFailed, export_annotated, parse_export
from pipelines.labelstudio.server import free_port
from pipelines.labelstudio.state import load_or_create_credentials
from pipelines.labelstudio.tasks import SampleError, build_tasks
from tests.ls_server import sample_for


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


class _Snapshot:
    """What `exports.create` / `exports.get` return: an id and a status."""

    def __init__(self, status: str) -> None:
        self.id = 7
        self.status = status


class _StuckExports:
    """A fault the real server cannot give on demand: a snapshot that fails or never finishes."""

    def __init__(self, status: str) -> None:
        self.status = status
        self.deleted: list[int] = []

    def create(self, **_: object) -> _Snapshot:
        return _Snapshot("created")

    def get(self, **_: object) -> _Snapshot:
        return _Snapshot(self.status)

    def delete(self, *, export_pk: int, **_: object) -> None:
        self.deleted.append(export_pk)


class _FaultyClient:
    def __init__(self, status: str) -> None:
        self.projects = type("Projects", (), {"exports": _StuckExports(status)})()


@pytest.mark.parametrize(
    ("status", "message"), [("failed", "failed"), ("in_progress", "did not complete in time")]
)
def test_a_failed_or_stuck_export_names_project_and_export_and_is_cleaned_up(
    status: str, message: str
) -> None:
    client = _FaultyClient(status)
    with pytest.raises(ExportFailed, match=rf"export 7 of project 3 {message}"):
        export_annotated(client, project_id=3, timeout=0.2)  # type: ignore[arg-type]
    assert client.projects.exports.deleted == [7]


def test_audit_pull_against_an_unreachable_server_exits_2_with_one_line(
    monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    from typer.testing import CliRunner

    from pipelines.cli import app

    monkeypatch.setenv("CORPUSGRADE_LS_URL", f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("CORPUSGRADE_LS_TOKEN", "x")
    result = CliRunner().invoke(app, ["audit", "pull", "demo-id-topics"])
    assert result.exit_code == 2
    assert "Label Studio unavailable" in result.output
    assert "Traceback" not in result.output


def test_a_password_starting_with_a_dash_reaches_label_studio_as_one_value(tmp_path: Path) -> None:
    """A generated password like "-_qd…" was read by argparse as an option: the first boot died."""
    import argparse

    from pipelines.labelstudio.server import start_command
    from pipelines.labelstudio.state import Credentials

    creds = Credentials(username="admin@corpusgrade.local", password="-_qdjfmp", token="-tok")
    command = start_command(tmp_path / "label-studio", port=8123, creds=creds)
    parser = argparse.ArgumentParser()  # the same parsing rules as `label-studio start`
    for option in ("--internal-host", "--port", "--username", "--password", "--user-token"):
        parser.add_argument(option)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--enable-legacy-api-token", action="store_true")
    parsed = parser.parse_args(command[2:])
    assert (parsed.password, parsed.user_token, parsed.port) == ("-_qdjfmp", "-tok", "8123")


def test_parse_export_keeps_one_row_per_annotation_id() -> None:
    config = load_all()["duplicate_pair"]
    target = config.interface.get_control("duplicate").to_name[0]
    choice = config.choices("duplicate")[0]
    answer = [{"from_name": "duplicate", "to_name": target, "type": "choices",
               "value": {"choices": [choice]}}]  # fmt: skip
    task = {"id": 1, "data": {"corpusgrade_id": "s:duplicate_pair:r1:0"},
            "meta": {"record_id": "r1", "copy": 0, "is_gold": False},
            "annotations": [{"id": 10, "completed_by": 3, "result": answer}]}  # fmt: skip
    pulled = parse_export([task, task], config=config, annotators={3: "a@x"})
    assert pulled.annotations["annotation_id"].to_list() == [10]


def test_record_ids_holding_pii_reach_tasks_only_as_surrogates_and_come_back() -> None:
    from pipelines.labelstudio.tasks import restore_record_ids

    config = load_all()["translation"]
    raw_ids = ["13800138000", "a.b@example.com", "No.110101199003074514"]
    sample = sample_for("translation", 3).with_columns(record_id=pl.Series(raw_ids))
    tasks = build_tasks(sample, config, submission="s1")
    dumped = json.dumps(tasks, ensure_ascii=False)
    assert not any(rid in dumped for rid in raw_ids), dumped
    assert "110101199003074514" not in dumped
    pulled = pl.DataFrame({"record_id": [t["meta"]["record_id"] for t in tasks]})
    restored = restore_record_ids(pulled, sample)["record_id"].to_list()
    assert set(restored) == set(raw_ids)
    assert len({t["data"]["corpusgrade_id"] for t in tasks}) == len(tasks)


def test_simulated_reviewer_settles_every_uncertain_item_of_a_clean_safety_sample() -> None:
    """Without the reviewer, single wrong "harm" votes leave items unsettled and G3's manual
    sample short; the simulated reviewer answers them from the simulated truth."""
    from pipelines.labelstudio.adjudicate import with_simulated_reviews
    from quality.audit.rules import RISK_CHOICES
    from quality.audit.sample import draw_audit_sample
    from quality.audit.simulate import simulate_annotations
    from quality.audit.summary import summarize_audit
    from tests.quality.audit.conftest import make_records

    sample = draw_audit_sample(make_records(3000, seed=8), dataset_type="text_corpus", seed=9)
    tasks = sample.filter(pl.col("audit_task") == "text_quality").with_columns(
        record_id=pl.col("task_id"),
        verdict=pl.when(pl.col("is_gold")).then(pl.lit("fail")).otherwise(pl.lit("pass")),
        risk=pl.lit("none"),
    )
    votes = pl.concat(
        simulate_annotations(
            tasks, annotators=2, error_rates=(0.05, 0.1), seed=3, truth_column=control,
            choices=choices, answer_seed=10 + offset,
        ).select("item", "annotator", "value", "lead_time", control=pl.lit(control))
        for offset, (control, choices) in enumerate(
            (("verdict", ("pass", "fail")), ("risk", RISK_CHOICES))
        )
    )  # fmt: skip
    before = summarize_audit(votes, sample, simulated=True)
    after = summarize_audit(with_simulated_reviews(votes, sample), sample, simulated=True)
    assert before["adjudication"]["needs_review"] > 0
    assert after["adjudication"]["needs_review"] == 0
    assert after["adjudication"]["adjudicated"] == before["adjudication"]["needs_review"]
    safety = after["rates"]["safety"]
    assert safety["n"] == sample.filter(pl.col("in_safety")).height
    assert safety["passes"] == safety["n"]
    assert "simulated-reviewer" not in {row["annotator"] for row in after["annotators"]}
