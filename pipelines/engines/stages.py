"""The row stages every engine runs per batch: content, signals, then the filter step.

Each step is row-wise (a record's signals and `drop_reason` depend on that record alone), so a
table can be cut into batches, processed anywhere, and put back together with the same result.
Cross-record steps (dedup) are not here; the engines run them over the whole table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from quality.dedup import DedupParams
from quality.filters import apply_filters
from quality.signals import add_content, add_signals


@dataclass(frozen=True)
class StageConfig:
    """What the stages need to know about a submission, picklable so Ray workers receive it."""

    dataset_type: str
    declared_languages: tuple[str, ...]
    dedup: DedupParams = field(default_factory=DedupParams)


def row_stages(batch: pl.DataFrame, *, config: StageConfig) -> pl.DataFrame:
    """Add `content`, the signal columns and `drop_reason` to one batch of records."""
    records = add_content(batch, dataset_type=config.dataset_type)
    records = add_signals(
        records,
        dataset_type=config.dataset_type,
        declared_languages=list(config.declared_languages),
    )
    return apply_filters(records, dataset_type=config.dataset_type)
