"""`corpusgrade audit pull` against the real server: tasks carry keyed surrogates for record ids
that hold PII; the stored annotations carry the owner's ids again (issue 16)."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.labelstudio.configs import load_config
from pipelines.labelstudio.loop import simulated_truth
from pipelines.labelstudio.push import push_audit_sample
from pipelines.labelstudio.simulate import simulate_project
from pipelines.storage import asset_table
from tests.ls_server import LiveServer, sample_for

pytestmark = pytest.mark.labelstudio

RAW_IDS = ["13800138000", "a.b@example.com", "No.１１０１０１１９９００３０７４５１４", "r00003"]


def _push_and_answer(live_server: LiveServer, submission: str) -> pl.DataFrame:
    sample = sample_for("duplicate_pair", 4).with_columns(
        record_id=pl.Series(RAW_IDS), audit_task=pl.lit("duplicate_pair")
    )
    path = asset_table("audit_sample", submission)
    path.parent.mkdir(parents=True, exist_ok=True)
    sample.write_parquet(path)
    (pushed,) = push_audit_sample(live_server.client, sample, submission=submission)
    simulate_project(
        live_server.client,
        project_id=pushed.project_id,
        config=load_config("duplicate_pair"),
        truth=simulated_truth(sample, task="duplicate_pair"),
        control="duplicate",
        error_rates=(0.0, 0.0),
        seed=3,
    )
    return sample


def _stored_tasks(live_server: LiveServer, submission: str) -> str:
    title = f"corpusgrade:{submission}:duplicate_pair"
    project = next(p for p in live_server.client.projects.list() if p.title == title)
    tasks = live_server.client.tasks.list(project=project.id)
    return json.dumps([[t.data, t.meta] for t in tasks], ensure_ascii=False, default=str)


def test_audit_pull_maps_surrogate_record_ids_back_to_the_owners_ids(
    live_server: LiveServer, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CORPUSGRADE_LS_URL", live_server.connection.url)
    monkeypatch.setenv("CORPUSGRADE_LS_TOKEN", live_server.connection.token)
    _push_and_answer(live_server, "pull-ids")
    stored = _stored_tasks(live_server, "pull-ids")
    assert not any(rid in stored for rid in RAW_IDS[:3]), stored
    assert "110101199003074514" not in stored and "１１０１０１" not in stored

    result = CliRunner().invoke(app, ["audit", "pull", "pull-ids"])
    assert result.exit_code == 0, result.output
    pulled = pl.read_parquet(asset_table("annotations", "pull-ids"))
    assert set(pulled["record_id"].to_list()) == set(RAW_IDS)
    assert pulled.height == 6  # records 0 and 3 are double-annotated


def test_audit_pull_without_the_sample_says_what_is_missing(
    live_server: LiveServer, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CORPUSGRADE_LS_URL", live_server.connection.url)
    monkeypatch.setenv("CORPUSGRADE_LS_TOKEN", live_server.connection.token)
    _push_and_answer(live_server, "pull-nosample")
    asset_table("audit_sample", "pull-nosample").unlink()
    result = CliRunner().invoke(app, ["audit", "pull", "pull-nosample"])
    assert result.exit_code == 2
    assert "no audit sample for pull-nosample" in result.output
    assert "Traceback" not in result.output
