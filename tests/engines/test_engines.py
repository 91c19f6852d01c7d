"""The engines: batching never changes the result, and Ray gives the local engine's table."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.demo import generate_demo
from pipelines.engines import EngineOptions, batch_rows_for, config_for, run_on_engine
from pipelines.engines.local import apply_delta, stage_delta
from pipelines.ingest import ingest_submission
from quality.chain import ChainConfig
from schemas.manifest import load_manifest

CONFIG = ChainConfig(dataset_type="text_corpus", declared_languages=("en",))
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "langid_dev.jsonl"


def corpus() -> pl.DataFrame:
    """36 documents of real English sentences: 28 originals, 4 exact and 4 near copies."""
    if not SHARED.exists():
        pytest.skip("the shared language-ID sample is absent")
    sentences = (
        pl.read_ndjson(SHARED).filter(pl.col("lang") == "en")["text"].unique(maintain_order=True)
    )
    originals = ["\n".join(sentences.slice(5 * i, 5).to_list()) for i in range(28)]
    near = [text.replace("e", "a", 2) for text in originals[4:8]]
    texts = originals + originals[:4] + near
    return pl.DataFrame(
        {
            "record_id": [f"r{i:03d}" for i in range(len(texts))],
            "source_file": "data/a.jsonl",
            "source_line": list(range(1, len(texts) + 1)),
            "text": texts,
        }
    )


def parquet_bytes(df: pl.DataFrame) -> bytes:
    """The table as Parquet bytes (what records.parquet would hold)."""
    buffer = io.BytesIO()
    df.write_parquet(buffer)
    return buffer.getvalue()


def run_stages(
    records: pl.DataFrame,
    *,
    engine: str,
    config: ChainConfig,
    options: EngineOptions | None = None,
) -> pl.DataFrame:
    """The whole chain on `engine`: the record table."""
    return run_on_engine(records, engine=engine, config=config, options=options).records


def test_local_engine_marks_injected_duplicates() -> None:
    out = run_stages(corpus(), engine="local", config=CONFIG)
    copies = out.filter(pl.col("record_id") >= "r028")
    assert copies["dup_kind"].to_list() == ["exact"] * 4 + ["near"] * 4
    assert copies["dup_of"].to_list() == [f"r{i:03d}" for i in range(8)]
    assert out["record_id"].to_list() == corpus()["record_id"].to_list()


def test_batches_and_worker_processes_do_not_change_the_table() -> None:
    one_batch = EngineOptions(batch_rows=1_000, workers=1)
    small_batches = EngineOptions(batch_rows=7, workers=2)  # six batches over two processes
    whole = run_stages(corpus(), engine="local", config=CONFIG, options=one_batch)
    batched = run_stages(corpus(), engine="local", config=CONFIG, options=small_batches)
    assert parquet_bytes(whole) == parquet_bytes(batched)


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown engine"):
        run_stages(corpus(), engine="spark", config=CONFIG)


def test_batch_rows_follow_the_memory_budget() -> None:
    records = pl.DataFrame({"text": ["x" * 1_000] * 10})
    small = batch_rows_for(records, memory_budget=24_000_000)
    large = batch_rows_for(records, memory_budget=240_000_000)
    assert small < large


def test_workers_share_the_budget_and_each_get_batches() -> None:
    records = pl.DataFrame({"text": ["x" * 1_000] * 100_000})
    alone = EngineOptions(workers=1).rows_for(records)
    shared = EngineOptions(workers=2).rows_for(records)
    assert alone >= records.height  # one batch fits the default budget
    assert shared == 12_500  # four batches per worker


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    """A local Ray instance with 2 CPUs, shut down after the module."""
    # Before Ray is imported: workers use this interpreter, not a `uv run` runtime environment.
    os.environ["RAY_ENABLE_UV_RUN_RUNTIME_ENV"] = "0"
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.mark.ray
@pytest.mark.slow
@pytest.mark.usefixtures("local_ray")
def test_ray_engine_gives_the_local_table_byte_for_byte() -> None:
    local = run_stages(corpus(), engine="local", config=CONFIG)
    distributed = run_stages(
        corpus(), engine="ray", config=CONFIG, options=EngineOptions(batch_rows=20)
    )
    assert distributed.schema == local.schema
    assert parquet_bytes(distributed) == parquet_bytes(local)
    assert distributed["dup_kind"].to_list() == local["dup_kind"].to_list()


REGISTRY_COLUMNS = ("prior_submission", "prior_record_id", "rewarded_submission")
"""Columns the Dagster dedup asset adds from the cross-submission registry (not chain steps)."""


def stored_parquet(df: pl.DataFrame) -> bytes:
    """The table as the IO manager stores it (zstd, no statistics): records.parquet's bytes."""
    buffer = io.BytesIO()
    df.write_parquet(buffer, compression="zstd", statistics=False)
    return buffer.getvalue()


@pytest.mark.ray
@pytest.mark.slow
@pytest.mark.usefixtures("local_ray")
def test_dagster_local_engine_and_ray_engine_give_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One chain: the Dagster run (on either engine) and `run_on_engine` agree byte for byte."""
    folder = generate_demo(tmp_path / "subs")[0]
    outputs = {}
    for engine in ("local", "ray"):
        home = tmp_path / f"home-{engine}"
        monkeypatch.setenv("CORPUSGRADE_HOME", str(home))
        monkeypatch.setenv("DAGSTER_HOME", str(home / "dagster"))
        (home / "dagster").mkdir(parents=True)
        out = tmp_path / f"out-{engine}"
        result = CliRunner().invoke(
            app, ["run", str(folder), "--out", str(out), "--audit", "none", "--engine", engine]
        )
        assert result.exit_code == 0, result.output
        outputs[engine] = out
    for name in ("records.parquet", "report.json"):
        local, ray = (outputs[e] / name for e in ("local", "ray"))
        assert local.read_bytes() == ray.read_bytes(), name
    dagster = pl.read_parquet(outputs["local"] / "records.parquet")
    assert dagster.select(REGISTRY_COLUMNS).null_count().row(0) == (dagster.height,) * 3
    expected = stored_parquet(dagster.drop(REGISTRY_COLUMNS))
    manifest = load_manifest(folder / "manifest.yaml")
    raw = ingest_submission(folder, manifest).records
    for engine in ("local", "ray"):
        run = run_on_engine(
            raw, engine=engine, config=config_for(manifest), options=EngineOptions(batch_rows=40)
        )
        assert stored_parquet(run.records) == expected, engine


def _copying_stage(batch: pl.DataFrame) -> pl.DataFrame:
    """A stage that adds one new column and two copies (as content and *_masked columns are)."""
    upper = pl.col("text").str.to_uppercase()
    return batch.with_columns(content=pl.col("text"), upper=upper, upper_copy=upper)


def test_a_worker_sends_back_only_new_columns_and_each_copy_once() -> None:
    batch = pl.DataFrame({"record_id": ["a", "b"], "text": ["x y", "z"]})
    delta = stage_delta(batch, stage=_copying_stage)
    assert delta.added.columns == ["upper"]
    assert delta.twins == {"content": "text", "upper_copy": "upper"}
    assert apply_delta(batch, delta).equals(_copying_stage(batch))
