"""Push, pull, restarts, outages, validation and simulated annotators against the real server."""

from __future__ import annotations

import json
import time
from typing import Any

import polars as pl
import pytest

from pipelines.home import record_id_key
from pipelines.labelstudio.client import Connection, LabelStudioUnavailable, connect
from pipelines.labelstudio.configs import AUDIT_TASKS, LabelConfig, load_config
from pipelines.labelstudio.pull import pull_annotations
from pipelines.labelstudio.push import existing_external_ids, push_sample
from pipelines.labelstudio.server import down, free_port, status, up
from pipelines.labelstudio.simulate import simulate_project
from tests.ls_server import LiveServer, sample_for

pytestmark = pytest.mark.labelstudio


def _valid_value(config: LabelConfig, name: str, kind: str) -> dict[str, Any]:
    """A valid value for one control."""
    if kind == "choices":  # dynamic choices ($label_options) have none in the config
        return {"choices": [(*config.choices(name), "news")[0]]}
    if kind == "labels":
        return {"start": 0, "end": 2, "text": "第0", "labels": [config.choices(name)[0]]}
    if kind == "rating":
        return {"rating": 4}
    return {"text": ["fixed"]}


def valid_result(config: LabelConfig) -> list[dict[str, Any]]:
    """One valid answer for every control of a config."""
    return [
        {
            "from_name": control.name,
            "to_name": control.to_name[0],
            "type": control.tag.lower(),
            "value": _valid_value(config, control.name, control.tag.lower()),
        }
        for control in config.interface.controls
    ]


@pytest.mark.parametrize("task", AUDIT_TASKS)
def test_push_pull_round_trip_for_every_config(live_server: LiveServer, task: str) -> None:
    config = load_config(task)
    sample = sample_for(task, 6)
    pushed = push_sample(live_server.client, sample, submission="rt", config=config)
    assert pushed.tasks_created == 8  # records 0 and 3 are double-annotated
    ids = existing_external_ids(live_server.client, project_id=pushed.project_id)
    assert f"rt:{task}:r00003:1" in ids
    first = min(t.id for t in live_server.client.tasks.list(project=pushed.project_id))
    live_server.client.annotations.create(id=first, result=valid_result(config), lead_time=2.5)
    pulled = pull_annotations(live_server.client, project_id=pushed.project_id, config=config)
    assert pulled.rejected.height == 0
    assert set(pulled.annotations["control"]) == set(config.controls())
    assert pulled.annotations["record_id"].unique().to_list() == ["r00000"]
    assert pulled.annotations["is_gold"].all()
    assert pulled.annotations["lead_time"].to_list()[0] == 2.5


def test_wrong_results_are_rejected(live_server: LiveServer) -> None:
    config = load_config("duplicate_pair")
    pushed = push_sample(
        live_server.client, sample_for("duplicate_pair", 2), submission="bad", config=config
    )
    tasks = sorted(t.id for t in live_server.client.tasks.list(project=pushed.project_id))
    bogus = [{"from_name": "duplicate", "to_name": "text_a", "type": "choices",
              "value": {"choices": ["maybe"]}}]  # fmt: skip
    live_server.client.annotations.create(id=tasks[0], result=bogus)
    live_server.client.annotations.create(id=tasks[1], result=valid_result(config))
    pulled = pull_annotations(live_server.client, project_id=pushed.project_id, config=config)
    assert pulled.rejected.height == 1
    assert "maybe" in pulled.rejected["reason"][0]
    assert pulled.annotations.height == 1
    assert pulled.annotations["value"][0] == "same"


def test_restart_mid_push_then_push_again_gives_one_task_per_record(
    live_server: LiveServer,
) -> None:
    config = load_config("text_quality")
    sample = sample_for("text_quality", 40, double_every=4)
    push_sample(live_server.client, sample.head(15), submission="crash", config=config)
    down(live_server.paths)
    with pytest.raises(LabelStudioUnavailable):
        push_sample(live_server.client, sample, submission="crash", config=config, attempts=2)
    state = up(live_server.paths, data_dir=live_server.paths.home / "data")
    client = connect(Connection(url=state.url, token=state.token))
    again = push_sample(client, sample, submission="crash", config=config)
    expected = {f"crash:text_quality:r{i:05d}:0" for i in range(40)} | {
        f"crash:text_quality:r{i:05d}:1" for i in range(0, 40, 4)
    }
    assert existing_external_ids(client, project_id=again.project_id) == expected
    assert again.tasks_total == len(expected)
    assert push_sample(client, sample, submission="crash", config=config).tasks_created == 0
    object.__setattr__(live_server, "client", client)  # later tests use the restarted server
    object.__setattr__(live_server, "connection", Connection(url=state.url, token=state.token))


def test_server_down_gives_a_clear_error_after_bounded_retries() -> None:
    client = connect(Connection(url=f"http://127.0.0.1:{free_port()}", token="x"), timeout=2)
    started = time.monotonic()
    with pytest.raises(LabelStudioUnavailable, match="Label Studio unavailable"):
        push_sample(
            client,
            sample_for("text_quality", 3),
            submission="down",
            config=load_config("text_quality"),
        )
    assert time.monotonic() - started < 15


def test_status_reports_the_running_server(live_server: LiveServer) -> None:
    report = status(live_server.paths)
    assert report.running
    assert (live_server.paths.state_file.stat().st_mode & 0o777) == 0o600


def test_simulated_annotators_recover_their_error_rates(live_server: LiveServer) -> None:
    config = load_config("duplicate_pair")
    n = 120
    sample = sample_for("duplicate_pair", n, double_every=1)
    pushed = push_sample(live_server.client, sample, submission="sim", config=config)
    choices = ["same", "near", "different"]
    truth = pl.DataFrame({"record_id": sample["record_id"], "truth": choices * (n // 3)})
    simulate_project(
        live_server.client, project_id=pushed.project_id, config=config, truth=truth,
        control="duplicate", error_rates=[0.05, 0.3], seed=11,
    )  # fmt: skip
    pulled = pull_annotations(live_server.client, project_id=pushed.project_id, config=config)
    table = pulled.annotations.join(truth, on="record_id")
    assert table.height == 2 * n
    assert table["simulated"].all()
    rates = (
        table.group_by("annotator")
        .agg(error=(pl.col("value") != pl.col("truth")).mean())
        .sort("annotator")["error"]
        .to_list()
    )
    assert rates[0] == pytest.approx(0.05, abs=0.06)
    assert rates[1] == pytest.approx(0.3, abs=0.1)


@pytest.mark.parametrize("task", ["duplicate_pair", "text_quality"])  # one control / several
def test_simulated_audit_answers_each_task_once_over_three_runs(
    live_server: LiveServer, task: str
) -> None:
    from pipelines.labelstudio.loop import run_audit

    sample = sample_for(task, 30, double_every=3).with_columns(audit_task=pl.lit(task))
    runs = [
        run_audit(live_server.client, sample, submission=f"idem-{task}", simulate_seed=5)
        for _ in range(3)
    ]
    first, third = runs[0].annotations, runs[2].annotations
    assert first.height > 0
    assert third.equals(first)
    keys = ["annotation_id", "control"] if "control" in third.columns else ["annotation_id"]
    assert third.select(keys).unique().height == third.height  # no annotation pulled twice
    per_value = first.group_by("annotator", "value").len().sort("annotator", "value")
    assert third.group_by("annotator", "value").len().sort("annotator", "value").equals(per_value)
    controls = first["control"].n_unique() if "control" in first.columns else 1
    assert first["record_id"].n_unique() == 30 and first.height == 40 * controls


def test_record_ids_holding_pii_never_reach_the_server_and_come_back_whole(
    live_server: LiveServer,
) -> None:
    from pipelines.labelstudio.loop import run_audit

    raw_ids = ["13800138000", "a.b@example.com", "No.110101199003074514", "r00003"]
    sample = sample_for("text_quality", 4).with_columns(
        record_id=pl.Series(raw_ids), audit_task=pl.lit("text_quality")
    )
    pulled = run_audit(live_server.client, sample, submission="pii-ids", simulate_seed=5)
    assert set(pulled.annotations["record_id"].to_list()) == set(raw_ids)
    project = next(
        p
        for p in live_server.client.projects.list()
        if p.title == "corpusgrade:pii-ids:text_quality"
    )
    stored = [
        json.dumps([t.data, t.meta], ensure_ascii=False, default=str)
        for t in live_server.client.tasks.list(project=project.id)
    ]
    assert stored
    assert not any(rid in s for s in stored for rid in raw_ids[:3]), stored


def test_the_workspace_key_given_keys_the_surrogates_on_the_server_and_the_round_trip(
    live_server: LiveServer,
) -> None:
    """A workspace other than `CORPUSGRADE_HOME`'s passes its own key: tasks carry ids keyed
    with it (as its curated export and report do), and pulled rows get the raw ids back."""
    from pipelines.labelstudio.loop import run_audit
    from quality.pii import public_record_id

    key = b"a-workspace-key-that-is-not-the-home-one"
    raw_ids = ["13800138000", "a.b@example.com", "r00003"]
    sample = sample_for("text_quality", 3).with_columns(
        record_id=pl.Series(raw_ids), audit_task=pl.lit("text_quality")
    )
    pulled = run_audit(live_server.client, sample, submission="key-ws", simulate_seed=5, key=key)
    assert set(pulled.annotations["record_id"].to_list()) == set(raw_ids)
    project = next(
        p
        for p in live_server.client.projects.list()
        if p.title == "corpusgrade:key-ws:text_quality"
    )
    on_server = {
        str(t.data["record_id"]) for t in live_server.client.tasks.list(project=project.id)
    }
    assert on_server == {public_record_id(rid, key=key) for rid in raw_ids}
    assert on_server != {public_record_id(rid, key=record_id_key()) for rid in raw_ids}


def test_simulated_safety_review_answers_verdict_and_risk_in_one_annotation(
    live_server: LiveServer,
) -> None:
    """Harm is read from `risk`: simulated annotators must answer it, beside the verdict."""
    from pipelines.labelstudio.simulate_controls import simulate_project_controls

    config = load_config("text_quality")
    n = 60
    sample = sample_for("text_quality", n, double_every=3)
    pushed = push_sample(live_server.client, sample, submission="simrisk", config=config)
    truths = {
        "verdict": pl.DataFrame({"record_id": sample["record_id"], "truth": ["pass"] * n}),
        "risk": pl.DataFrame({"record_id": sample["record_id"], "truth": ["none"] * n}),
    }
    posted = simulate_project_controls(
        live_server.client, project_id=pushed.project_id, config=config, truths=truths,
        error_rates=[0.05, 0.1], seed=5,
    )  # fmt: skip
    pulled = pull_annotations(live_server.client, project_id=pushed.project_id, config=config)
    assert pulled.rejected.height == 0
    table = pulled.annotations
    assert set(table["control"].unique()) == {"verdict", "risk"}
    per_task = posted.group_by("task_id").agg(pl.col("annotator").n_unique())
    assert per_task["annotator"].max() == 1
    assert table.filter(pl.col("control") == "risk").height == posted.height // 2
