"""Engines that run the chain's batched steps and dedup: `local` (this machine) or `ray`.

Public API: `run_on_engine` (steps of `quality.chain.CHAIN` on an engine), `map_rows` (row-wise
work over batches), `dedup_backend` (where dedup's sketching and LSH run), `config_for`,
`EngineOptions`, `ENGINES`. Both engines produce the same table, byte for byte; the Ray engine
spreads the work over a Ray cluster (see docs/scale.md).
"""

from __future__ import annotations

from pipelines.engines.budget import batch_rows_for
from pipelines.engines.run import (
    ENGINES,
    EngineOptions,
    check_engine,
    config_for,
    dedup_backend,
    map_rows,
    run_on_engine,
)

__all__ = [
    "ENGINES",
    "EngineOptions",
    "batch_rows_for",
    "check_engine",
    "config_for",
    "dedup_backend",
    "map_rows",
    "run_on_engine",
]
