"""Engines that run the row stages and dedup: `local` (Polars in this process) or `ray`.

Public API: `map_rows` (a row-wise stage over batches), `dedup_backend` (where dedup's sketching
and LSH run), `run_stages` (both, ingest's table in), `EngineOptions`, `StageConfig`,
`signal_stages`, `row_stages`, `ENGINES`. Both engines produce the same table, byte for byte;
the Ray engine spreads the work over a Ray cluster (see docs/scale.md).
"""

from __future__ import annotations

from pipelines.engines.budget import batch_rows_for
from pipelines.engines.run import (
    ENGINES,
    EngineOptions,
    check_engine,
    dedup_backend,
    map_rows,
    run_stages,
)
from pipelines.engines.stages import StageConfig, row_stages, signal_stages

__all__ = [
    "ENGINES",
    "EngineOptions",
    "StageConfig",
    "batch_rows_for",
    "check_engine",
    "dedup_backend",
    "map_rows",
    "row_stages",
    "run_stages",
    "signal_stages",
]
