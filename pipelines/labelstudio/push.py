"""Push an audit sample to Label Studio: one project per submission and audit task, idempotently.

A retry or a re-run after a crash never creates a second copy of a task: before each import the
project's existing external ids are read back and only the missing tasks are sent, and the import
itself is sent with the SDK's retries off (an SDK retry after a lost response would land twice).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
from label_studio_sdk.client import LabelStudio

from pipelines.labelstudio.client import NO_SDK_RETRY, with_retries
from pipelines.labelstudio.configs import LabelConfig, load_config
from pipelines.labelstudio.tasks import EXTERNAL_ID, MODEL_VERSION, build_tasks, project_title

IMPORT_CHUNK = 10_000
LIST_PAGE = 5_000


@dataclass(frozen=True)
class PushResult:
    """What one push did to one project."""

    project_id: int
    title: str
    tasks_total: int
    tasks_created: int


def find_project(client: LabelStudio, *, title: str) -> int | None:
    """The id of the project with exactly this title, if any (lowest id wins)."""
    projects: list[Any] = with_retries(
        lambda: list(client.projects.list(title=title, request_options=NO_SDK_RETRY)),
        what=f"listing projects titled {title!r}",
    )
    ids = sorted(project.id for project in projects if project.title == title and project.id)
    return ids[0] if ids else None


def ensure_project(client: LabelStudio, *, title: str, config: LabelConfig) -> int:
    """Find the project or create it; a create is only retried after checking it did not land."""

    def find_or_create() -> int:
        existing = find_project(client, title=title)
        if existing is not None:
            return existing
        project = client.projects.create(
            title=title,
            label_config=config.xml,
            maximum_annotations=1,
            model_version=MODEL_VERSION,
            request_options=NO_SDK_RETRY,
        )
        return int(project.id or 0)

    return with_retries(find_or_create, what=f"creating project {title!r}")


def existing_external_ids(client: LabelStudio, *, project_id: int) -> set[str]:
    """External ids already in the project: skipped when it is empty, else one lean listing.

    The listing asks for `id,data` only (the sync export of 20,000 tasks times out on SQLite).
    """

    def read() -> set[str]:
        project = client.projects.get(id=project_id, request_options=NO_SDK_RETRY)
        if not project.task_number:
            return set()
        tasks: Any = client.tasks.list(
            project=project_id,
            fields="task_only",
            include="id,data",
            page_size=LIST_PAGE,
            request_options=NO_SDK_RETRY,
        )
        return {str(task.data[EXTERNAL_ID]) for task in tasks if EXTERNAL_ID in (task.data or {})}

    return with_retries(read, what=f"reading the tasks of project {project_id}")


def import_missing(client: LabelStudio, *, project_id: int, tasks: list[dict[str, Any]]) -> int:
    """Import the tasks whose external id is not in the project yet; return how many were sent."""
    present = existing_external_ids(client, project_id=project_id)
    missing = [task for task in tasks if task["data"][EXTERNAL_ID] not in present]
    for start in range(0, len(missing), IMPORT_CHUNK):
        client.projects.import_tasks(
            id=project_id,
            request=missing[start : start + IMPORT_CHUNK],  # type: ignore[arg-type]
            return_task_ids=False,
            request_options=NO_SDK_RETRY,
        )
    return len(missing)


def push_sample(
    client: LabelStudio,
    sample: pl.DataFrame,
    *,
    submission: str,
    config: LabelConfig,
    attempts: int = 3,
    title: str | None = None,
    key: bytes | None = None,
) -> PushResult:
    """Push one audit task's sample; safe to call again after any failure.

    Each attempt re-reads what is already there, so a retry (or a later re-run after a server
    restart) sends only the missing tasks. `title` defaults to the audit project's title (the
    reviewer's queue passes its own); `key` is the workspace's record-id key (default: the one
    under `CORPUSGRADE_HOME`).
    """
    title = title or project_title(submission, config.task)
    tasks = build_tasks(sample, config, submission=submission, key=key)
    project_id = ensure_project(client, title=title, config=config)
    created = with_retries(
        lambda: import_missing(client, project_id=project_id, tasks=tasks),
        what=f"importing tasks into {title!r}",
        attempts=attempts,
    )
    return PushResult(
        project_id=project_id, title=title, tasks_total=len(tasks), tasks_created=created
    )


def push_audit_sample(
    client: LabelStudio,
    sample: pl.DataFrame,
    *,
    submission: str,
    attempts: int = 3,
    key: bytes | None = None,
) -> list[PushResult]:
    """Push a whole audit sample (column `audit_task`): one project per audit task, sorted."""
    results = []
    for task in sorted(sample["audit_task"].unique().to_list()):
        part = sample.filter(pl.col("audit_task") == task)
        config = load_config(task)
        results.append(
            push_sample(
                client, part, submission=submission, config=config, attempts=attempts, key=key
            )
        )
    return results
