"""Run one submission through the asset graph in-process, the same code path the UI uses.

`run_submission` registers the submission as a dynamic partition of the shared Dagster instance
(so the run shows in `dagster dev`), materialises every asset for that partition, and exports the
results into an output folder with the names of the output contract (README, "Outputs").
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from pipelines.defs.partitions import SUBMISSIONS_PARTITIONS_NAME
from pipelines.defs.resources import AuditMode, Engine
from pipelines.home import (
    corpusgrade_home,
    dagster_home,
    init_lock,
    outputs_dir,
    register_submission_folder,
    run_lock,
)
from pipelines.outputs import mark_failed, publish, staging_folder, write_outputs_manifest
from schemas.errors import CorpusgradeError
from schemas.manifest import MANIFEST_NAMES, load_manifest

EXPORTS: dict[str, str] = {
    "deduped_records": "records.parquet",
    "quarantine": "quarantine.parquet",
}
"""Asset value file -> name in the output folder."""


@dataclass(frozen=True)
class RunOutcome:
    """What a run produced: the submission id and the folder it exported to."""

    submission_id: str
    out: Path
    success: bool
    failures: tuple[str, ...] = ()


def instance() -> dg.DagsterInstance:
    """The persistent Dagster instance under CORPUSGRADE_HOME (shared with `make ui`)."""
    os.environ.setdefault("DAGSTER_HOME", str(dagster_home()))
    folder = Path(os.environ["DAGSTER_HOME"])
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "dagster.yaml"
    with init_lock():
        if not config.exists():
            # Storage defaults to this folder either way; the file only keeps the instance
            # offline (no telemetry) and stops Dagster's warning about a missing configuration.
            config.write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
        inst = dg.DagsterInstance.get()
        # First use creates and migrates the SQLite storages; do it while holding the lock.
        inst.get_runs(limit=1)
        inst.all_instigator_state()
    return inst


def register_partition(folder: Path) -> str:
    """Validate the manifest, remember the folder and add the submission's partition."""
    manifest_path = next(
        (folder / n for n in MANIFEST_NAMES if (folder / n).exists()), folder / MANIFEST_NAMES[0]
    )
    submission_id = load_manifest(manifest_path).id
    register_submission_folder(submission_id, folder)
    inst = instance()
    if not inst.has_dynamic_partition(SUBMISSIONS_PARTITIONS_NAME, submission_id):
        inst.add_dynamic_partitions(SUBMISSIONS_PARTITIONS_NAME, [submission_id])
    return submission_id


def ensure_audit_server(audit: AuditMode) -> str | None:
    """Start the managed Label Studio when the audit needs one and none is configured.

    Returns the server URL, or None when the audit is `none`. An operator who points
    corpusgrade at an existing server (`CORPUSGRADE_LS_URL` + `CORPUSGRADE_LS_TOKEN`) gets it
    used as it is.
    """
    if audit == "none":
        return None
    if os.environ.get("CORPUSGRADE_LS_URL") and os.environ.get("CORPUSGRADE_LS_TOKEN"):
        return os.environ["CORPUSGRADE_LS_URL"]
    from pipelines.labelstudio.paths import ServerPaths, labelstudio_home
    from pipelines.labelstudio.server import up

    return up(ServerPaths(labelstudio_home()), timeout=600.0).url


def run_submission(
    folder: Path,
    *,
    out: Path,
    audit: AuditMode = "none",
    engine: Engine = "local",
    rubric: Path | None = None,
) -> RunOutcome:
    """Materialise the whole graph for one submission and publish its outputs to `out`.

    The outputs are exported to a staging folder and moved into `out` only when the run
    succeeded; a failed run removes the previous run's outputs and leaves `run-failed.json`.
    """
    from pipelines.definitions import build_definitions

    with run_lock():  # one run per workspace at a time; a second one waits
        try:
            submission_id = register_partition(folder)
        except CorpusgradeError as error:
            mark_failed(out, submission_id=folder.name, failures=[str(error)])
            raise
        ensure_audit_server(audit)
        defs = build_definitions(audit=audit, engine=engine, rubric_path=str(rubric or ""))
        job = defs.resolve_job_def("grade_submission")
        result = job.execute_in_process(
            instance=instance(),
            partition_key=submission_id,
            run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
            raise_on_error=False,
        )
        failures = step_failures(result)
        if result.success:
            staging = staging_folder(out)
            export_outputs(submission_id, staging)
            write_outputs_manifest(staging)
            publish(staging, out)
        else:
            mark_failed(out, submission_id=submission_id, failures=failures)
    return RunOutcome(
        submission_id=submission_id,
        out=out,
        success=result.success,
        failures=failures,
    )


def step_failures(result: dg.ExecuteInProcessResult) -> tuple[str, ...]:
    """`step: message` for every failed step, for the CLI to show."""
    failures = []
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data is not None:
            error = event.step_failure_data.error
            message = error.message.strip() if error else "failed"
            failures.append(f"{event.step_key}: {message}")
    return tuple(failures)


def asset_file(asset: str, submission_id: str) -> Path:
    """Where the IO manager stored an asset's value for a submission (Parquet or JSON)."""
    stem = corpusgrade_home() / "assets" / asset / submission_id
    parquet = stem.with_suffix(".parquet")
    return parquet if parquet.exists() else stem.with_suffix(".json")


def export_outputs(submission_id: str, out: Path) -> None:
    """Copy the output-contract files for a submission into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    for asset, name in EXPORTS.items():
        source = asset_file(asset, submission_id)
        if source.exists():
            shutil.copyfile(source, out / name)
    folder = outputs_dir(submission_id)
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.is_file():
                shutil.copyfile(path, out / path.name)
            else:
                shutil.copytree(path, out / path.name, dirs_exist_ok=True)
