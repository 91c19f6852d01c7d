"""`find_duplicates_in_parts`: `find_duplicates` over a table stored in parts, text never whole.

`find_duplicates` holds every record's `content_norm` (and copies of it) at once: 2 GB for a
million documents. Here the table stays in parts (Parquet files a chain run spilled) and is
read part by part, three times: (1) the exact keys and lengths of the records that take part,
(2) the MinHash signatures of one record per exact group, (3) the texts of the records in
screened LSH candidate pairs, for exact verification. Only the narrow key table, the
signatures and the band keys are whole (dedup's index). The decisions equal
`find_duplicates`' decisions for the concatenated table (a test compares the bytes).

Exact groups are numbered in hash order, as `find_duplicates` numbers them (LSH buckets pair
their members by number, so the candidates depend on it); representatives are read in row
order, part by part, and their signatures then put in group order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from quality.dedup.backend import DedupBackend, LocalBackend
from quality.dedup.clusters import components
from quality.dedup.exact import (
    CONFLICT_FLAG,
    KEY_COLUMNS,
    PAYLOAD_COLUMNS,
    conflict_flags,
    exact_columns,
)
from quality.dedup.find import DUP_COLUMNS, DedupResult, _decide, _signature_table
from quality.dedup.near import Sketches, screened_pairs, verify_pairs
from quality.dedup.params import DedupParams
from quality.drop import mark_dropped

PartReader = Callable[[Sequence[str]], pl.DataFrame]
"""Reads the named columns of one part of the table (every row of the part, in order)."""


@dataclass(frozen=True)
class PartsDedup:
    """Dedup's decisions per row number of the whole table, the signatures and the counts.

    `decided`: `_row` (row number in the concatenated parts) of every record that took part,
    the dup columns, `_reason` and the type's conflict flag; `attach` puts them beside a part.
    """

    decided: pl.DataFrame
    signatures: pl.DataFrame
    stats: dict[str, int]
    dataset_type: str

    def attach(self, part: pl.DataFrame, *, offset: int) -> pl.DataFrame:
        """`part` (rows `offset`.. of the table) with the dup columns and its `drop_reason`."""
        rows = pl.DataFrame(
            {"_row": pl.int_range(offset, offset + part.height, dtype=pl.UInt32, eager=True)}
        )
        end = offset + part.height
        mine = self.decided.filter(pl.col("_row").is_between(offset, end, closed="left"))
        aligned = rows.join(mine, on="_row", how="left", maintain_order="left")
        flag = CONFLICT_FLAG.get(self.dataset_type)
        replaced = [*DUP_COLUMNS, flag or ""]
        added = aligned.drop("_row", "_reason")
        added = added.drop("_conflict") if flag is None else added.rename({"_conflict": flag})
        out = part.drop([c for c in replaced if c in part.columns]).hstack(added.get_columns())
        return mark_dropped(out, aligned["_reason"])


def _wanted(dataset_type: str) -> list[str]:
    """The columns dedup reads: id, text, the drop reason so far, the type's key and payload."""
    wanted = ("record_id", "content_norm", "drop_reason", *KEY_COLUMNS.get(dataset_type, ()))
    return list(dict.fromkeys((*wanted, *PAYLOAD_COLUMNS.get(dataset_type, ()))))


def _keys(parts: Sequence[PartReader], *, dataset_type: str) -> pl.DataFrame:
    """Pass 1: per active row `_row`, record_id, exact/key hash and `n_chars` (no text)."""
    narrow, offset = [], 0
    for read in parts:
        frame = read(_wanted(dataset_type)).with_row_index("_row", offset=offset)
        offset += frame.height
        active = frame.filter(pl.col("drop_reason").is_null())
        keys = exact_columns(active, dataset_type=dataset_type)
        narrow.append(
            active.select(
                "_row",
                "record_id",
                n_chars=pl.col("content_norm").fill_null("").str.len_chars(),
            ).hstack(keys.get_columns())
        )
    if not narrow:
        raise ValueError("dedup needs at least one part")
    return pl.concat(narrow)


def _grouped(active: pl.DataFrame) -> pl.DataFrame:
    """`_group` (exact groups numbered in hash order, as `find_duplicates` numbers them: LSH
    buckets pair members by number) and `_conflict`."""
    active = active.with_columns(_group=pl.col("exact_hash").rank("dense").cast(pl.Int64) - 1)
    conflict = conflict_flags(active.select("key_hash", "exact_hash"))
    return active.with_columns(_conflict=conflict)


def _texts_of(
    parts: Sequence[PartReader], rows: pl.DataFrame, *, conflicted: bool = True
) -> list[pl.Series]:
    """Per part, the near-dedup texts of `rows` (`_row`, `_conflict`) in row order."""
    out, offset = [], 0
    for read in parts:
        frame = read(["content_norm"]).with_row_index("_row", offset=offset)
        offset += frame.height
        picked = frame.join(rows, on="_row", how="inner", maintain_order="left")
        text = pl.col("content_norm").fill_null("")
        if conflicted:
            text = pl.when(pl.col("_conflict")).then(pl.lit("")).otherwise(text)
        out.append(picked.select(text.alias("content_norm")).to_series())
    return out


def _sketch_parts(
    parts: Sequence[PartReader],
    reps: pl.DataFrame,
    *,
    params: DedupParams,
    seed: int,
    backend: DedupBackend,
) -> Sketches:
    """Pass 2: signatures of the representatives, part by part, then put in group order."""
    in_rows = reps.sort("_row")
    pieces = [
        backend.sketch(texts, params=params, seed=seed)
        for texts in _texts_of(parts, in_rows.select("_row", "_conflict"))
        if texts.len()
    ]
    if not pieces:
        empty = pl.Series("content_norm", [], pl.String)
        return backend.sketch(empty, params=params, seed=seed)
    position = np.empty(in_rows.height, dtype=np.int64)
    position[in_rows["_group"].to_numpy()] = np.arange(in_rows.height)
    return Sketches(
        minhash=np.concatenate([p.minhash for p in pieces])[position],
        bands=np.concatenate([p.bands for p in pieces])[position],
        has_shingles=np.concatenate([p.has_shingles for p in pieces])[position],
    )


def _sparse_texts(parts: Sequence[PartReader], reps: pl.DataFrame, groups: np.ndarray) -> pl.Series:
    """Pass 3: a text per group, empty except for `groups` (the ones verification reads)."""
    wanted = (
        reps.select("_row", "_conflict", "_group")
        .filter(pl.col("_group").is_in(pl.Series(groups, dtype=pl.Int64).implode()))
        .sort("_row")
    )
    found = pl.concat(_texts_of(parts, wanted.select("_row", "_conflict")))
    texts = pl.Series("content_norm", [""] * reps.height, dtype=pl.String)
    if len(wanted):
        texts = texts.scatter(wanted["_group"], found)
    return texts


def find_duplicates_in_parts(
    parts: Sequence[PartReader],
    *,
    dataset_type: str,
    params: DedupParams,
    backend: DedupBackend | None = None,
) -> PartsDedup:
    """`find_duplicates` over the concatenation of `parts`, reading the text part by part."""
    backend = backend or LocalBackend()
    active = _grouped(_keys(parts, dataset_type=dataset_type))
    reps = active.filter(pl.col("_group").is_first_distinct()).sort("_group")
    sketches = _sketch_parts(parts, reps, params=params, seed=params.seed, backend=backend)
    left, right = backend.candidates(sketches)
    n_candidates = len(left)
    left, right = screened_pairs(sketches, left, right, params=params)
    texts = _sparse_texts(parts, reps, np.unique(np.concatenate([left, right])))
    left, right, _ = verify_pairs(texts, left, right, params=params)
    component = components(reps.height, left, right)
    active = active.with_columns(_component=pl.Series(component)[active["_group"]])
    decided = _decide(active, texts, params=params).join(
        active.select("_row", "_conflict"), on="_row", how="left"
    )
    stats = {
        "records_considered": active.height,
        "exact_groups": reps.height,
        "without_shingles": int((~sketches.has_shingles).sum()),
        "candidate_pairs": n_candidates,
        "verified_pairs": len(left),
    }
    table = _signature_table(active, sketches).with_columns(
        sketch_params=pl.lit(params.fingerprint())
    )
    return PartsDedup(decided=decided, signatures=table, stats=stats, dataset_type=dataset_type)


def as_result(dedup: PartsDedup, records: pl.DataFrame) -> DedupResult:
    """A `DedupResult` (records attached whole) for callers that hold the table anyway."""
    return DedupResult(
        records=dedup.attach(records, offset=0), signatures=dedup.signatures, stats=dedup.stats
    )
