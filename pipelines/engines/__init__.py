"""Engines that run the row stages and dedup: `local` (Polars in this process) or `ray`.

Public API: `run_stages(records, *, engine, config, ...)`, `StageConfig`, `ENGINES`. Both engines
produce the same table, byte for byte; the Ray engine spreads the work over a Ray cluster.
"""

from __future__ import annotations

from pipelines.engines.budget import batch_rows_for
from pipelines.engines.run import ENGINES, run_stages
from pipelines.engines.stages import StageConfig, row_stages

__all__ = ["ENGINES", "StageConfig", "batch_rows_for", "row_stages", "run_stages"]
