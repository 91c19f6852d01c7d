"""`find_duplicates`: exact and near-duplicate clusters inside one submission.

Steps: (1) exact groups by the dataset type's key hash; (2) near-duplicate edges among one record
per exact group (MinHash + LSH + verification); (3) clusters = connected components of exact
groups joined by verified edges; (4) one survivor per cluster (longest `content_norm`, then the
smallest `record_id`); the others get `drop_reason` `duplicate_exact` (same exact hash as the
survivor) or `duplicate_near`. Only rows whose `drop_reason` is null take part.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import polars as pl

from quality.dedup.backend import DedupBackend, LocalBackend
from quality.dedup.clusters import components, survivors
from quality.dedup.exact import (
    CONFLICT_FLAG,
    KEY_COLUMNS,
    PAYLOAD_COLUMNS,
    conflict_flags,
    exact_columns,
)
from quality.dedup.near import Sketches, pair_jaccard, verified_edges
from quality.dedup.params import DedupParams
from quality.drop import mark_dropped

DUP_COLUMNS = ("dup_cluster", "dup_of", "dup_kind", "dup_jaccard")


@dataclass(frozen=True)
class DedupResult:
    """Records with dedup columns, the signature table for the registry, and step counts.

    `signatures` columns: record_id, exact_hash (xxh3-128 hex), minhash (List[UInt32], null when
    the record has no shingles), band_keys (List[UInt64], null likewise), sketch_params (the
    fingerprint of the parameters; the registry only compares equal fingerprints).
    """

    records: pl.DataFrame
    signatures: pl.DataFrame
    stats: dict[str, int] = field(default_factory=dict)


def find_duplicates(
    df: pl.DataFrame,
    *,
    dataset_type: str,
    params: DedupParams,
    seed: int | None = None,
    workers: int = 1,
    backend: DedupBackend | None = None,
) -> DedupResult:
    """Mark exact and near duplicates among the rows of `df` with a null `drop_reason`.

    `seed` overrides `params.seed` for the MinHash functions. Signatures can only be compared
    with the registry's when every submission uses the same seed, so pipelines should pass the
    registry's (the default); the argument exists for experiments and tests.

    Adds `dup_cluster`, `dup_of`, `dup_kind`, `dup_jaccard`, the type's conflict flag
    (`conflicting_label` / `conflicting_output`) where one exists, and sets `drop_reason`.
    `workers` threads compute signatures (the result does not depend on it); `backend` runs
    sketching and candidate search elsewhere (Ray) with the same result.
    """
    backend = backend or LocalBackend(workers=workers)
    mh_seed = params.seed if seed is None else seed
    active = _active_rows(df, dataset_type=dataset_type)
    keys = exact_columns(active, dataset_type=dataset_type)
    active = active.with_columns(
        keys,
        n_chars=pl.col("content_norm").fill_null("").str.len_chars(),
        _group=keys["exact_hash"].rank("dense").cast(pl.Int64) - 1,
    )
    active = active.with_columns(_conflict=conflict_flags(keys))
    reps = active.filter(pl.col("_group").is_first_distinct()).sort("_group")
    # Records whose key carries conflicting payloads stay out of near dedup: they are flagged for
    # the audit, and merging them would hide the disagreement.
    texts = _near_texts(reps)
    sketches = backend.sketch(texts, params=params, seed=mh_seed)
    left, right, _, n_candidates = verified_edges(
        texts, sketches, params=params, candidates=backend.candidates(sketches)
    )
    component = components(reps.height, left, right)
    active = active.with_columns(_component=pl.Series(component)[active["_group"]])
    decided = _decide(active, texts, params=params)
    records = _attach(df, decided, dataset_type=dataset_type, keys=active)
    stats = {
        "records_considered": active.height,
        "exact_groups": reps.height,
        "without_shingles": int((~sketches.has_shingles).sum()),
        "candidate_pairs": n_candidates,
        "verified_pairs": len(left),
    }
    table = _signature_table(active, sketches).with_columns(
        sketch_params=pl.lit(
            params.fingerprint() if mh_seed == params.seed else f"{params.fingerprint()}/{mh_seed}"
        )
    )
    return DedupResult(records=records, signatures=table, stats=stats)


def _active_rows(df: pl.DataFrame, *, dataset_type: str) -> pl.DataFrame:
    """Return the rows that take part (null `drop_reason`), with only the columns dedup reads.

    Selecting first keeps the filtered copy small: a signals table carries several copies of
    each text, and dedup needs one (plus the type's key and payload columns).
    """
    wanted = ("record_id", "content_norm", "drop_reason", *KEY_COLUMNS.get(dataset_type, ()))
    wanted += PAYLOAD_COLUMNS.get(dataset_type, ())
    columns = [c for c in dict.fromkeys(wanted) if c in df.columns]
    return df.select(columns).with_row_index("_row").filter(pl.col("drop_reason").is_null())


def _near_texts(reps: pl.DataFrame) -> pl.Series:
    """Return the text each exact group contributes to near dedup ('' for conflicted keys)."""
    texts = reps["content_norm"].fill_null("")
    if not reps["_conflict"].any():
        return texts
    return reps.select(pl.when(pl.col("_conflict")).then(pl.lit("")).otherwise(texts)).to_series()


def _decide(active: pl.DataFrame, texts: pl.Series, *, params: DedupParams) -> pl.DataFrame:
    """Return per active row: `_row`, dup columns and the new drop_reason."""
    chosen = survivors(
        active.select(component="_component", n_chars="n_chars", record_id="record_id")
    )
    survivor_info = active.select(survivor="record_id", _s_group="_group")
    joined = active.join(chosen, left_on="_component", right_on="component", how="left").join(
        survivor_info, on="survivor", how="left"
    )
    is_dup = pl.col("survivor").is_not_null() & (pl.col("record_id") != pl.col("survivor"))
    kind = (
        pl.when(~is_dup)
        .then(None)
        .when(pl.col("_group") == pl.col("_s_group"))
        .then(pl.lit("exact"))
        .otherwise(pl.lit("near"))
    )
    joined = joined.with_columns(dup_kind=kind)
    near = joined.filter(pl.col("dup_kind") == "near")
    sims = pair_jaccard(
        texts, near["_group"].to_numpy(), near["_s_group"].to_numpy(), params=params
    )
    near_sims = near.select("_row").with_columns(_near_j=pl.Series(sims, dtype=pl.Float64))
    joined = joined.join(near_sims, on="_row", how="left")
    return joined.select(
        "_row",
        dup_cluster=pl.col("survivor"),
        dup_of=pl.when(is_dup).then(pl.col("survivor")),
        dup_kind=pl.col("dup_kind"),
        dup_jaccard=pl.when(pl.col("dup_kind") == "exact").then(1.0).otherwise(pl.col("_near_j")),
        _reason=pl.when(is_dup).then(pl.lit("duplicate_") + pl.col("dup_kind")),
    )


def _attach(
    df: pl.DataFrame, decided: pl.DataFrame, *, dataset_type: str, keys: pl.DataFrame
) -> pl.DataFrame:
    """Put the decisions beside all rows of `df`, in their original order.

    Only the narrow decision columns are joined (on row numbers); `df`'s own columns, several
    copies of the text among them, are kept as they are instead of being gathered by a join.
    """
    rows = pl.DataFrame({"_row": pl.int_range(df.height, dtype=pl.UInt32, eager=True)})
    aligned = rows.join(decided, on="_row", how="left", maintain_order="left")
    if dataset_type in CONFLICT_FLAG:
        flags = keys.select("_row", pl.col("_conflict").alias(CONFLICT_FLAG[dataset_type]))
        aligned = aligned.join(flags, on="_row", how="left", maintain_order="left")
    replaced = [*DUP_COLUMNS, CONFLICT_FLAG.get(dataset_type, "")]
    out = df.drop([c for c in replaced if c in df.columns]).hstack(
        aligned.drop("_row", "_reason").get_columns()
    )
    return mark_dropped(out, aligned["_reason"])


def _signature_table(active: pl.DataFrame, sketches: Sketches) -> pl.DataFrame:
    """Return (record_id, exact_hash, minhash, band_keys) per active row; sketches null if empty.

    The per-group matrices become list columns once and are then gathered per row by Polars,
    so a 1M-record table holds one copy of the signatures, not three.
    """
    group = active["_group"]
    minhash = _list_column("minhash", sketches.minhash, sketches.has_shingles).gather(group)
    bands = _list_column("band_keys", sketches.bands, sketches.has_shingles).gather(group)
    table = active.select("record_id", "exact_hash")
    return table.with_columns(minhash=minhash, band_keys=bands)


def _list_column(
    name: str, matrix: npt.NDArray[np.uint32] | npt.NDArray[np.uint64], has: npt.NDArray[np.bool_]
) -> pl.Series:
    """Return a (rows x width) matrix as a List column, null for rows without shingles."""
    inner = pl.UInt32() if matrix.dtype == np.uint32 else pl.UInt64()
    column = pl.Series(name, matrix).cast(pl.List(inner))
    if bool(has.all()):
        return column
    return pl.select(pl.when(pl.Series(has)).then(column)).to_series().alias(name)
