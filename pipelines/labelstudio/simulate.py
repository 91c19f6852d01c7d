"""SIMULATED annotators posting through the real Label Studio API, for the demo and tests.

The answers come from `quality.audit.simulate` (ground truth with configured, seeded error
rates); this module creates clearly labelled users (`simulated-N@simulated.corpusgrade`, first
name "SIMULATED") and posts each answer as that user with `completed_by`. A double-annotated
record's copies go to different simulated annotators.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import polars as pl
from label_studio_sdk.client import LabelStudio

from pipelines.labelstudio.client import NO_SDK_RETRY, with_retries
from pipelines.labelstudio.configs import LabelConfig
from pipelines.labelstudio.pull import SIMULATED_DOMAIN
from pipelines.labelstudio.push import LIST_PAGE
from pipelines.labelstudio.tasks import EXTERNAL_ID
from quality.audit.simulate import annotator_names, simulate_annotations

POST_WORKERS = 4


def ensure_simulated_users(client: LabelStudio, *, annotators: int) -> dict[str, int]:
    """Simulated annotator name -> user id, creating the users that are missing."""
    existing = with_retries(
        lambda: {u.email: int(u.id or 0) for u in client.users.list(request_options=NO_SDK_RETRY)},
        what="listing users",
    )
    ids: dict[str, int] = {}
    for name in annotator_names(annotators):
        email = f"{name}{SIMULATED_DOMAIN}"
        if email not in existing:
            user = client.users.create(
                username=name, email=email, first_name="SIMULATED", last_name=name
            )
            existing[email] = int(user.id or 0)
        ids[name] = existing[email]
    return ids


def project_tasks(client: LabelStudio, *, project_id: int) -> pl.DataFrame:
    """(task_id, record_id, copy, answered) of every task in the project, from one listing.

    `answered` counts the task's annotations, so a re-run leaves answered tasks alone.
    """
    listed: Any = client.tasks.list(
        project=project_id,
        fields="task_only",
        include="id,data,total_annotations",
        page_size=LIST_PAGE,
    )
    rows = [(int(task.id), task.data, int(task.total_annotations or 0)) for task in listed]
    return pl.DataFrame(
        {
            "task_id": [task_id for task_id, _, _ in rows],
            "record_id": [str(data["record_id"]) for _, data, _ in rows],
            "copy": [int(str(data[EXTERNAL_ID]).rsplit(":", 1)[1]) for _, data, _ in rows],
            "answered": [answered for _, _, answered in rows],
        },
        schema={"task_id": pl.Int64, "record_id": pl.Utf8, "copy": pl.Int64, "answered": pl.Int64},
    )


def assign_answers(tasks: pl.DataFrame, answers: pl.DataFrame) -> pl.DataFrame:
    """Give a record's k-th answer (in annotator order) to its k-th copy; extra answers drop."""
    ranked = answers.sort("item", "annotator").with_columns(
        copy=pl.int_range(pl.len()).over("item").cast(pl.Int64)
    )
    return tasks.join(
        ranked.rename({"item": "record_id"}), on=["record_id", "copy"], how="inner"
    ).sort("task_id")


def unanswered(assigned: pl.DataFrame) -> pl.DataFrame:
    """The assigned answers whose task has no annotation yet (answered tasks are never redone)."""
    return assigned.filter(pl.col("answered") == 0).drop("answered")


def simulate_project(
    client: LabelStudio,
    *,
    project_id: int,
    config: LabelConfig,
    truth: pl.DataFrame,
    control: str,
    error_rates: Sequence[float],
    seed: int,
) -> pl.DataFrame:
    """Post simulated answers for `control` on every task not yet answered; return them.

    `truth` has `record_id` and `truth` (the right choice). Records with two copies are
    answered by two different simulated annotators; the rest by one chosen with the seed. The
    answers are drawn for the whole sample and then only unanswered tasks get theirs, so a task
    is answered once however often the submission runs, and with the same answer.
    """
    tasks = project_tasks(client, project_id=project_id)
    records = tasks.group_by("record_id").agg(double=pl.len() > 1)
    sample = records.join(truth, on="record_id", how="inner").sort("record_id")
    answers = simulate_annotations(
        sample,
        annotators=len(error_rates),
        error_rates=error_rates,
        seed=seed,
        truth_column="truth",
        choices=config.choices(control),
    )
    posted = unanswered(assign_answers(tasks, answers))
    users = ensure_simulated_users(client, annotators=len(error_rates))
    to_name = config.interface.get_control(control).to_name[0]
    with ThreadPoolExecutor(max_workers=POST_WORKERS) as pool:
        list(pool.map(lambda row: _post(client, row, users, control, to_name),
                      posted.iter_rows(named=True)))  # fmt: skip
    return posted


def _post(
    client: LabelStudio, row: dict[str, Any], users: dict[str, int], control: str, to_name: str
) -> None:
    """One annotation as the simulated user (never retried: a retry could post it twice)."""
    result = [
        {
            "from_name": control,
            "to_name": to_name,
            "type": "choices",
            "value": {"choices": [row["value"]]},
        }
    ]
    client.annotations.create(
        id=row["task_id"],
        completed_by=users[row["annotator"]],
        result=result,
        lead_time=row["lead_time"],
        request_options=NO_SDK_RETRY,
    )
