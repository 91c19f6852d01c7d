"""Assets `manifest`, `raw_records`, `quarantine` and `ingest_stats`: a submission goes in."""

import hashlib
from dataclasses import replace
from typing import Any

import dagster as dg
import polars as pl

from pipelines.defs.partitions import submission_partitions
from pipelines.home import submission_folder
from pipelines.ingest import summarize_ingest
from pipelines.ingest.batched import IngestStream, empty_records
from pipelines.submission import content_fingerprint, derive_seed, submission_hash
from schemas.manifest import Manifest, ManifestError, load_manifest, manifest_file


def manifest_from_asset(value: dict[str, Any]) -> Manifest:
    """Rebuild the validated manifest model from the stored `manifest` asset value."""
    return Manifest.model_validate(value["manifest"])


@dg.asset(partitions_def=submission_partitions, group_name="ingest")
def manifest(context: dg.AssetExecutionContext) -> dict[str, Any]:
    """The submission's validated manifest and the SHA-256 of its bytes."""
    try:
        path = manifest_file(submission_folder(context.partition_key))
        model = load_manifest(path)
    except ManifestError as error:
        raise dg.Failure(description=str(error)) from error
    context.add_output_metadata({"dataset_type": model.dataset_type, "owner": model.owner})
    return {
        "manifest": model.model_dump(mode="json", by_alias=True, exclude_none=True),
        "manifest_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
    }


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
    context: dg.AssetExecutionContext, manifest: dict[str, Any]
) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, Any]]:
    """Read every file of the submission: kept + quarantined = read, per file.

    Read in batches (`IngestStream`: plain JSONL a piece at a time), so the file's bytes and
    lines are never held whole beside the records; the tables are `ingest_submission`'s.
    """
    model = manifest_from_asset(manifest)
    stream = IngestStream(submission_folder(context.partition_key), model)
    batches = list(stream)
    result = replace(stream.result(), records=pl.concat([empty_records(model), *batches]))
    del batches
    stats = summarize_ingest(result)
    hashes = [f.sha256 for f in result.files]
    sub_hash = submission_hash(manifest["manifest_sha256"], hashes)
    stats["submission_sha256"] = sub_hash
    stats["content_fingerprint"] = content_fingerprint(hashes)
    stats["seed"] = derive_seed(sub_hash)
    context.log.info(
        f"{result.records.height} records kept, {result.quarantine.height} quarantined"
    )
    return result.records, result.quarantine, stats
