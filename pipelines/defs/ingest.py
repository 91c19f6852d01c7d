"""Assets `manifest`, `raw_records`, `quarantine` and `ingest_stats`: a submission goes in."""

import hashlib

import dagster as dg
import polars as pl

from pipelines.defs.partitions import submission_partitions
from pipelines.defs.resources import WorkspaceResource
from pipelines.ingest import ingest_submission, summarize_ingest
from pipelines.submission import content_fingerprint, derive_seed, submission_hash
from schemas.assets import IngestStats, SubmissionManifest
from schemas.manifest import ManifestError, load_manifest, manifest_file


@dg.asset(partitions_def=submission_partitions, group_name="ingest")
def manifest(context: dg.AssetExecutionContext, workspace: WorkspaceResource) -> SubmissionManifest:
    """The submission's validated manifest and the SHA-256 of its bytes."""
    try:
        path = manifest_file(workspace.get().submission_folder(context.partition_key))
        model = load_manifest(path)
    except ManifestError as error:
        raise dg.Failure(description=str(error)) from error
    context.add_output_metadata({"dataset_type": model.dataset_type, "owner": model.owner})
    return SubmissionManifest(
        manifest=model, manifest_sha256=hashlib.sha256(path.read_bytes()).hexdigest()
    )


@dg.multi_asset(
    partitions_def=submission_partitions,
    group_name="ingest",
    outs={
        "raw_records": dg.AssetOut(description="every record read and validated"),
        "quarantine": dg.AssetOut(description="rows that could not be read, with reasons"),
        "ingest_stats": dg.AssetOut(description="counts per file, hashes, seed"),
    },
)
def ingest(
    context: dg.AssetExecutionContext, workspace: WorkspaceResource, manifest: SubmissionManifest
) -> tuple[pl.DataFrame, pl.DataFrame, IngestStats]:
    """Read every file of the submission: kept + quarantined = read, per file."""
    folder = workspace.get().submission_folder(context.partition_key)
    result = ingest_submission(folder, manifest.manifest)
    stats = summarize_ingest(result)
    hashes = [f.sha256 for f in result.files]
    sub_hash = submission_hash(manifest.manifest_sha256, hashes)
    stats["submission_sha256"] = sub_hash
    stats["content_fingerprint"] = content_fingerprint(hashes)
    stats["seed"] = derive_seed(sub_hash)
    context.log.info(
        f"{result.records.height} records kept, {result.quarantine.height} quarantined"
    )
    return result.records, result.quarantine, IngestStats.model_validate(stats)
