"""Asset `deduped_records`: exact and near duplicates, inside and across submissions."""

from collections.abc import Mapping

import dagster as dg
import polars as pl

from pipelines.defs.partitions import submission_partitions
from pipelines.defs.resources import RunSettings, WorkspaceResource
from pipelines.engines import config_for, run_on_engine
from quality.chain import steps_of
from quality.dedup import add_prior_matches, summarize_dedup
from schemas.assets import DedupSummary, IngestStats, SubmissionManifest


@dg.multi_asset(
    partitions_def=submission_partitions,
    group_name="dedup",
    outs={
        "deduped_records": dg.AssetOut(description="records with dup_* columns and drop_reason"),
        "dedup_summary": dg.AssetOut(
            description="clusters, S-curve, overlap with earlier submissions"
        ),
    },
)
def dedup(
    context: dg.AssetExecutionContext,
    settings: RunSettings,
    workspace: WorkspaceResource,
    manifest: SubmissionManifest,
    ingest_stats: IngestStats,
    filtered_records: pl.DataFrame,
) -> tuple[pl.DataFrame, DedupSummary]:
    """Cluster duplicates, keep one survivor each, and measure overlap with earlier submissions.

    Sketching and LSH run on the run's engine (local threads or Ray tasks); the clusters do not
    depend on it.
    """
    model = manifest.manifest
    config = config_for(model)
    steps = steps_of("deduped_records", model.dataset_type)
    run = run_on_engine(filtered_records, engine=settings.engine, config=config, steps=steps)
    result, params = run.dedup, run.config.dedup_params()
    assert result is not None, "the deduped_records steps hold the dedup step"
    space = workspace.get()
    rewarded = space.ledger().rewarded_owners()
    with space.registry() as registry:
        matches = registry.match(context.partition_key, result.signatures)
        paid_for = registry.match_rewarded(
            context.partition_key, result.signatures, rewarded=rewarded
        )
        registry.store(
            context.partition_key,
            result.signatures,
            content_fingerprint=ingest_stats.content_fingerprint,
            uncredited=uncredited_records(paid_for, rewarded, owner_id=model.owner_id.key),
        )
        overlaps = registry.overlaps(context.partition_key, matches)
    records = add_rewarded_matches(add_prior_matches(result.records, matches), paid_for)
    summary = summarize_dedup(records, params=params, overlaps=overlaps, stats=result.stats)
    return records, DedupSummary.model_validate(summary)


def uncredited_records(
    paid_for: pl.DataFrame, rewarded: Mapping[str, str], *, owner_id: str
) -> list[str]:
    """Records matching another owner's rewarded records: this submission is not paid for them."""
    others = sorted(sid for sid, owner in rewarded.items() if owner != owner_id)
    return paid_for.filter(pl.col("prior_submission").is_in(others))["record_id"].to_list()


def add_rewarded_matches(records: pl.DataFrame, paid_for: pl.DataFrame) -> pl.DataFrame:
    """Add `rewarded_submission`: the rewarded submission whose credited record this matches."""
    picked = paid_for.select("record_id", rewarded_submission="prior_submission")
    return records.join(picked, on="record_id", how="left", maintain_order="left")
