"""The bodies run_all.py times, one per subprocess. Each reads and writes Parquet under the
submission's bench folder and returns the number of records it processed.

Every body runs steps of `quality.chain.CHAIN` through `pipelines.engines.run_on_engine`, as the
Dagster assets do: `full_chain` is every step the assets run, `comparable` the subset a
filters+dedup pipeline such as datatrove's also runs (signals, language filters, dedup). The
`stream_*` bodies run the same steps through `pipelines.engines.stream.stream_chain` (bounded
batches, Parquet parts, dedup from the parts), the path whose memory does not grow with the
corpus.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import polars as pl

from pipelines.engines import EngineOptions, config_for, run_on_engine
from pipelines.engines.stream import stream_chain
from pipelines.ingest import ingest_submission
from pipelines.ingest.batched import IngestStream
from quality.chain import COMPARABLE, Step, chain_for, steps_of
from schemas.manifest import Manifest, load_manifest

WORKERS = 2
OPTIONS = EngineOptions(workers=WORKERS)


def _manifest(folder: Path) -> Manifest:
    """The bench submission's manifest."""
    return load_manifest(folder / "manifest.yaml")


def _run(folder: Path, records: pl.DataFrame, steps: Sequence[Step]) -> pl.DataFrame:
    """`steps` over `records` on the local engine with the bench's workers."""
    config = config_for(_manifest(folder))
    return run_on_engine(
        records, engine="local", config=config, options=OPTIONS, steps=steps
    ).records


def _ingest_records(folder: Path) -> pl.DataFrame:
    """Ingest's record table for the submission."""
    return ingest_submission(folder, _manifest(folder)).records


def ingest(folder: Path) -> int:
    """Ingest the submission into raw.parquet."""
    records = _ingest_records(folder)
    records.write_parquet(folder / "raw.parquet")
    return records.height


def signals(folder: Path) -> int:
    """The `signals` asset's steps (signals, safety screen) over raw.parquet, signals.parquet."""
    raw = pl.read_parquet(folder / "raw.parquet")
    out = _run(folder, raw, steps_of("signals", _manifest(folder).dataset_type))
    out.write_parquet(folder / "signals.parquet")
    return raw.height


def filters(folder: Path) -> int:
    """Type checks and the drop steps over the stored signals, into filtered.parquet."""
    dataset_type = _manifest(folder).dataset_type
    steps = (*steps_of("typed_records", dataset_type), *steps_of("filtered_records", dataset_type))
    records = _run(folder, pl.read_parquet(folder / "signals.parquet"), steps)
    records.write_parquet(folder / "filtered.parquet")
    return records.height


def dedup(folder: Path) -> int:
    """The dedup step over all records (no filter first, as datatrove's MinHash), dedup.parquet."""
    names = ("signals.parquet", "full_chain.parquet", "stream_full_chain.parquet")
    source = next((folder / n for n in names if (folder / n).exists()), folder / names[0])
    records = pl.read_parquet(source, columns=["record_id", "content_norm"])
    records = records.with_columns(drop_reason=pl.lit(None, dtype=pl.String))
    steps = chain_for(_manifest(folder).dataset_type, only=("dedup",))
    out = _run(folder, records, steps)
    out.select("record_id", "dup_cluster", "dup_of", "dup_kind").write_parquet(
        folder / "dedup.parquet"
    )
    return records.height


def full_chain(folder: Path) -> int:
    """Ingest, then every step the assets run, into full_chain.parquet."""
    out = _run(folder, _ingest_records(folder), chain_for(_manifest(folder).dataset_type))
    out.write_parquet(folder / "full_chain.parquet")
    return out.height


def comparable(folder: Path) -> int:
    """Ingest, then signals, language filters and dedup only, into comparable.parquet."""
    steps = chain_for(_manifest(folder).dataset_type, only=COMPARABLE)
    out = _run(folder, _ingest_records(folder), steps)
    out.select("record_id", "drop_reason", "dup_of").write_parquet(folder / "comparable.parquet")
    return out.height


STREAM_BATCH_ROWS = 5_000
"""Rows per streamed batch (~10 MB of bench text): a worker process peaks near 0.75 GiB (0.37
GiB of it the interpreter and the language-ID models), so two workers and the reader stay
under 2 GiB."""


def _stream(folder: Path, name: str, steps: Sequence[Step]) -> int:
    """`steps` over the submission streamed (`stream_chain`) into `<name>.parquet`."""
    manifest = _manifest(folder)
    spill = folder / f"spill_{name}"
    shutil.rmtree(spill, ignore_errors=True)
    try:
        result = stream_chain(
            IngestStream(folder, manifest),
            config_for(manifest),
            out=folder / f"{name}.parquet",
            spill=spill,
            steps=steps,
            batch_rows=STREAM_BATCH_ROWS,
            workers=WORKERS,
        )
    finally:
        shutil.rmtree(spill, ignore_errors=True)
    return result.rows


def stream_full_chain(folder: Path) -> int:
    """Every step the assets run, streamed in bounded batches, into stream_full_chain.parquet."""
    return _stream(folder, "stream_full_chain", chain_for(_manifest(folder).dataset_type))


def stream_comparable(folder: Path) -> int:
    """Signals, language filters and dedup, streamed, into stream_comparable.parquet."""
    steps = chain_for(_manifest(folder).dataset_type, only=COMPARABLE)
    return _stream(folder, "stream_comparable", steps)


STAGE_FUNCTIONS: dict[str, Callable[[Path], int]] = {
    "ingest": ingest,
    "signals": signals,
    "filters": filters,
    "dedup": dedup,
    "comparable": comparable,
    "full_chain": full_chain,
    "stream_full_chain": stream_full_chain,
    "stream_comparable": stream_comparable,
}
