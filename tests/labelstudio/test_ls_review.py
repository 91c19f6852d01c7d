"""The reviewer's queue (issue 13): `corpusgrade audit review` pushes the items still uncertain
to a review project on the real server; a reviewer's answer there, pulled back, is the final
verdict. Also: the simulated reviewer finds the truth of records whose ids hold PII."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.labelstudio.push import push_audit_sample
from pipelines.labelstudio.review import review_title
from pipelines.labelstudio.simulate import ensure_simulated_users, project_tasks
from pipelines.labelstudio.tasks import project_title
from pipelines.storage import asset_table
from quality.audit.summary import summarize_audit
from tests.ls_server import LiveServer

PHONE_ID = "13800138000"
RECORD_IDS = [PHONE_ID, "r00001", "r00002", "r00003", "r00004"]
CONFLICT = f"text_quality:{PHONE_ID}"
"""The one item the two annotators disagree on (pass against fail); they agree on the rest, two
pass and two fail, so truth inference cannot lean on the class priors and leaves it uncertain."""
AGREED = {"r00001": "pass", "r00002": "pass", "r00003": "fail", "r00004": "fail"}
KEY = "ab" * 32


def _sample() -> pl.DataFrame:
    """Five double-annotated, non-gold text_quality items; the first id is a phone number."""
    n = len(RECORD_IDS)
    return pl.DataFrame(
        {
            "task_id": [f"text_quality:{rid}" for rid in RECORD_IDS],
            "record_id": RECORD_IDS,
            "source_file": ["a.jsonl"] * n,
            "audit_task": ["text_quality"] * n,
            "purpose": ["quality"] * n,
            "in_quality": [True] * n,
            "in_safety": [False] * n,
            "in_source_safety": [False] * n,
            "double": [True] * n,
            "is_gold": [False] * n,
            "gold_answer": pl.Series([None] * n, dtype=pl.Utf8),
            "text_masked": [f"text {i} with [PHONE]" for i in range(n)],
        }
    )


def _verdict(value: str) -> list[dict[str, Any]]:
    """An annotation result answering the verdict control only."""
    choice = {"choices": [value]}
    return [{"from_name": "verdict", "to_name": "text", "type": "choices", "value": choice}]


def _audit_answered(live_server: LiveServer, submission: str) -> pl.DataFrame:
    """Push the sample and let two annotators answer: they agree on all items but CONFLICT
    (whose id, a phone number, is the only one the tasks carry masked)."""
    client = live_server.client
    sample = _sample()
    path = asset_table("audit_sample", submission)
    path.parent.mkdir(parents=True, exist_ok=True)
    sample.write_parquet(path)
    (pushed,) = push_audit_sample(client, sample, submission=submission)
    users = ensure_simulated_users(client, annotators=2)
    tasks = project_tasks(client, project_id=pushed.project_id)
    for task_id, record_id, copy, _ in tasks.iter_rows():
        value = AGREED.get(record_id, "pass" if copy == 0 else "fail")
        who = users[f"simulated-{copy + 1}"]
        client.annotations.create(id=task_id, completed_by=who, result=_verdict(value))
    return sample


def _review_tasks(live_server: LiveServer, submission: str) -> list[Any]:
    title = review_title(submission, "text_quality")
    (project,) = [p for p in live_server.client.projects.list() if p.title == title]
    return list(live_server.client.tasks.list(project=project.id))


@pytest.fixture
def connected(live_server: LiveServer, home: Path, monkeypatch: pytest.MonkeyPatch) -> LiveServer:
    """The CLI talks to the live server; record-id surrogates use a fixed key."""
    monkeypatch.setenv("CORPUSGRADE_LS_URL", live_server.connection.url)
    monkeypatch.setenv("CORPUSGRADE_LS_TOKEN", live_server.connection.token)
    monkeypatch.setenv("CORPUSGRADE_RECORD_ID_KEY", KEY)
    return live_server


@pytest.mark.labelstudio
def test_a_reviewers_answer_in_label_studio_settles_the_uncertain_item(
    connected: LiveServer,
) -> None:
    sample = _audit_answered(connected, "rev-settle")
    runner = CliRunner()
    assert runner.invoke(app, ["audit", "pull", "rev-settle"]).exit_code == 0
    before = pl.read_parquet(asset_table("annotations", "rev-settle"))
    assert summarize_audit(before, sample, simulated=False)["adjudication"]["review_items"] == [
        CONFLICT
    ]

    result = runner.invoke(app, ["audit", "review", "rev-settle"])
    assert result.exit_code == 0, result.output
    assert "1 items queued, 1 sent now" in result.output
    assert f"{connected.connection.url.rstrip('/')}/projects/" in result.output
    (task,) = _review_tasks(connected, "rev-settle")
    stored = json.dumps([task.data, task.meta], ensure_ascii=False)
    assert PHONE_ID not in stored  # the public (surrogate) record id, like the audit tasks
    assert set(task.data) == {"text", "record_id", "corpusgrade_id"}

    reviewer = connected.client.users.create(username="rev", email="reviewer@example.org")
    connected.client.annotations.create(
        id=task.id, completed_by=reviewer.id, result=_verdict("fail")
    )
    result = runner.invoke(app, ["audit", "pull", "rev-settle"])
    assert result.exit_code == 0, result.output
    after = pl.read_parquet(asset_table("annotations", "rev-settle"))
    reviews = after.filter(pl.col("role") == "reviewer")
    assert reviews.select("record_id", "annotator", "value").rows() == [
        (PHONE_ID, "reviewer@example.org", "fail")
    ]
    section = summarize_audit(after, sample, simulated=False)
    assert section["adjudication"]["review_items"] == []
    assert section["adjudication"]["adjudicated"] == 1
    usability = section["rates"]["usability"]
    assert (usability["n"], usability["passes"], usability["needs_review"]) == (5, 2, 0)
    assert CONFLICT in usability["sample_ids"]  # the failed items: settled as the reviewer said
    assert "reviewer@example.org" not in {row["annotator"] for row in section["annotators"]}


@pytest.mark.labelstudio
def test_a_second_audit_review_adds_nothing(connected: LiveServer) -> None:
    _audit_answered(connected, "rev-twice")
    runner = CliRunner()
    first = runner.invoke(app, ["audit", "review", "rev-twice"])
    assert "1 items queued, 1 sent now" in first.output, first.output
    second = runner.invoke(app, ["audit", "review", "rev-twice"])
    assert second.exit_code == 0, second.output
    assert "1 items queued, 0 sent now" in second.output
    assert len(_review_tasks(connected, "rev-twice")) == 1
    titles = {p.title for p in connected.client.projects.list()}
    assert project_title("rev-twice", "text_quality") in titles
    assert sum(title.startswith("corpusgrade:rev-twice:") for title in titles) == 2


def test_simulated_reviewer_finds_the_truth_of_records_whose_ids_hold_pii(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`simulated_truth` keys by public (surrogate) ids; joined with the raw ids, the phone id
    got no truth and stayed `needs_review`."""
    from pipelines.labelstudio.adjudicate import with_simulated_reviews

    monkeypatch.setenv("CORPUSGRADE_RECORD_ID_KEY", KEY)
    sample = _sample()
    votes = pl.DataFrame(
        {
            "item": [tid for tid in sample["task_id"] for _ in range(2)],
            "annotator": ["a", "b"] * sample.height,
            "control": ["verdict"] * (2 * sample.height),
            "value": ["pass", "fail", *(AGREED[rid] for rid in RECORD_IDS[1:] for _ in range(2))],
        }
    )
    assert summarize_audit(votes, sample, simulated=True)["adjudication"]["review_items"] == [
        CONFLICT
    ]
    reviewed = with_simulated_reviews(votes, sample)
    assert reviewed.filter(pl.col("role") == "reviewer")["item"].to_list() == [CONFLICT]
    section = summarize_audit(reviewed, sample, simulated=True)
    assert section["adjudication"]["needs_review"] == 0
