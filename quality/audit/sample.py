"""The audit sample: stratified quality tasks, a safety sample, a double-annotated subset, gold.

Sizes follow RUBRIC.md: quality min(N_stratum, 400) per stratum, safety min(N, 4000) as a
simple random sample, a double-annotated subset of at least max(200, 5%) of the tasks, and gold
items mixed in. Random keys come from the seed the pipeline derives from the submission hash and
are assigned in record_id order, so the same submission gives the same sample, byte for byte.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import polars as pl

from quality.audit.duplicates import duplicate_pair_tasks
from quality.audit.gold import construct_gold_items, load_gold
from quality.audit.strata import SAFETY_TASK, data_columns, quality_task, stratum_expr

DRAW_FLAGS = ("in_quality", "in_safety", "in_source_safety")
TASK_COLUMNS = (
    "task_id",
    "record_id",
    "source_file",
    "audit_task",
    "stratum",
    "purpose",
    *DRAW_FLAGS,
    "double",
    "is_gold",
    "gold_answer",
)
PAIR_COLUMNS = ("pair_record_id", "text_a_masked", "text_b_masked")
EMPTY_TASKS = {
    "record_id": pl.Utf8,
    "audit_task": pl.Utf8,
    "stratum": pl.Utf8,
    "purpose": pl.Utf8,
    "in_quality": pl.Boolean,
    "in_safety": pl.Boolean,
    "in_source_safety": pl.Boolean,
    "source_file": pl.Utf8,
    "is_gold": pl.Boolean,
    "gold_answer": pl.Utf8,
}


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


@dataclass(frozen=True)
class Sizes:
    """The rubric's sample sizes: per quality stratum, the overall and per-source safety."""

    per_stratum: int
    safety_total: int
    per_source: int


def _flags(keyed: pl.DataFrame, dataset_type: str, sizes: Sizes) -> pl.DataFrame:
    """Stratum and draw flags per kept record, on a narrow frame (rank, not sort, for speed).

    The safety draws share one key: the overall sample is the smallest keys overall, the
    per-source top-up the smallest keys within each source file, so both are simple random
    samples and their union within a source is one too.
    """
    source = pl.col("source_file") if "source_file" in keyed.columns else pl.lit("")
    return keyed.select(
        stratum_expr(dataset_type, keyed.columns), "_kq", "_ks", _src=source
    ).select(
        "stratum",
        in_quality=pl.col("_kq").rank("ordinal").over("stratum") <= sizes.per_stratum,
        in_safety=pl.col("_ks").rank("ordinal") <= sizes.safety_total,
        in_source_safety=pl.col("_ks").rank("ordinal").over("_src") <= sizes.per_source,
    )


def _drawn(keyed: pl.DataFrame, *, dataset_type: str, sizes: Sizes) -> pl.DataFrame:
    """Quality (per stratum) and safety (overall and per source) draws, one row per task."""
    flags = _flags(keyed, dataset_type, sizes)
    safety_flag = pl.col("in_safety") | pl.col("in_source_safety")
    flagged = pl.concat([keyed, flags], how="horizontal").filter(pl.col("in_quality") | safety_flag)
    quality = flagged.filter("in_quality").with_columns(
        audit_task=pl.lit(quality_task(dataset_type)),
        in_safety=pl.lit(False),
        in_source_safety=pl.lit(False),
    )
    safety = flagged.filter(safety_flag).with_columns(
        audit_task=pl.lit(SAFETY_TASK), in_quality=pl.lit(False)
    )
    merged = (
        pl.concat([quality, safety])
        .group_by("record_id", "audit_task", maintain_order=True)
        .agg(pl.all().exclude(*DRAW_FLAGS).first(), *(pl.col(f).any() for f in DRAW_FLAGS))
    )
    purpose = pl.when(pl.col("in_quality")).then(pl.lit("quality")).otherwise(pl.lit("safety"))
    return merged.with_columns(
        purpose=purpose, is_gold=pl.lit(False), gold_answer=pl.lit(None, dtype=pl.Utf8)
    )


def _with_safety_text(drawn: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """Give safety tasks of types without a ``text`` column their masked content as ``text``.

    The safety review config shows ``$text``; for translation or instruction records that is
    the whole masked content (source and target, or instruction, input and output).
    """
    if "text_masked" in columns or "content_masked" not in columns:
        return drawn
    safety = pl.col("audit_task") == SAFETY_TASK
    return drawn.with_columns(text_masked=pl.when(safety).then(pl.col("content_masked")))


def _gold_rows(
    kept: pl.DataFrame,
    gold: pl.DataFrame | None,
    *,
    dataset_type: str,
    seed: int,
    count: int,
    columns: list[str],
) -> list[pl.DataFrame]:
    """Constructed known-bad items plus the operator's gold items, flagged as gold."""
    parts = [construct_gold_items(kept, dataset_type=dataset_type, seed=seed, count=count)]
    if gold is not None:
        parts.append(load_gold(gold, records=kept.select("record_id", *columns)))
    flags = {
        "purpose": pl.lit("gold"),
        "is_gold": pl.lit(True),
        "in_quality": pl.lit(False),
        "in_safety": pl.lit(False),
        "in_source_safety": pl.lit(False),
    }
    return [part.with_columns(**flags) for part in parts if part.height]


def _double_target(n_tasks: int, n_candidates: int, *, share: float, minimum: int) -> int:
    """How many non-gold tasks to double-annotate: max(minimum, share of all), capped."""
    return min(n_candidates, max(minimum, math.ceil(share * n_tasks)))


def _with_double(tasks: pl.DataFrame, seed: int, *, share: float, minimum: int) -> pl.DataFrame:
    """Mark the double-annotated subset (a seeded draw of non-gold tasks) and all gold items,
    then put the tasks in a seeded order so gold items are mixed in."""
    task_id = pl.col("audit_task") + ":" + pl.col("record_id")
    ordered = tasks.with_columns(task_id=task_id).sort("task_id")
    keys = np.random.default_rng([seed, 2]).random((2, ordered.height))
    candidates = int((~ordered["is_gold"]).sum())
    target = _double_target(ordered.height, candidates, share=share, minimum=minimum)
    rank = pl.when(pl.col("is_gold")).then(None).otherwise(pl.Series(keys[0])).rank("ordinal")
    double = pl.col("is_gold") | (rank <= target).fill_null(False)
    return ordered.with_columns(double=double, _order=pl.Series(keys[1])).sort("_order")


def _combined(parts: list[pl.DataFrame], keep: list[str]) -> pl.DataFrame:
    """The non-empty parts stacked, with only task and data columns (empty: task columns)."""
    frames = [part.select(c for c in part.columns if c in keep) for part in parts if part.height]
    if not frames:
        return pl.DataFrame(schema=EMPTY_TASKS)
    return pl.concat(frames, how="diagonal_relaxed")


def draw_audit_sample(
    records: pl.DataFrame,
    *,
    dataset_type: str,
    seed: int,
    quality_per_stratum: int = 400,
    safety_total: int = 4000,
    safety_per_source: int = 100,
    double_share: float = 0.05,
    double_min: int = 200,
    gold: pl.DataFrame | None = None,
    constructed_gold: int = 40,
) -> pl.DataFrame:
    """One row per audit task, in a seeded order that mixes gold items in.

    Columns: task_id (``audit_task:record_id``, the stable external id), record_id,
    source_file, audit_task, stratum, purpose (quality|safety|gold), in_quality, in_safety,
    in_source_safety (which draws a task belongs to: the stratified quality sample, the overall
    safety sample of min(N, safety_total), the per-source safety top-up of
    min(N_source, safety_per_source); a text_corpus record drawn by several is one task),
    double, is_gold, gold_answer (JSON or null), then the masked data columns (never raw
    text): ``<col>_masked`` of the type, ``content_masked``, ``text_masked`` for safety tasks
    of every type, the fields annotators check (label, entities, languages), and for duplicate
    pairs pair_record_id, text_a_masked (the removed record) and text_b_masked (its survivor).
    """
    kept = _kept(records)
    columns = data_columns(dataset_type, kept.columns)
    keyed = _keyed(kept, seed)
    sizes = Sizes(quality_per_stratum, safety_total, safety_per_source)
    drawn = _drawn(keyed, dataset_type=dataset_type, sizes=sizes)
    parts = [
        _with_safety_text(drawn, columns),
        duplicate_pair_tasks(records, seed=seed, count=quality_per_stratum),
        *_gold_rows(
            kept,
            gold,
            dataset_type=dataset_type,
            seed=seed,
            count=constructed_gold,
            columns=columns,
        ),
    ]
    data = [*dict.fromkeys([*columns, "text_masked", *PAIR_COLUMNS])]
    tasks = _combined(parts, [*TASK_COLUMNS, *data])
    marked = _with_double(tasks, seed, share=double_share, minimum=double_min)
    return marked.select(*TASK_COLUMNS, *(c for c in data if c in marked.columns))
