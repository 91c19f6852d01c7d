"""The row stages every engine runs per batch: content and signals, then the filter step.

Each step is row-wise (a record's signals and `drop_reason` depend on that record alone), so a
table can be cut into batches, processed anywhere, and put back together with the same result.
Cross-record steps (dedup) are not here; the engines run them over the whole table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from quality.dedup import DedupParams
from quality.filters import apply_filters
from quality.signals import add_content, add_signals

RowStage = Callable[[pl.DataFrame], pl.DataFrame]
"""A row-wise step over one batch; must be picklable (a module function or a `partial`)."""


@dataclass(frozen=True)
class StageConfig:
    """What the stages need to know about a submission, picklable so Ray workers receive it."""

    dataset_type: str
    declared_languages: tuple[str, ...]
    unit: str | None = None
    """Record unit (document/paragraph/sentence); None: not decided yet (documents)."""
    dedup: DedupParams = field(default_factory=DedupParams)


def signal_stages(batch: pl.DataFrame, *, config: StageConfig) -> pl.DataFrame:
    """Add `content` and the signal columns (the Dagster `signals` asset's row work)."""
    records = add_content(batch, dataset_type=config.dataset_type)
    return add_signals(
        records,
        dataset_type=config.dataset_type,
        declared_languages=list(config.declared_languages),
    )


def row_stages(batch: pl.DataFrame, *, config: StageConfig) -> pl.DataFrame:
    """Add `content`, the signal columns and `drop_reason` to one batch of records."""
    return apply_filters(
        signal_stages(batch, config=config),
        dataset_type=config.dataset_type,
        unit=config.unit or "document",
    )
