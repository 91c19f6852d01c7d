"""Asset `curated`: the kept records as Parquet and a Hugging Face dataset for the owner."""

import dagster as dg
import polars as pl

from pipelines.curated import export_curated
from pipelines.defs.partitions import submission_partitions
from pipelines.defs.resources import WorkspaceResource
from quality.chain import ChainConfig
from quality.filters import summarize_filters
from schemas.assets import CuratedSummary, FiltersSummary, SubmissionManifest


@dg.asset(partitions_def=submission_partitions, group_name="curated")
def curated(
    context: dg.AssetExecutionContext,
    workspace: WorkspaceResource,
    manifest: SubmissionManifest,
    deduped_records: pl.DataFrame,
) -> CuratedSummary:
    """Write `curated/` (Parquet + `save_to_disk` folder + dataset card); return its counts.

    Record ids in the export are public surrogates (`pipelines.curated`), as in tasks and
    report examples; `records.parquet` keeps the submitted ids.

    `filters` is the report's section of the same name, computed here once.
    """
    model = manifest.manifest
    summary = summarize_filters(
        deduped_records,
        dataset_type=model.dataset_type,
        unit=ChainConfig.for_manifest(model).unit_decision(deduped_records),
    )
    space = workspace.get()
    target = space.outputs_dir(context.partition_key) / "curated"
    export_curated(
        deduped_records,
        target,
        manifest=model,
        summary=summary,
        record_id_key=space.record_id_key(),
    )
    kept = deduped_records.filter(pl.col("drop_reason").is_null()).height
    context.add_output_metadata({"kept": kept, "folder": str(target)})
    return CuratedSummary(
        kept=kept,
        dropped=deduped_records.height - kept,
        filters=FiltersSummary.model_validate(summary),
    )
