"""The reviewer's queue in Label Studio: items still uncertain after truth inference, for a person.

`push_review` computes the queue (`quality.audit.summary.review_queue`) from the pulled
annotations and pushes each queued item once, as a task of a review project per submission and
audit task (title `corpusgrade:<submission>:<task>.review`, the audit task's label config, the
same masked task data and public record ids as the audit tasks). A re-run sends only items not in
the project yet. `pull_with_reviews` adds the review projects' answers to a pull as role
`reviewer` rows, the rows the demo's simulated reviewer adds (`adjudicate.with_simulated_reviews`):
`quality.audit.settle` takes them as the final verdict and the item leaves `needs_review`.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from label_studio_sdk.client import LabelStudio

from pipelines.labelstudio.client import NO_SDK_RETRY, with_retries
from pipelines.labelstudio.configs import load_config
from pipelines.labelstudio.pull import (
    ANNOTATION_SCHEMA,
    REJECTED_SCHEMA,
    Progress,
    PullResult,
    project_progress,
    pull_annotations,
    pull_submission,
)
from pipelines.labelstudio.push import PushResult, push_sample
from pipelines.labelstudio.tasks import REVIEW_SUFFIX, project_title
from quality.audit.settle import REVIEWER
from quality.audit.summary import review_queue

__all__ = ["pull_reviews", "pull_with_reviews", "push_review", "queued_sample", "review_title"]


def review_title(submission: str, task: str) -> str:
    """The review project's title: the audit project's title with `.review` after the task."""
    return project_title(submission, f"{task}{REVIEW_SUFFIX}")


def queued_sample(annotations: pl.DataFrame, sample: pl.DataFrame) -> pl.DataFrame:
    """The audit sample's rows of the items still uncertain, one copy each (one reviewer).

    `annotations` are pulled rows with the sample's own record ids (or keyed by `item`).
    """
    queue = review_queue(annotations, sample)
    items = queue["item"].unique().implode()
    return sample.filter(pl.col("task_id").is_in(items)).with_columns(double=pl.lit(False))


def push_review(
    client: LabelStudio,
    annotations: pl.DataFrame,
    sample: pl.DataFrame,
    *,
    submission: str,
    key: bytes | None = None,
) -> list[PushResult]:
    """Push the queued items to the submission's review projects (only items not there yet).

    `key`: the workspace's record-id key (default: the one under `CORPUSGRADE_HOME`)."""
    queued = queued_sample(annotations, sample)
    results = []
    for task in sorted(queued["audit_task"].unique().to_list()):
        part = queued.filter(pl.col("audit_task") == task)
        title = review_title(submission, task)
        results.append(
            push_sample(
                client, part, submission=submission, config=load_config(task), title=title, key=key
            )
        )
    return results


def review_projects(client: LabelStudio, *, submission: str) -> dict[str, int]:
    """Audit task -> review project id for the submission, by title (lowest id per title)."""
    projects: list[Any] = with_retries(
        lambda: list(client.projects.list(request_options=NO_SDK_RETRY)), what="listing projects"
    )
    prefix = project_title(submission, "")
    found: dict[str, int] = {}
    for project in sorted(projects, key=lambda p: int(p.id or 0)):
        title = str(project.title or "")
        if title.startswith(prefix) and title.endswith(REVIEW_SUFFIX):
            task = title.removeprefix(prefix).removesuffix(REVIEW_SUFFIX)
            found.setdefault(task, int(project.id or 0))
    return dict(sorted(found.items()))


def pull_reviews(client: LabelStudio, *, submission: str) -> tuple[PullResult, list[Progress]]:
    """The review projects' valid answers as role `reviewer` rows, rejected ones, progress."""
    parts: list[PullResult] = []
    progress: list[Progress] = []
    for task, project_id in review_projects(client, submission=submission).items():
        parts.append(pull_annotations(client, project_id=project_id, config=load_config(task)))
        progress.append(project_progress(client, project_id=project_id))
    if not parts:
        empty = PullResult(
            pl.DataFrame(schema=ANNOTATION_SCHEMA), pl.DataFrame(schema=REJECTED_SCHEMA)
        )
        return empty, progress
    annotations = pl.concat([part.annotations for part in parts])
    return (
        PullResult(
            annotations=annotations.with_columns(role=pl.lit(REVIEWER)),
            rejected=pl.concat([part.rejected for part in parts]),
        ),
        progress,
    )


def pull_with_reviews(client: LabelStudio, *, submission: str) -> tuple[PullResult, list[Progress]]:
    """`pull_submission` plus the review projects' answers (role `reviewer`; annotators' null).

    Without review answers the pull is returned as it is (no `role` column).
    """
    pulled, progress = pull_submission(client, submission=submission)
    reviews, review_progress = pull_reviews(client, submission=submission)
    rejected = pulled.rejected
    if reviews.rejected.height:
        rejected = pl.concat([rejected, reviews.rejected])
    annotations = pulled.annotations
    if reviews.annotations.height:
        role = pl.lit(None, dtype=pl.Utf8)
        annotations = pl.concat([annotations.with_columns(role=role), reviews.annotations])
    return PullResult(annotations, rejected), progress + review_progress
