"""Assets `signals`, `typed_records` and `filtered_records`: tag every record, then filter.

Each asset runs its own steps of `quality.chain.CHAIN` (`steps_of`), in chain order. Signals are
computed once and stored; the filter steps only read them and the language packs' thresholds,
so a threshold change re-materialises `filtered_records` alone (tag, then filter).
"""

import dagster as dg
import polars as pl

from pipelines.defs.partitions import submission_partitions
from pipelines.defs.resources import RunSettings
from pipelines.engines import config_for, run_on_engine
from quality.chain import run_chain, steps_of
from schemas.assets import SubmissionManifest


@dg.asset(partitions_def=submission_partitions, group_name="signals")
def signals(
    settings: RunSettings, manifest: SubmissionManifest, raw_records: pl.DataFrame
) -> pl.DataFrame:
    """Normalised and masked text, script, units, language, PII, quality and safety signals.

    The row work runs in batches on the run's engine (local or Ray); the table is the same.
    """
    config = config_for(manifest.manifest)
    steps = steps_of("signals", config.dataset_type)
    return run_on_engine(raw_records, engine=settings.engine, config=config, steps=steps).records


@dg.asset(
    partitions_def=submission_partitions,
    group_name="signals",
    # After the blocking G4 check on `residual_pii`: records still holding personal information
    # after masking stop the run here, before any later step or annotator sees them.
    deps=["residual_pii"],
)
def typed_records(manifest: SubmissionManifest, signals: pl.DataFrame) -> pl.DataFrame:
    """The dataset type's own checks (`t_*` columns): alignment, outputs, labels, spans."""
    config = config_for(manifest.manifest)
    return run_chain(signals, config, steps=steps_of("typed_records", config.dataset_type)).records


@dg.asset(partitions_def=submission_partitions, group_name="signals")
def filtered_records(manifest: SubmissionManifest, typed_records: pl.DataFrame) -> pl.DataFrame:
    """`drop_reason`: the first failed language-pack rule, else a dropping type issue, else a
    safety keyword (the unit is decided on the whole table first)."""
    config = config_for(manifest.manifest)
    steps = steps_of("filtered_records", config.dataset_type)
    return run_chain(typed_records, config, steps=steps).records
