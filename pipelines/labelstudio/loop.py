"""The whole audit loop against a server: push, optionally simulate, pull (used by Dagster).

Simulated annotators answer each audit task's first choice control from ground truth: the gold
answer where the sample has one, else an answer planted in the record's text
(`pipelines.labelstudio.planted`), else the config's first choice (the demo's stand-in truth); on
a task with the `risk` control (the text review) they answer every choice control of the config
(verdict, risk, correctness) in the same annotation, as a real annotator must.
"""

from __future__ import annotations

import json

import polars as pl
from label_studio_sdk.client import LabelStudio

from pipelines.home import record_id_key
from pipelines.labelstudio.configs import load_config
from pipelines.labelstudio.planted import planted_answers
from pipelines.labelstudio.pull import PullResult
from pipelines.labelstudio.push import push_audit_sample
from pipelines.labelstudio.review import pull_with_reviews
from pipelines.labelstudio.simulate import simulate_project
from pipelines.labelstudio.simulate_controls import simulate_project_controls
from pipelines.labelstudio.tasks import restore_record_ids
from quality.pii import public_record_id

SIMULATED_ERROR_RATES = (0.05, 0.1)
TRUTH_SCHEMA = {"record_id": pl.Utf8, "truth": pl.Utf8}


def primary_control(task: str) -> str:
    """The first Choices control of an audit task's config: the verdict simulated users give."""
    config = load_config(task)
    return next(name for name, kind in config.controls().items() if kind == "choices")


RISK_CONTROL = "risk"
"""The GB/T 45654 harm question; simulated annotators answer it beside the primary control."""


def choice_controls(task: str) -> tuple[str, ...]:
    """Every Choices control of an audit task's config, in config order."""
    return tuple(name for name, kind in load_config(task).controls().items() if kind == "choices")


def simulated_truth(
    part: pl.DataFrame, *, task: str, control: str | None = None, key: bytes | None = None
) -> pl.DataFrame:
    """(record_id, truth) for one control of an audit task (default: its primary control):
    gold answers, else an answer planted in the record's text, else the first choice.

    Record ids are the public ones the tasks carry, keyed with `key` (default: the record-id
    key under `CORPUSGRADE_HOME`)."""
    control = control or primary_control(task)
    default = load_config(task).choices(control)[0]
    golds = part["gold_answer"].to_list() if "gold_answer" in part.columns else [None] * part.height
    truth = [
        str(json.loads(gold).get(control, default)) if gold else planted.get(control, default)
        for gold, planted in zip(golds, planted_answers(part), strict=True)
    ]
    key = record_id_key() if key is None else key
    public = [public_record_id(str(rid), key=key) for rid in part["record_id"].to_list()]
    return pl.DataFrame({"record_id": public, "truth": truth}, schema=TRUTH_SCHEMA)


def run_audit(
    client: LabelStudio,
    sample: pl.DataFrame,
    *,
    submission: str,
    simulate_seed: int | None,
    key: bytes | None = None,
) -> PullResult:
    """Push the sample; with a seed, let SIMULATED annotators answer first; then pull (with the
    answers of the review projects, role `reviewer`).

    `key` is the workspace's record-id key (default: the one under `CORPUSGRADE_HOME`): tasks
    carry public ids keyed with it, and pulled rows get the sample's ids back with it."""
    key = record_id_key() if key is None else key
    pushed = push_audit_sample(client, sample, submission=submission, key=key)
    if simulate_seed is not None:
        for result in pushed:
            task = result.title.rsplit(":", 1)[1]
            part = sample.filter(pl.col("audit_task") == task)
            config = load_config(task)
            if RISK_CONTROL in config.controls():
                controls = choice_controls(task)
                simulate_project_controls(
                    client,
                    project_id=result.project_id,
                    config=config,
                    truths={
                        c: simulated_truth(part, task=task, control=c, key=key) for c in controls
                    },
                    error_rates=SIMULATED_ERROR_RATES,
                    seed=simulate_seed,
                )
                continue
            simulate_project(
                client,
                project_id=result.project_id,
                config=load_config(task),
                truth=simulated_truth(part, task=task, key=key),
                control=primary_control(task),
                error_rates=SIMULATED_ERROR_RATES,
                seed=simulate_seed,
            )
    pulled, _ = pull_with_reviews(client, submission=submission)  # reviewers' answers too
    # Tasks carry public record ids (masked when an id holds PII); rows come back with the
    # sample's own ids so they join the sample and the records.
    return PullResult(
        annotations=restore_record_ids(pulled.annotations, sample, key=key),
        rejected=restore_record_ids(pulled.rejected, sample, key=key),
    )
