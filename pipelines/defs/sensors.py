"""The inbox sensor: every new submission folder becomes a partition and gets a run."""

from pathlib import Path

import dagster as dg

from pipelines.defs.jobs import grade_submission_job
from pipelines.defs.partitions import SUBMISSIONS_PARTITIONS_NAME, submission_partitions
from pipelines.home import inbox_dir, register_submission_folder
from schemas.manifest import MANIFEST_NAMES, ManifestError, load_manifest


def _inbox_submissions() -> dict[str, str]:
    """Submission id -> folder for every inbox folder with a readable manifest (sorted)."""
    found: dict[str, str] = {}
    for folder in sorted(p for p in inbox_dir().iterdir() if p.is_dir()):
        if not any((folder / name).is_file() for name in MANIFEST_NAMES):
            continue
        try:
            found[load_manifest(folder).id] = str(folder)
        except ManifestError:
            found[folder.name] = str(folder)
    return found


@dg.sensor(
    job=grade_submission_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def inbox_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult:
    """Register new submissions from `CORPUSGRADE_HOME/inbox` as partitions and run each."""
    known = set(context.instance.get_dynamic_partitions(SUBMISSIONS_PARTITIONS_NAME))
    new = {k: v for k, v in _inbox_submissions().items() if k not in known}
    for submission_id, folder in new.items():
        register_submission_folder(submission_id, Path(folder))
    return dg.SensorResult(
        run_requests=[dg.RunRequest(partition_key=k, run_key=k) for k in sorted(new)],
        dynamic_partitions_requests=[submission_partitions.build_add_request(sorted(new))],
    )
