"""Run one submission through the asset graph in-process, the same code path the UI uses.

`run_submission` registers the submission as a dynamic partition of the shared Dagster instance
(so the run shows in `dagster dev`), materialises every asset for that partition, and exports the
results into an output folder with the names of the output contract (README, "Outputs").
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from pipelines.defs.partitions import SUBMISSIONS_PARTITIONS_NAME
from pipelines.defs.resources import AuditMode, Engine
from pipelines.home import (
    dagster_home,
    init_lock,
    outputs_dir,
    register_submission_folder,
    run_lock,
)
from pipelines.outputs import mark_failed, publish, staging_folder, write_outputs_manifest
from pipelines.storage import asset_file
from schemas.errors import CorpusgradeError
from schemas.manifest import load_manifest

EXPORTS: dict[str, str] = {
    "deduped_records": "records.parquet",
    "quarantine": "quarantine.parquet",
}
"""Asset value file -> name in the output folder."""


class RunFailed(CorpusgradeError, RuntimeError):
    """A run stopped on a user-fixable fault raised inside one of its steps."""


@dataclass(frozen=True)
class RunOutcome:
    """What a run produced: the submission id, the folder it exported to, and any failure.

    `error` is set when a step failed on a user-fixable fault (`CorpusgradeError`), with the
    fault's own message, so the CLI can print it as one line instead of the step's traceback.
    """

    submission_id: str
    out: Path
    success: bool
    failures: tuple[str, ...] = ()
    error: RunFailed | None = None


@dataclass(frozen=True)
class StepProgress:
    """One finished step of a run: how far the run is and what the step produced."""

    done: int
    total: int
    step: str
    rows: int | None = None


ProgressCallback = Callable[[StepProgress], None]


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
    submission_id = load_manifest(folder).id
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

    return up(ServerPaths(labelstudio_home())).url


def run_submission(
    folder: Path,
    *,
    out: Path,
    audit: AuditMode = "none",
    engine: Engine = "local",
    rubric: Path | None = None,
    on_progress: ProgressCallback | None = None,
) -> RunOutcome:
    """Materialise the whole graph for one submission and publish its outputs to `out`.

    The outputs are exported to a staging folder and moved into `out` only when the run
    succeeded; a failed run removes the previous run's outputs and leaves `run-failed.json`.
    `on_progress` is called (from a watcher thread) after every finished step.
    """
    from dagster._core.utils import make_new_run_id

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
        run_id = make_new_run_id()
        inst = instance()
        watcher = _ProgressWatcher(inst, run_id, total=len(job.graph.nodes), callback=on_progress)
        with watcher:
            result = job.execute_in_process(
                instance=inst,
                partition_key=submission_id,
                # Failures come back through RunOutcome; Dagster's own log would print tracebacks.
                run_config={"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}},
                raise_on_error=False,
                run_id=run_id,
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
        error=user_error(result),
    )


class _ProgressWatcher:
    """Polls the run's event log in a thread and reports each finished step."""

    def __init__(
        self,
        inst: dg.DagsterInstance,
        run_id: str,
        *,
        total: int,
        callback: ProgressCallback | None,
        interval: float = 0.5,
    ) -> None:
        self._instance, self._run_id, self._total = inst, run_id, total
        self._callback, self._interval = callback, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._cursor: str | None = None
        self._done = 0
        self._rows: dict[str, int] = {}

    def __enter__(self) -> _ProgressWatcher:
        if self._callback is not None:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._callback is None:
            return
        self._stop.set()
        self._thread.join()
        self._poll()

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            self._poll()

    def _poll(self) -> None:
        """Read the events since the cursor; call back once per finished step."""
        assert self._callback is not None
        kinds = {dg.DagsterEventType.STEP_SUCCESS, dg.DagsterEventType.ASSET_MATERIALIZATION}
        try:
            page = self._instance.get_records_for_run(
                self._run_id, cursor=self._cursor, of_type=kinds
            )
        except Exception:  # progress must never break a run; try again on the next tick
            return
        self._cursor = page.cursor
        for record in page.records:
            event = record.event_log_entry.dagster_event
            if event is None or event.step_key is None:
                continue
            if event.is_step_materialization:
                rows = event.step_materialization_data.materialization.metadata.get("rows")
                if rows is not None:
                    self._rows[event.step_key] = int(rows.value)  # type: ignore[arg-type]
            elif event.is_step_success:
                self._done += 1
                step = event.step_key
                self._callback(StepProgress(self._done, self._total, step, self._rows.get(step)))


def user_error(result: dg.ExecuteInProcessResult) -> RunFailed | None:
    """The first user-fixable fault (`CorpusgradeError`) behind a failed step, if any.

    Dagster keeps only the serialised error (class name, message, causes), so the fault is found
    by its class name among the `CorpusgradeError` subclasses and re-raised with its message.
    """
    names = _error_class_names(CorpusgradeError)
    for event in result.all_events:
        if not (event.is_step_failure and event.step_failure_data is not None):
            continue
        error = event.step_failure_data.error
        while error is not None:
            if error.cls_name in names:
                return RunFailed(_strip_class(error.message, error.cls_name))
            error = error.cause or error.context
    return None


def _error_class_names(base: type[BaseException]) -> set[str]:
    """The names of `base` and all its (loaded) subclasses."""
    names, todo = set(), [base]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return names


def _strip_class(message: str, cls_name: str) -> str:
    """`IngestError: x.jsonl ...` -> `x.jsonl ...` (the CLI adds its own `error:`)."""
    text = message.strip()
    prefix = f"{cls_name}: "
    return text[len(prefix) :] if text.startswith(prefix) else text


def step_failures(result: dg.ExecuteInProcessResult) -> tuple[str, ...]:
    """`step: message` for every failed step, for the CLI to show."""
    failures = []
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data is not None:
            error = event.step_failure_data.error
            message = error.message.strip() if error else "failed"
            failures.append(f"{event.step_key}: {message}")
    return tuple(failures)


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
