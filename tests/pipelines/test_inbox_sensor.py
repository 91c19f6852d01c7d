"""A folder dropped into the inbox runs to a report, in one process, with its outcome visible."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg

from pipelines.defs.partitions import SUBMISSIONS_PARTITIONS_NAME
from pipelines.defs.sensors import inbox_sensor
from pipelines.demo import generate_demo
from pipelines.home import inbox_dir, outputs_dir
from pipelines.runner import instance


def grade_job() -> dg.JobDefinition:
    """The job the sensor targets, as the code location defines it (reconstructable)."""
    from pipelines.definitions import build_definitions

    return build_definitions().resolve_job_def("grade_submission")


def test_an_inbox_drop_runs_in_process_to_a_report_with_outcome_metadata(
    home: Path, tmp_path: Path
) -> None:
    source = generate_demo(tmp_path / "subs")[2]
    inbox_dir().mkdir(parents=True, exist_ok=True)
    shutil.copytree(source, inbox_dir() / source.name)
    inst = instance()

    result = inbox_sensor(dg.build_sensor_context(instance=inst))
    assert isinstance(result, dg.SensorResult)
    (request,) = result.run_requests or []
    for added in result.dynamic_partitions_requests or []:
        assert isinstance(added, dg.AddDynamicPartitionsRequest)
        inst.add_dynamic_partitions(SUBMISSIONS_PARTITIONS_NAME, list(added.partition_keys))
    tags = {**request.tags, "dagster/partition": str(request.partition_key)}
    with dg.execute_job(dg.reconstructable(grade_job), instance=inst, tags=tags) as run:
        assert run.success
        engine = [e.message or "" for e in run.all_events if e.is_engine_event]
    # The multiprocess executor imported everything again per step (32.5 min against 4 s).
    assert any("in process" in message for message in engine), engine
    assert not any("multiprocess" in message for message in engine), engine

    partition = str(request.partition_key)
    assert (outputs_dir(partition) / "report.html").exists()
    report = inst.get_latest_materialization_event(dg.AssetKey("report"))
    assert report is not None and report.asset_materialization is not None
    assert report.asset_materialization.partition == partition
    meta = report.asset_materialization.metadata
    assert {"score", "tier", "award_yuan", "failed_gates", "ledger_entry", "report_html"} <= set(
        meta
    )
    assert str(meta["report_html"].value).endswith("report.html")
    assert str(meta["committee_board"].value).endswith("board/board.html")  # the UI's board link
    grade = inst.get_latest_materialization_event(dg.AssetKey("grade"))
    assert grade is not None and grade.asset_materialization is not None
    assert grade.asset_materialization.metadata["score"].value == meta["score"].value
