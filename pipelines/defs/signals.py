"""Assets `signals`, `typed_records` and `filtered_records`: tag every record, then filter.

Each asset runs its own steps of `quality.chain.CHAIN` (`steps_of`), in chain order. Signals are
computed once and stored; the filter steps only read them and the language packs' thresholds,
so a threshold change re-materialises `filtered_records` alone (tag, then filter).

On the local engine each asset reads its input as a scan and runs its steps batch by batch
(`pipelines.defs.streamed`): the table is never whole in memory. Exceptions, which hold the
table whole: the type checks of a dataset type whose checks compare records (parallel corpora:
alignment across the file), and every step on the Ray engine, which takes whole tables.
"""

import dagster as dg
import polars as pl

from pipelines.defs.partitions import submission_partitions
from pipelines.defs.resources import RunSettings, WorkspaceResource
from pipelines.defs.streamed import decide_unit_of, row_steps_of, stream_row_steps, write_whole
from pipelines.engines import config_for, run_on_engine
from pipelines.storage import TableParts, parts_folder
from quality.chain import ChainConfig, Step, run_chain, steps_of
from schemas.assets import SubmissionManifest


def _run_steps(
    asset: str,
    context: dg.AssetExecutionContext,
    table: pl.LazyFrame,
    config: ChainConfig,
    *,
    settings: RunSettings,
    workspace: WorkspaceResource,
) -> TableParts:
    """Run `asset`'s steps over `table` into parts: streamed when they are row-wise on the
    local engine, else on the whole table (on the run's engine)."""
    steps: tuple[Step, ...] = steps_of(asset, config.dataset_type)
    parts = parts_folder(asset, context.partition_key, root=workspace.get().assets_root)
    rows = row_steps_of(steps, config.dataset_type)
    if settings.engine == "local" and rows is not None:
        stream_row_steps(table, rows, config, parts=parts, settings=settings)
        return parts
    context.log.info(f"{asset}: steps run on the whole table (engine {settings.engine})")
    records = table.collect()
    if settings.engine == "local":
        return write_whole(run_chain(records, config, steps=steps).records, parts)
    run = run_on_engine(records, engine=settings.engine, config=config, steps=steps)
    return write_whole(run.records, parts)


@dg.asset(partitions_def=submission_partitions, group_name="signals")
def signals(
    context: dg.AssetExecutionContext,
    settings: RunSettings,
    workspace: WorkspaceResource,
    manifest: SubmissionManifest,
    raw_records: pl.LazyFrame,
) -> TableParts:
    """Normalised and masked text, script, units, language, PII, quality and safety signals.

    The row work runs in batches (local: worker processes; Ray: tasks); the table is the same.
    """
    config = config_for(manifest.manifest)
    return _run_steps(
        "signals", context, raw_records, config, settings=settings, workspace=workspace
    )


@dg.asset(
    partitions_def=submission_partitions,
    group_name="signals",
    # After the blocking G4 check on `residual_pii`: records still holding personal information
    # after masking stop the run here, before any later step or annotator sees them.
    deps=["residual_pii"],
)
def typed_records(
    context: dg.AssetExecutionContext,
    settings: RunSettings,
    workspace: WorkspaceResource,
    manifest: SubmissionManifest,
    signals: pl.LazyFrame,
) -> TableParts:
    """The dataset type's own checks (`t_*` columns): alignment, outputs, labels, spans."""
    config = config_for(manifest.manifest)
    return _run_steps(
        "typed_records", context, signals, config, settings=settings, workspace=workspace
    )


@dg.asset(partitions_def=submission_partitions, group_name="signals")
def filtered_records(
    context: dg.AssetExecutionContext,
    settings: RunSettings,
    workspace: WorkspaceResource,
    manifest: SubmissionManifest,
    typed_records: pl.LazyFrame,
) -> TableParts:
    """`drop_reason`: the first failed language-pack rule, else a dropping type issue, else a
    safety keyword (the unit is decided on the whole table first)."""
    config = decide_unit_of(typed_records, config_for(manifest.manifest), rows=settings.batch_rows)
    return _run_steps(
        "filtered_records", context, typed_records, config, settings=settings, workspace=workspace
    )
