"""Asset `deduped_records`: exact and near duplicates, inside and across submissions.

On the local engine the filtered table is read in slices (`find_duplicates_in_parts`: keys,
then signatures, then only the texts verification needs) and the result is written part by
part; only dedup's index (keys, signatures, band keys) is whole. The Ray engine dedups the
whole table, as before (its backend takes the table).
"""

from collections.abc import Mapping, Sequence
from functools import partial

import dagster as dg
import polars as pl

from pipelines.defs.io import scan_parts
from pipelines.defs.partitions import submission_partitions
from pipelines.defs.resources import RunSettings, WorkspaceResource
from pipelines.defs.streamed import decide_unit_of, height_of, write_whole
from pipelines.engines import config_for, run_on_engine
from pipelines.engines.run import default_workers
from pipelines.engines.stream import SPILL_COMPRESSION
from pipelines.storage import TableParts, parts_folder
from quality.chain import ChainConfig, steps_of
from quality.dedup import LocalBackend, add_prior_matches, summarize_dedup
from quality.dedup.stream import PartReader, PartsDedup, find_duplicates_in_parts
from schemas.assets import DedupSummary, IngestStats, SubmissionManifest

SUMMARY_COLUMNS = ("drop_reason", "dup_of", "dup_cluster", "dup_kind", "prior_submission")
"""The columns `summarize_dedup` reads."""


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
    filtered_records: pl.LazyFrame,
) -> tuple[TableParts, DedupSummary]:
    """Cluster duplicates, keep one survivor each, and measure overlap with earlier submissions.

    Sketching and LSH run on the run's engine (local processes' threads or Ray tasks); the
    clusters do not depend on it.
    """
    model = manifest.manifest
    config = decide_unit_of(filtered_records, config_for(model), rows=settings.batch_rows)
    parts = parts_folder("deduped_records", context.partition_key, root=workspace.get().assets_root)
    if settings.engine == "local":
        found = _find_streamed(filtered_records, config, rows=settings.batch_rows)
        signatures, stats = found.signatures, found.stats
    else:
        steps = steps_of("deduped_records", model.dataset_type)
        run = run_on_engine(filtered_records.collect(), engine="ray", config=config, steps=steps)
        assert run.dedup is not None, "the deduped_records steps hold the dedup step"
        whole, signatures, stats = run.dedup.records, run.dedup.signatures, run.dedup.stats
    space = workspace.get()
    rewarded = space.ledger().rewarded_owners()
    with space.registry() as registry:
        matches = registry.match(context.partition_key, signatures)
        paid_for = registry.match_rewarded(context.partition_key, signatures, rewarded=rewarded)
        registry.store(
            context.partition_key,
            signatures,
            content_fingerprint=ingest_stats.content_fingerprint,
            uncredited=uncredited_records(paid_for, rewarded, owner_id=model.owner_id.key),
        )
        overlaps = registry.overlaps(context.partition_key, matches)
    finish = partial(_with_registry, matches=matches, paid_for=paid_for)
    if settings.engine == "local":
        _write_attached(filtered_records, found, parts, finish, rows=settings.batch_rows)
    else:
        write_whole(finish(whole), parts)
    summary = summarize_dedup(
        _summary_columns(parts), params=config.dedup_params(), overlaps=overlaps, stats=stats
    )
    return parts, DedupSummary.model_validate(summary)


def _slice(
    columns: Sequence[str] | None, *, table: pl.LazyFrame, offset: int, rows: int
) -> pl.DataFrame:
    """Rows `offset`.. (at most `rows`) of a stored table, `columns` of them (None: all)."""
    piece = table.slice(offset, rows)
    return (piece if columns is None else piece.select(columns)).collect()


def _slices(table: pl.LazyFrame, rows: int) -> list[PartReader]:
    """Readers of consecutive slices of `rows` rows covering `table` (one, empty, if none)."""
    height = height_of(table)
    offsets = range(0, height, rows) if height else range(1)
    return [partial(_slice, table=table, offset=offset, rows=rows) for offset in offsets]


def _find_streamed(table: pl.LazyFrame, config: ChainConfig, *, rows: int) -> PartsDedup:
    """Dedup's decisions over `table` read slice by slice (`find_duplicates_in_parts`)."""
    return find_duplicates_in_parts(
        _slices(table, rows),
        dataset_type=config.dataset_type,
        params=config.dedup_params(),
        backend=LocalBackend(workers=default_workers()),
    )


def _with_registry(
    records: pl.DataFrame, *, matches: pl.DataFrame, paid_for: pl.DataFrame
) -> pl.DataFrame:
    """`records` with the registry's columns: earlier matches and rewarded matches."""
    return add_rewarded_matches(add_prior_matches(records, matches), paid_for)


def _write_attached(
    table: pl.LazyFrame,
    found: PartsDedup,
    parts: TableParts,
    finish: partial[pl.DataFrame],
    *,
    rows: int,
) -> None:
    """Each slice of `table` with dedup's columns and the registry's, as the next part."""
    offset, columns = 0, table.collect_schema().names()
    for read in _slices(table, rows):
        frame = read(columns)
        attached = finish(found.attach(frame, offset=offset))
        attached.write_parquet(parts.next_path(), compression=SPILL_COMPRESSION)
        offset += frame.height


def _summary_columns(parts: TableParts) -> pl.DataFrame:
    """The columns `summarize_dedup` reads, of every part."""
    table = scan_parts(parts)
    wanted = [c for c in SUMMARY_COLUMNS if c in table.collect_schema().names()]
    return table.select(wanted).collect()


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
