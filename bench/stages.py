"""The stage bodies run_all.py times, one per subprocess; each reads and writes Parquet under the
submission's bench folder and returns the number of records it processed."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import polars as pl

from pipelines.engines import EngineOptions, StageConfig, map_rows, run_stages, signal_stages
from pipelines.ingest import ingest_submission
from quality.dedup import DedupParams, find_duplicates
from quality.filters import apply_filters
from schemas.manifest import load_manifest

WORKERS = 2


def _config(folder: Path) -> StageConfig:
    """The stage configuration from the submission's manifest."""
    model = load_manifest(folder / "manifest.yaml")
    return StageConfig(
        dataset_type=model.dataset_type,
        declared_languages=tuple(model.languages),
        unit=model.unit,
    )


def _ingest_records(folder: Path) -> pl.DataFrame:
    """Ingest's record table for the submission."""
    return ingest_submission(folder, load_manifest(folder / "manifest.yaml")).records


def ingest(folder: Path) -> int:
    """Ingest the submission into raw.parquet."""
    records = _ingest_records(folder)
    records.write_parquet(folder / "raw.parquet")
    return records.height


def signals(folder: Path) -> int:
    """Content and signals on the local engine (batches over worker processes), signals.parquet."""
    config = _config(folder)
    raw = pl.read_parquet(folder / "raw.parquet")
    stage = partial(signal_stages, config=config)
    out = map_rows(raw, stage, engine="local", options=EngineOptions(workers=WORKERS))
    out.write_parquet(folder / "signals.parquet")
    return raw.height


def filters(folder: Path) -> int:
    """Language-pack filters over the stored signals, into filtered.parquet."""
    config = _config(folder)
    records = apply_filters(
        pl.read_parquet(folder / "signals.parquet"), dataset_type=config.dataset_type
    )
    records.write_parquet(folder / "filtered.parquet")
    return records.height


def dedup(folder: Path) -> int:
    """Dedup over all records (no filter first, as datatrove's MinHash run), into dedup.parquet."""
    config = _config(folder)
    columns = ["record_id", "content_norm"]
    source = folder / "signals.parquet"
    source = source if source.exists() else folder / "records.parquet"
    records = pl.read_parquet(source, columns=columns)
    records = records.with_columns(drop_reason=pl.lit(None, dtype=pl.String))
    result = find_duplicates(
        records, dataset_type=config.dataset_type, params=DedupParams(), workers=WORKERS
    )
    result.records.select("record_id", "dup_cluster", "dup_of", "dup_kind").write_parquet(
        folder / "dedup.parquet"
    )
    return records.height


def end_to_end(folder: Path) -> int:
    """Ingest, then signals, filters and dedup with the local engine, into records.parquet."""
    records = _ingest_records(folder)
    options = EngineOptions(workers=WORKERS)
    out = run_stages(records, engine="local", config=_config(folder), options=options)
    out.write_parquet(folder / "records.parquet")
    return out.height


STAGE_FUNCTIONS: dict[str, Callable[[Path], int]] = {
    "ingest": ingest,
    "signals": signals,
    "filters": filters,
    "dedup": dedup,
    "end_to_end": end_to_end,
}
