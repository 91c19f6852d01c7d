"""The chain assets stream: tables pass as files, batches never change the stored bytes.

Real Dagster materialisations of the chain (ingest → signals → typed_records →
filtered_records → dedup) on the demo submissions, with the workspace's real registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import dagster as dg
import polars as pl
import pytest

from pipelines.defs import dedup, ingest, signal_checks, signals
from pipelines.defs.io import SubmissionIOManager
from pipelines.defs.partitions import SUBMISSIONS_PARTITIONS_NAME
from pipelines.defs.resources import RunSettings, WorkspaceResource
from pipelines.demo import generate_demo
from pipelines.home import register_submission_folder
from pipelines.ingest.batched import IngestStream
from pipelines.storage import PARTS_FOLDER, asset_table, parts_folder

TABLES = ("raw_records", "signals", "typed_records", "filtered_records", "deduped_records")
TEXT_COLUMNS = {"text", "content", "content_norm", "content_masked", "source", "target"}
"""Columns holding a record's text: never read for the whole table at once when streaming."""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo submissions by id (text corpus, parallel corpus, classification)."""
    folders = generate_demo(tmp_path_factory.mktemp("subs"))
    return {folder.name: folder for folder in folders}


def materialise_chain(home: Path, folder: Path, *, batch_rows: int) -> dict[str, bytes]:
    """Materialise the chain assets for `folder` in workspace `home`; the stored tables' bytes."""
    submission = folder.name
    register_submission_folder(submission, folder)
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(SUBMISSIONS_PARTITIONS_NAME, [submission])
    assets = dg.load_assets_from_modules([ingest, signals, signal_checks, dedup])
    result = dg.materialize(
        assets,
        partition_key=submission,
        instance=instance,
        resources={
            "io_manager": SubmissionIOManager(),
            "workspace": WorkspaceResource(home=str(home)),
            "settings": RunSettings(batch_rows=batch_rows),
        },
    )
    assert result.success
    assert not any((home / "assets" / PARTS_FOLDER).rglob("*.parquet")), "parts left behind"
    return {name: asset_table(name, submission, home=home).read_bytes() for name in TABLES}


def fresh_home(root: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new, empty workspace (its own registry: earlier runs would be prior matches)."""
    home = root / name
    (home / "dagster").mkdir(parents=True)
    monkeypatch.setenv("CORPUSGRADE_HOME", str(home))
    monkeypatch.setenv("DAGSTER_HOME", str(home / "dagster"))
    return home


@pytest.mark.slow
@pytest.mark.parametrize("submission", ["demo-multilingual-news", "demo-zh-vi-parallel"])
def test_tiny_batches_store_the_same_bytes_as_one_batch(
    submission: str, demo: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches of 7 rows (several parts, worker processes) and one batch give equal files.

    The parallel corpus also takes the whole-table path of its type checks in between. Ingest
    does not batch by `batch_rows` but by bytes read: the tiny run reads 256-byte pieces, so
    `raw_records` is stored from many parts too (else its comparison could not fail).
    """
    whole_home = fresh_home(tmp_path, "whole", monkeypatch)
    whole = materialise_chain(whole_home, demo[submission], batch_rows=1_000_000)
    tiny_home = fresh_home(tmp_path, "tiny", monkeypatch)
    monkeypatch.setattr(ingest, "IngestStream", partial(IngestStream, piece_bytes=256))
    tiny = materialise_chain(tiny_home, demo[submission], batch_rows=7)
    for name in TABLES:
        assert tiny[name] == whole[name], name
    records = pl.read_parquet(asset_table("deduped_records", submission, home=tiny_home))
    assert records.height > 7 * 10, "enough rows for many batches"
    assert records["dup_kind"].is_not_null().any(), "the demo holds duplicates"


class CollectSpy:
    """Wraps `pl.LazyFrame.collect`: records each result's rows and whether it holds text."""

    def __init__(self, original: Callable[..., pl.DataFrame]) -> None:
        self.original = original
        self.whole_text: list[tuple[int, list[str]]] = []
        self.limit = 0

    def __call__(self, frame: pl.LazyFrame, *args: Any, **kwargs: Any) -> pl.DataFrame:
        out = self.original(frame, *args, **kwargs)
        text = sorted(c for c in TEXT_COLUMNS & set(out.columns) if out[c].dtype == pl.String)
        if out.height > self.limit and text:
            self.whole_text.append((out.height, text))
        return out


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Iterator[CollectSpy]:
    """`pl.LazyFrame.collect` spied on, and `pl.read_parquet` (a whole read) refused."""
    watcher = CollectSpy(pl.LazyFrame.collect)

    def collect(frame: pl.LazyFrame, *args: Any, **kwargs: Any) -> pl.DataFrame:
        return watcher(frame, *args, **kwargs)

    monkeypatch.setattr(pl.LazyFrame, "collect", collect)

    def refuse(*args: Any, **kwargs: Any) -> pl.DataFrame:
        raise AssertionError(f"a table was read whole: read_parquet{args}")

    monkeypatch.setattr(pl, "read_parquet", refuse)
    yield watcher


@pytest.mark.slow
def test_streamed_assets_never_hold_a_text_column_whole(
    spy: CollectSpy, demo: dict[str, Path], home: Path
) -> None:
    """With batches of 7 rows, no asset of the text corpus's chain collects more than 7 rows of
    any text column, and the IO manager never reads a table whole (a LazyFrame consumer)."""
    spy.limit = 7
    materialise_chain(home, demo["demo-multilingual-news"], batch_rows=7)
    assert spy.whole_text == []


@pytest.mark.slow
def test_the_spy_sees_a_whole_table_step(
    spy: CollectSpy, demo: dict[str, Path], home: Path
) -> None:
    """The parallel corpus's type checks compare records, so they run on the whole table:
    the spy must see that (else the test above could pass by seeing nothing)."""
    spy.limit = 7
    materialise_chain(home, demo["demo-zh-vi-parallel"], batch_rows=7)
    assert spy.whole_text, "the whole-table typed_records step was not seen"
    assert max(rows for rows, _ in spy.whole_text) > 7


def test_table_parts_keep_their_order_past_five_digits(tmp_path: Path) -> None:
    """Parts are named `part-%05d`: from the 100,000th on the number has six digits, and a
    sort by name would put `part-100000` before `part-99999` (rows out of order)."""
    parts = parts_folder("signals", "sub", root=tmp_path)
    for number in (2, 99_999, 100_000, 100_001):
        (parts.folder / f"part-{number:05d}.parquet").touch()
    assert [p.name for p in parts.paths()] == [
        "part-00002.parquet",
        "part-99999.parquet",
        "part-100000.parquet",
        "part-100001.parquet",
    ]
