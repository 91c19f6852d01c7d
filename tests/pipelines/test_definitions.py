"""The Dagster code location loads and one submission's partition materialises."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import polars as pl

from pipelines.defs.partitions import SUBMISSIONS_PARTITIONS_NAME
from pipelines.demo import generate_demo
from pipelines.home import register_submission_folder


def test_definitions_load_with_every_stage_asset() -> None:
    from pipelines.definitions import defs

    keys = {key.to_user_string() for key in defs.resolve_asset_graph().get_all_asset_keys()}
    expected = {
        "manifest",
        "raw_records",
        "quarantine",
        "ingest_stats",
        "signals",
        "typed_records",
        "filtered_records",
        "deduped_records",
        "curated",
    }
    assert expected <= keys
    assert defs.resolve_sensor_def("inbox_sensor") is not None


def test_ingest_partition_materialises_with_a_test_instance(home: Path, tmp_path: Path) -> None:
    from pipelines.defs import ingest
    from pipelines.defs.io import SubmissionIOManager
    from pipelines.defs.resources import WorkspaceResource

    folder = generate_demo(tmp_path / "subs")[2]  # the classification submission
    register_submission_folder("demo-id-topics", folder)
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(SUBMISSIONS_PARTITIONS_NAME, ["demo-id-topics"])
    result = dg.materialize(
        [ingest.manifest, ingest.ingest],
        partition_key="demo-id-topics",
        instance=instance,
        resources={"io_manager": SubmissionIOManager(), "workspace": WorkspaceResource()},
    )
    assert result.success
    records = pl.read_parquet(home / "assets" / "raw_records" / "demo-id-topics.parquet")
    assert records.height == 402  # 400 items + one conflicting copy + one unknown label
    assert set(records.columns) >= {"record_id", "text", "label", "source_file", "source_line"}
