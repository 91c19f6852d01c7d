"""Asset `curated`: the kept records as Parquet and a Hugging Face dataset for the owner."""

import dagster as dg
import polars as pl

from pipelines.curated import export_curated
from pipelines.defs.partitions import submission_partitions
from pipelines.defs.resources import WorkspaceResource
from pipelines.defs.streamed import read_without
from quality.chain import ChainConfig
from quality.filters import summarize_filters
from schemas.assets import CuratedSummary, FiltersSummary, SubmissionManifest

CHAIN_TEXT_COPIES = ("content", "content_norm", "content_masked")
"""Text columns the chain adds that the export does not show (it shows the type's columns,
masked)."""


@dg.asset(partitions_def=submission_partitions, group_name="curated")
def curated(
    context: dg.AssetExecutionContext,
    workspace: WorkspaceResource,
    manifest: SubmissionManifest,
    deduped_records: pl.LazyFrame,
) -> CuratedSummary:
    """Write `curated/` (Parquet + `save_to_disk` folder + dataset card); return its counts.

    Record ids in the export are public surrogates (`pipelines.curated`), as in tasks and
    report examples; `records.parquet` keeps the submitted ids.

    `filters` is the report's section of the same name, computed here once. The unit is
    decided from `content` alone; the export reads the table without the chain's text copies.
    """
    model = manifest.manifest
    unit = ChainConfig.for_manifest(model).unit_decision(
        deduped_records.select("content").collect()
    )
    records = read_without(deduped_records, CHAIN_TEXT_COPIES)
    summary = summarize_filters(records, dataset_type=model.dataset_type, unit=unit)
    space = workspace.get()
    target = space.outputs_dir(context.partition_key) / "curated"
    export_curated(
        records,
        target,
        manifest=model,
        summary=summary,
        record_id_key=space.record_id_key(),
    )
    kept = records.filter(pl.col("drop_reason").is_null()).height
    context.add_output_metadata({"kept": kept, "folder": str(target)})
    return CuratedSummary(
        kept=kept,
        dropped=records.height - kept,
        filters=FiltersSummary.model_validate(summary),
    )
