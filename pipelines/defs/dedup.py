"""Asset `deduped_records`: exact and near duplicates, inside and across submissions."""

from typing import Any

import dagster as dg
import polars as pl

from pipelines.defs.ingest import manifest_from_asset
from pipelines.defs.partitions import submission_partitions
from pipelines.defs.resources import RunSettings
from pipelines.engines import dedup_backend
from pipelines.home import registry_path
from pipelines.registry import Registry
from quality.dedup import DedupParams, add_prior_matches, find_duplicates, summarize_dedup


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
    manifest: dict[str, Any],
    ingest_stats: dict[str, Any],
    filtered_records: pl.DataFrame,
) -> tuple[pl.DataFrame, dict[str, Any]]:
    """Cluster duplicates, keep one survivor each, and measure overlap with earlier submissions.

    Sketching and LSH run on the run's engine (local threads or Ray tasks); the clusters do not
    depend on it.
    """
    model = manifest_from_asset(manifest)
    params = DedupParams()
    result = find_duplicates(
        filtered_records,
        dataset_type=model.dataset_type,
        params=params,
        seed=params.seed,
        backend=dedup_backend(settings.engine, records=filtered_records),
    )
    with Registry(registry_path()) as registry:
        matches = registry.match(context.partition_key, result.signatures)
        registry.store(
            context.partition_key,
            result.signatures,
            content_fingerprint=ingest_stats["content_fingerprint"],
        )
        overlaps = registry.overlaps(context.partition_key, matches)
    records = add_prior_matches(result.records, matches)
    return records, summarize_dedup(records, params=params, overlaps=overlaps, stats=result.stats)
