"""Assets `manifest`, `raw_records`, `quarantine` and `ingest_stats`: a submission goes in.

`raw_records` is read and written in bounded batches (`IngestStream`): plain JSONL piece by
piece, other formats a file at a time; the record table is never whole in this process.
"""

import hashlib
from pathlib import Path

import dagster as dg
import polars as pl

from pipelines.defs.io import scan_parts
from pipelines.defs.partitions import submission_partitions
from pipelines.defs.resources import WorkspaceResource
from pipelines.engines.stream import SPILL_COMPRESSION
from pipelines.ingest import summarize_ingest
from pipelines.ingest.batched import IngestStream, empty_records
from pipelines.storage import TableParts, parts_folder
from pipelines.submission import content_fingerprint, derive_seed, submission_hash
from schemas.assets import IngestStats, SubmissionManifest
from schemas.manifest import Manifest, ManifestError, load_manifest, manifest_file


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
) -> tuple[TableParts, pl.DataFrame, IngestStats]:
    """Read every file of the submission: kept + quarantined = read, per file."""
    space = workspace.get()
    folder = space.submission_folder(context.partition_key)
    parts = parts_folder("raw_records", context.partition_key, root=space.assets_root)
    stream = IngestStream(folder, manifest.manifest)
    write_records(stream, parts, manifest.manifest)
    result = stream.result()
    records = scan_parts(parts)
    stats = summarize_ingest(result, records=records)
    hashes = [f.sha256 for f in result.files]
    sub_hash = submission_hash(manifest.manifest_sha256, hashes)
    stats["submission_sha256"] = sub_hash
    stats["content_fingerprint"] = content_fingerprint(hashes)
    stats["seed"] = derive_seed(sub_hash)
    kept = stats["totals"]["kept"]
    context.log.info(f"{kept} records kept, {result.quarantine.height} quarantined")
    return parts, result.quarantine, IngestStats.model_validate(stats)


def write_records(batches: IngestStream, parts: TableParts, manifest: Manifest) -> None:
    """Each record batch as the next part (an empty table of the type's schema if none).

    Each batch is put in the schema as `ingest_submission` puts the whole table.
    """
    empty = empty_records(manifest)
    wrote = False
    for batch in batches:
        write_part(pl.concat([empty, batch]), parts.next_path())
        wrote = True
    if not wrote:
        write_part(empty, parts.next_path())


def write_part(batch: pl.DataFrame, path: Path) -> None:
    """One part of a table (read back once, soon: fast compression)."""
    batch.write_parquet(path, compression=SPILL_COMPRESSION)
