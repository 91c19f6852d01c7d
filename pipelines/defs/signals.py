"""Assets `signals`, `typed_records` and `filtered_records`: tag every record, then filter.

Signals are computed once and stored; the filter step only reads them and the language packs'
thresholds, so a threshold change re-materialises `filtered_records` alone (tag, then filter).
"""

from __future__ import annotations

from typing import Any

import dagster as dg
import polars as pl
from quality.filters import apply_filters
from quality.signals import add_content, add_signals

from pipelines.defs.ingest import manifest_from_asset
from pipelines.defs.partitions import submission_partitions
from quality.types import check_types


@dg.asset(partitions_def=submission_partitions, group_name="signals")
def signals(manifest: dict[str, Any], raw_records: pl.DataFrame) -> pl.DataFrame:
    """Normalised and PII-masked text, script, word units, language, PII and quality signals."""
    model = manifest_from_asset(manifest)
    records = add_content(raw_records, dataset_type=model.dataset_type)
    return add_signals(records, dataset_type=model.dataset_type, declared_languages=model.languages)


@dg.asset(partitions_def=submission_partitions, group_name="signals")
def typed_records(manifest: dict[str, Any], signals: pl.DataFrame) -> pl.DataFrame:
    """The dataset type's own checks (`t_*` columns): alignment, outputs, labels, spans."""
    model = manifest_from_asset(manifest)
    return check_types(
        signals,
        dataset_type=model.dataset_type,
        source_lang=model.source_lang,
        target_lang=model.target_lang,
        label_set=model.label_set,
        ner_scheme=model.ner_scheme,
    )


@dg.asset(partitions_def=submission_partitions, group_name="signals")
def filtered_records(typed_records: pl.DataFrame) -> pl.DataFrame:
    """`drop_reason` from the language packs' thresholds (first failed rule; null = kept)."""
    return apply_filters(typed_records)
