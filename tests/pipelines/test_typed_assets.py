"""Typed asset values, the Workspace resource and residual PII counted once (issue 18).

One real in-process Dagster run of the demo classification submission, pointed at its own
workspace folder, backs most tests: its stored JSON values must be what the stages' dicts were,
byte for byte, and must round-trip through their models unchanged.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import dagster as dg
import polars as pl
import pytest
from pydantic import BaseModel

from pipelines.defs.io import SubmissionIOManager, value_json
from pipelines.defs.partitions import SUBMISSIONS_PARTITIONS_NAME
from pipelines.defs.resources import RunSettings, WorkspaceResource
from pipelines.demo import generate_demo
from pipelines.home import record_id_key_fingerprint, register_submission_folder
from pipelines.ingest import ingest_submission, summarize_ingest
from pipelines.ledger import RecordedEntry
from pipelines.verify import check_key
from pipelines.workspace import Workspace
from quality.chain import ChainConfig
from quality.expectations import run_suite, summarize_expectations
from quality.filters import summarize_filters
from schemas.assets import (
    AuditSummary,
    CuratedSummary,
    DedupSummary,
    ExpectationsSummary,
    IngestStats,
    MeasuredEvidence,
    ResidualPii,
    SubmissionManifest,
)
from schemas.grade import Grade
from schemas.manifest import load_manifest, manifest_file
from schemas.report import Report

SUBMISSION = "demo-id-topics"
KEY = "cd" * 32

MODELS: dict[str, type[BaseModel]] = {
    "manifest": SubmissionManifest,
    "ingest_stats": IngestStats,
    "expectations": ExpectationsSummary,
    "residual_pii": ResidualPii,
    "dedup_summary": DedupSummary,
    "curated": CuratedSummary,
    "audit_summary": AuditSummary,
    "measurements": MeasuredEvidence,
    "grade": Grade,
    "ledger_entry": RecordedEntry,
    "report": Report,
}


def _instance(partition: str) -> dg.DagsterInstance:
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(SUBMISSIONS_PARTITIONS_NAME, [partition])
    return instance


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The whole graph for the demo classification submission, in its own workspace folder.

    CORPUSGRADE_HOME points at another folder, which the run must leave untouched.
    """
    base = tmp_path_factory.mktemp("typed")
    env_home, space = base / "env-home", base / "workspace"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CORPUSGRADE_HOME", str(env_home))
        patch.setenv("DAGSTER_HOME", str(env_home / "dagster"))
        patch.setenv("CORPUSGRADE_RECORD_ID_KEY", KEY)
        folder = generate_demo(base / "subs")[2]
        space.mkdir()
        register_submission_folder(SUBMISSION, folder, home=space)
        from pipelines.definitions import build_definitions

        job = build_definitions(home=str(space)).resolve_job_def("grade_submission")
        result = job.execute_in_process(instance=_instance(SUBMISSION), partition_key=SUBMISSION)
        assert result.success
    return {"env_home": env_home, "workspace": space, "folder": folder}


def _stored(run: dict[str, Path], asset: str) -> str:
    return (run["workspace"] / "assets" / asset / f"{SUBMISSION}.json").read_text("utf-8")


def _dict_json(value: dict[str, Any]) -> str:
    """How the IO manager wrote a dict value before the values were typed."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)


def test_the_run_writes_into_its_workspace_and_not_into_corpusgrade_home(
    run: dict[str, Path],
) -> None:
    space = Workspace(run["workspace"])
    assert (space.outputs_dir(SUBMISSION) / "report.json").is_file()
    assert space.registry_file.is_file()
    assert len(space.ledger().entries()) == 1
    assert not (run["env_home"] / "assets").exists()
    assert not (run["env_home"] / "registry.duckdb").exists()
    assert not (run["env_home"] / "outputs").exists()


@pytest.mark.parametrize("asset", sorted(MODELS))
def test_every_stored_value_round_trips_through_its_model_byte_for_byte(
    run: dict[str, Path], asset: str
) -> None:
    text = _stored(run, asset)
    model = MODELS[asset].model_validate(json.loads(text))
    assert value_json(model) == text


def test_typed_values_store_what_the_dict_versions_wrote(run: dict[str, Path]) -> None:
    folder, assets = run["folder"], run["workspace"] / "assets"
    path = manifest_file(folder)
    manifest = {
        "manifest": load_manifest(path).model_dump(mode="json", by_alias=True, exclude_none=True),
        "manifest_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
    }
    assert _stored(run, "manifest") == _dict_json(manifest)
    typed = pl.read_parquet(assets / "typed_records" / f"{SUBMISSION}.parquet")
    suite = summarize_expectations(run_suite(typed, dataset_type="classification"))
    assert _stored(run, "expectations") == _dict_json(suite)
    deduped = pl.read_parquet(assets / "deduped_records" / f"{SUBMISSION}.parquet")
    model = load_manifest(path)
    unit = ChainConfig.for_manifest(model).unit_decision(deduped)
    filters = summarize_filters(deduped, dataset_type="classification", unit=unit)
    curated = {"kept": filters["kept"], "dropped": filters["dropped"], "filters": filters}
    assert _stored(run, "curated") == _dict_json(curated)
    ingest = summarize_ingest(ingest_submission(folder, load_manifest(path)))
    stored_ingest = json.loads(_stored(run, "ingest_stats"))
    hashes = {k: stored_ingest.pop(k) for k in ("submission_sha256", "content_fingerprint", "seed")}
    assert _dict_json(stored_ingest) == _dict_json(ingest)
    assert set(hashes) == {"submission_sha256", "content_fingerprint", "seed"}


def test_residual_pii_is_the_count_the_measurements_hold(run: dict[str, Path]) -> None:
    residual = ResidualPii.model_validate_json(_stored(run, "residual_pii"))
    evidence = MeasuredEvidence.model_validate_json(_stored(run, "measurements"))
    assert residual.records == 402
    assert evidence.measurements.signals.residual_pii_records == residual.residual_records


def test_envelope_keeps_a_fingerprint_of_the_record_id_key_and_never_the_key(
    run: dict[str, Path],
) -> None:
    text = (run["workspace"] / "outputs" / SUBMISSION / "envelope.json").read_text("utf-8")
    envelope = json.loads(text)
    assert envelope["record_id_key_sha256"] == record_id_key_fingerprint(bytes.fromhex(KEY))
    assert KEY not in text and KEY.upper() not in text


def test_verify_refuses_a_rerun_under_another_record_id_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CORPUSGRADE_RECORD_ID_KEY", raising=False)
    space = Workspace.at(tmp_path / "ws")
    envelope = {
        "corpusgrade_home": str(space.home),
        "record_id_key_sha256": space.record_id_key_fingerprint(),
    }
    assert check_key(envelope) == []
    monkeypatch.setenv("CORPUSGRADE_RECORD_ID_KEY", "ef" * 32)
    assert "is not the run's" in check_key(envelope)[0]
    monkeypatch.delenv("CORPUSGRADE_RECORD_ID_KEY")
    (space.home / "record-id.key").unlink()
    assert "no record-id key" in check_key(envelope)[0]


DEFAULT_RUBRIC = Path(__file__).resolve().parents[2] / "graders" / "rubrics" / "default-v1.yaml"


@pytest.mark.parametrize("max_share", [None, "0.5"])
def test_residual_pii_blocks_the_run_before_typed_records(
    home: Path, tmp_path: Path, max_share: str | None
) -> None:
    """Real signals, then a masked column holding e-mail addresses: the G4 check fails and
    nothing after `signals` runs; under a rubric whose G4 allows that share, the run goes on
    (the check reads the run's rubric, not a number of its own)."""
    from pipelines.defs import ingest, signal_checks, signals

    folder = generate_demo(tmp_path / "subs")[2]
    register_submission_folder(SUBMISSION, folder)
    rubric = ""
    if max_share is not None:
        text = DEFAULT_RUBRIC.read_text(encoding="utf-8")
        assert "max_residual_share: 0.001," in text
        rubric_file = tmp_path / "lenient.yaml"
        rubric_file.write_text(
            text.replace("max_residual_share: 0.001,", f"max_residual_share: {max_share},")
        )
        rubric = str(rubric_file)
    resources = {
        "io_manager": SubmissionIOManager(),
        "workspace": WorkspaceResource(),
        "settings": RunSettings(rubric_path=rubric),
    }
    instance = _instance(SUBMISSION)
    first = [ingest.manifest, ingest.ingest, signals.signals]
    assert dg.materialize(
        first, partition_key=SUBMISSION, instance=instance, resources=resources
    ).success
    table = home / "assets" / "signals" / f"{SUBMISSION}.parquet"
    leaked = pl.read_parquet(table).with_columns(
        text_masked=pl.when(pl.int_range(pl.len()) < 5)
        .then(pl.lit("write to jane.doe@example.com today"))
        .otherwise(pl.col("text_masked"))
    )
    leaked.write_parquet(table)
    result = dg.materialize(
        [
            *first,
            signal_checks.residual_pii,
            signal_checks.residual_personal_information,
            signals.typed_records,
        ],
        selection=["residual_pii", "typed_records"],
        partition_key=SUBMISSION,
        instance=instance,
        resources=resources,
        raise_on_error=False,
    )
    checks = result.get_asset_check_evaluations()
    assert checks[0].metadata["residual_records"].value == 5
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    if max_share is None:
        assert [c.passed for c in checks] == [False]
        assert materialized == {"residual_pii"}
    else:
        assert [c.passed for c in checks] == [True]
        assert checks[0].metadata["max_share"].value == float(max_share)
        assert materialized == {"residual_pii", "typed_records"}


def test_the_io_manager_refuses_an_untyped_value(home: Path) -> None:
    @dg.asset
    def loose() -> dict[str, int]:
        return {"n": 1}

    result = dg.materialize(
        [loose], resources={"io_manager": SubmissionIOManager()}, raise_on_error=False
    )
    assert not result.success
    error, messages = result.get_step_failure_events()[0].step_failure_data.error, []
    while error is not None:
        messages.append(error.message)
        error = error.cause
    assert any("asset loose returned a dict" in m for m in messages)


def test_a_parameter_without_a_model_annotation_gets_the_plain_json(home: Path) -> None:
    @dg.asset
    def counted() -> ResidualPii:
        return ResidualPii(records=10, residual_records=1, share=0.1)

    @dg.asset
    def typed(counted: ResidualPii) -> ResidualPii:
        assert isinstance(counted, ResidualPii)
        return counted

    @dg.asset
    def plain(counted: Any) -> pl.DataFrame:
        assert counted == {"records": 10, "residual_records": 1, "share": 0.1}
        return pl.DataFrame({"n": [counted["records"]]})

    result = dg.materialize(
        [counted, typed, plain], resources={"io_manager": SubmissionIOManager()}
    )
    assert result.success
