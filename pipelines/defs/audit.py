"""Assets `audit_sample` and `annotations`, the Label Studio resource and the polling sensor.

The sensor keeps, in its cursor, the submissions whose annotations it already requested; each
tick it checks the open projects' progress (one cheap call per project) within a time budget well
inside Dagster's 60 s tick limit, and requests `annotations` for a submission whose projects
all reached their target. No `from __future__ import annotations` here: Dagster reads the
context and resource type hints at definition time, and one asset is named `annotations`.
"""

import json
import time
from typing import Any

import dagster as dg
import polars as pl
from label_studio_sdk.client import LabelStudio

from pipelines.defs.partitions import submission_partitions
from pipelines.defs.resources import RunSettings, WorkspaceResource
from pipelines.defs.streamed import read_without
from pipelines.labelstudio.client import Connection, connect, resolve_connection
from pipelines.labelstudio.loop import run_audit
from pipelines.labelstudio.pull import ANNOTATION_SCHEMA, project_progress
from quality.audit.sample import draw_audit_sample
from schemas.assets import IngestStats, SubmissionManifest

SENSOR_BUDGET_SECONDS = 40.0
TITLE_PREFIX = "corpusgrade:"
SAMPLE_UNUSED = ("content", "content_norm")
"""Text copies the audit sample never shows (tasks carry the masked text)."""


class LabelStudioResource(dg.ConfigurableResource):
    """Where Label Studio is. Empty fields fall back to CORPUSGRADE_LS_URL/CORPUSGRADE_LS_TOKEN,
    then to the state file of `corpusgrade labelstudio up`; in the UI, set them with
    `dg.EnvVar("CORPUSGRADE_LS_URL")` / `dg.EnvVar("CORPUSGRADE_LS_TOKEN")`."""

    url: str = ""
    token: str = ""
    timeout: float = 120.0

    def get_client(self) -> LabelStudio:
        """An SDK client for the configured (or discovered) server."""
        if self.url and self.token:
            connection = Connection(url=self.url.rstrip("/"), token=self.token)
        else:
            connection = resolve_connection()
        return connect(connection, timeout=self.timeout)


@dg.asset(partitions_def=submission_partitions, group_name="audit")
def audit_sample(
    context: dg.AssetExecutionContext,
    manifest: SubmissionManifest,
    ingest_stats: IngestStats,
    deduped_records: pl.LazyFrame,
) -> pl.DataFrame:
    """The stratified audit sample with gold items, seeded from the submission hash.

    Annotators see masked text only: the unmasked and normalised copies are not read.
    """
    model = manifest.manifest
    records = read_without(deduped_records, SAMPLE_UNUSED)
    sample = draw_audit_sample(records, dataset_type=model.dataset_type, seed=ingest_stats.seed)
    if model.label_set:  # the label-correction choices shown to annotators
        sample = sample.with_columns(label_set=pl.Series([model.label_set] * sample.height))
    counts = sample.group_by("audit_task").len().sort("audit_task").rows()
    context.add_output_metadata({"tasks": sample.height, "by_audit_task": str(counts)})
    return sample


@dg.asset(partitions_def=submission_partitions, group_name="audit")
def annotations(
    context: dg.AssetExecutionContext,
    settings: RunSettings,
    workspace: WorkspaceResource,
    labelstudio: LabelStudioResource,
    audit_sample: pl.DataFrame,
    ingest_stats: IngestStats,
) -> pl.DataFrame:
    """One row per annotation and control, validated; empty when the audit is `none`."""
    if settings.audit == "none":
        return pl.DataFrame(schema=ANNOTATION_SCHEMA)
    seed = ingest_stats.seed if settings.audit == "simulated" else None
    pulled = run_audit(
        labelstudio.get_client(),
        audit_sample,
        submission=context.partition_key,
        simulate_seed=seed,
        key=workspace.get().record_id_key(),
    )
    context.add_output_metadata(
        {
            "annotation_rows": pulled.annotations.height,
            "rejected": pulled.rejected.height,
            "simulated": settings.audit == "simulated",
        }
    )
    return pulled.annotations


def open_projects(client: LabelStudio) -> dict[str, list[int]]:
    """Submission -> its corpusgrade project ids, from the project titles."""
    found: dict[str, list[int]] = {}
    projects: list[Any] = list(client.projects.list(request_options={"max_retries": 0}))
    for project in projects:
        title = str(project.title or "")
        if title.startswith(TITLE_PREFIX) and title.count(":") >= 2:
            submission = title.removeprefix(TITLE_PREFIX).rsplit(":", 1)[0]
            found.setdefault(submission, []).append(int(project.id or 0))
    return dict(sorted(found.items()))


def complete_submissions(
    client: LabelStudio, *, done: set[str], budget: float = SENSOR_BUDGET_SECONDS
) -> list[str]:
    """Submissions not yet requested whose projects all reached their target, within budget."""
    deadline = time.monotonic() + budget
    ready = []
    for submission, project_ids in open_projects(client).items():
        if submission in done:
            continue
        if time.monotonic() > deadline:
            break
        progress = [project_progress(client, project_id=pid) for pid in project_ids]
        if all(item.complete for item in progress):
            ready.append(submission)
    return ready


@dg.sensor(
    asset_selection=dg.AssetSelection.assets("annotations"),
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.STOPPED,
)
def annotations_sensor(
    context: dg.SensorEvaluationContext, labelstudio: LabelStudioResource
) -> dg.SensorResult:
    """Poll open Label Studio projects; materialise `annotations` when a submission is done."""
    done = set(json.loads(context.cursor)["done"]) if context.cursor else set()
    ready = complete_submissions(labelstudio.get_client(), done=done)
    requests = [dg.RunRequest(run_key=f"annotations:{s}", partition_key=s) for s in ready]
    cursor = json.dumps({"done": sorted(done | set(ready))})
    return dg.SensorResult(run_requests=requests, cursor=cursor)
