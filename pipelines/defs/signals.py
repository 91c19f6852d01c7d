"""Assets `signals`, `typed_records` and `filtered_records`: tag every record, then filter.

Signals are computed once and stored; the filter step only reads them and the language packs'
thresholds, so a threshold change re-materialises `filtered_records` alone (tag, then filter).
"""

from functools import partial
from typing import Any

import dagster as dg
import polars as pl

from pipelines.defs.ingest import manifest_from_asset
from pipelines.defs.partitions import submission_partitions
from pipelines.defs.resources import RunSettings
from pipelines.engines import StageConfig, map_rows, signal_stages
from pipelines.home import keyword_library_path
from quality.filters import apply_filters
from quality.record_unit import UnitDecision, decide_unit
from quality.safety import add_safety_screen, apply_safety_filter, load_keywords
from quality.type_filter import apply_type_filter
from quality.types import check_types


@dg.asset(partitions_def=submission_partitions, group_name="signals")
def signals(
    settings: RunSettings, manifest: dict[str, Any], raw_records: pl.DataFrame
) -> pl.DataFrame:
    """Normalised and masked text, script, units, language, PII, quality and safety signals.

    The row work runs in batches on the run's engine (local or Ray); the table is the same.
    """
    model = manifest_from_asset(manifest)
    config = StageConfig(dataset_type=model.dataset_type, declared_languages=tuple(model.languages))
    records = map_rows(raw_records, partial(signal_stages, config=config), engine=settings.engine)
    return add_safety_screen(records, keywords=load_keywords(keyword_library_path()))


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
def filtered_records(manifest: dict[str, Any], typed_records: pl.DataFrame) -> pl.DataFrame:
    """`drop_reason`: the first failed language-pack rule, else a dropping type issue."""
    model = manifest_from_asset(manifest)
    unit = record_unit(typed_records, declared=model.unit)
    filtered = apply_filters(typed_records, dataset_type=model.dataset_type, unit=unit.unit)
    return apply_safety_filter(apply_type_filter(filtered))


def record_unit(records: pl.DataFrame, *, declared: str | None) -> UnitDecision:
    """The submission's record unit: declared in the manifest, else inferred from all records."""
    return decide_unit(records.get_column("content"), declared=declared)
