"""The audit sample: stratified quality tasks, a safety sample, a double-annotated subset, gold.

Sizes follow RUBRIC.md: quality min(N_stratum, 400) per stratum, safety min(N, 4000) as a
simple random sample, a double-annotated subset of at least max(200, 5%) of the tasks, and gold
items mixed in. Random keys come from the seed the pipeline derives from the submission hash and
are assigned in record_id order, so the same submission gives the same sample, byte for byte.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from quality.audit.duplicates import duplicate_pair_tasks
from quality.audit.gold import construct_gold_items, load_gold
from quality.audit.strata import SAFETY_TASK, data_columns, quality_task, stratum_expr

TASK_COLUMNS = (
    "task_id",
    "record_id",
    "audit_task",
    "stratum",
    "purpose",
    "in_quality",
    "in_safety",
    "double",
    "is_gold",
    "gold_answer",
)


def _kept(records: pl.DataFrame) -> pl.DataFrame:
    """Records still kept after filters and dedup (drop_reason null), in record_id order."""
    kept = (
        records.filter(pl.col("drop_reason").is_null())
        if "drop_reason" in records.columns
        else records
    )
    return kept.sort("record_id")


def _keyed(kept: pl.DataFrame, seed: int) -> pl.DataFrame:
    """Attach independent uniform keys for the quality and safety draws."""
    keys = np.random.default_rng([seed, 0]).random((2, kept.height))
    return kept.with_columns(_kq=pl.Series(keys[0]), _ks=pl.Series(keys[1]))


def _drawn(
    keyed: pl.DataFrame, *, dataset_type: str, per_stratum: int, safety_total: int
) -> pl.DataFrame:
    """Quality (per stratum) and safety (overall) draws, one row per (record, task)."""
    flagged = keyed.with_columns(
        stratum_expr(dataset_type, keyed.columns),
        in_quality=pl.col("_kq").rank("ordinal").over(stratum_expr(dataset_type, keyed.columns))
        <= per_stratum,
        in_safety=pl.col("_ks").rank("ordinal") <= safety_total,
    )
    quality = flagged.filter("in_quality").with_columns(
        audit_task=pl.lit(quality_task(dataset_type))
    )
    safety = flagged.filter("in_safety").with_columns(audit_task=pl.lit(SAFETY_TASK))
    both = pl.concat(
        [
            quality.with_columns(in_safety=pl.lit(False)),
            safety.with_columns(in_quality=pl.lit(False)),
        ]
    )
    merged = both.group_by("record_id", "audit_task", maintain_order=True).agg(
        pl.all().exclude("in_quality", "in_safety").first(),
        pl.col("in_quality").any(),
        pl.col("in_safety").any(),
    )
    purpose = pl.when(pl.col("in_quality")).then(pl.lit("quality")).otherwise(pl.lit("safety"))
    return merged.with_columns(
        purpose=purpose, is_gold=pl.lit(False), gold_answer=pl.lit(None, dtype=pl.Utf8)
    )


def _gold_rows(
    kept: pl.DataFrame,
    gold: pl.DataFrame | None,
    *,
    dataset_type: str,
    seed: int,
    count: int,
    columns: list[str],
) -> pl.DataFrame:
    """Constructed known-bad items plus the operator's gold items, flagged as gold."""
    parts = [construct_gold_items(kept, dataset_type=dataset_type, seed=seed, count=count)]
    if gold is not None:
        parts.append(load_gold(gold, records=kept.select("record_id", *columns)))
    rows = (
        pl.concat([part for part in parts if part.height], how="diagonal_relaxed")
        if any(part.height for part in parts)
        else pl.DataFrame()
    )
    if rows.is_empty():
        return rows
    return rows.with_columns(
        purpose=pl.lit("gold"),
        is_gold=pl.lit(True),
        in_quality=pl.lit(False),
        in_safety=pl.lit(False),
    )


def _double_target(n_tasks: int, n_candidates: int, *, share: float, minimum: int) -> int:
    """How many non-gold tasks to double-annotate: max(minimum, share of all), capped."""
    return min(n_candidates, max(minimum, math.ceil(share * n_tasks)))


def _with_double(tasks: pl.DataFrame, seed: int, *, share: float, minimum: int) -> pl.DataFrame:
    """Mark the double-annotated subset (a seeded draw of non-gold tasks) and all gold items."""
    ordered = tasks.with_columns(task_id=pl.col("audit_task") + ":" + pl.col("record_id")).sort(
        "task_id"
    )
    keys = np.random.default_rng([seed, 2]).random((2, ordered.height))
    candidates = int((~ordered["is_gold"]).sum())
    target = _double_target(ordered.height, candidates, share=share, minimum=minimum)
    rank = pl.when(pl.col("is_gold")).then(None).otherwise(pl.Series(keys[0])).rank("ordinal")
    return ordered.with_columns(
        double=pl.col("is_gold") | (rank <= target).fill_null(False), _order=pl.Series(keys[1])
    ).sort("_order")


def draw_audit_sample(
    records: pl.DataFrame,
    *,
    dataset_type: str,
    seed: int,
    quality_per_stratum: int = 400,
    safety_total: int = 4000,
    double_share: float = 0.05,
    double_min: int = 200,
    gold: pl.DataFrame | None = None,
    constructed_gold: int = 40,
) -> pl.DataFrame:
    """One row per audit task, in a seeded order that mixes gold items in.

    Columns: task_id (``audit_task:record_id``, the stable external id), record_id, audit_task,
    stratum, purpose (quality|safety|gold), in_quality, in_safety (which draw a task belongs to;
    a text_corpus record drawn by both is one task), double, is_gold, gold_answer (JSON or
    null), then the masked data columns the records carry (never raw text).
    """
    kept = _kept(records)
    columns = data_columns(dataset_type, kept.columns)
    drawn = _drawn(
        _keyed(kept, seed),
        dataset_type=dataset_type,
        per_stratum=quality_per_stratum,
        safety_total=safety_total,
    )
    parts = [drawn, duplicate_pair_tasks(records, seed=seed, count=quality_per_stratum)]
    parts.append(
        _gold_rows(
            kept,
            gold,
            dataset_type=dataset_type,
            seed=seed,
            count=constructed_gold,
            columns=columns,
        )
    )
    tasks = pl.concat(
        [
            p.select(
                *(
                    c
                    for c in p.columns
                    if c in {*TASK_COLUMNS, *columns, "pair_record_id", "pair_masked"}
                )
            )
            for p in parts
            if p.height
        ],
        how="diagonal_relaxed",
    )
    marked = _with_double(tasks, seed, share=double_share, minimum=double_min)
    extra = [c for c in ("pair_record_id", "pair_masked") if c in marked.columns]
    return marked.select(*TASK_COLUMNS, *columns, *extra)
