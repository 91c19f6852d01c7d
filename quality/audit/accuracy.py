"""Per-annotator accuracy on gold items, with Wilson intervals, counts and lead time.

The open-source Label Studio has no ground-truth accuracy; corpusgrade scores each annotator on
the gold items mixed into the audit sample (operator gold and constructed known-bad items).
"""

from __future__ import annotations

import polars as pl

from quality.audit.rates import wilson_interval


def _keys(annotations: pl.DataFrame, gold: pl.DataFrame) -> list[str]:
    """Join keys: the item, and the control when both tables name one."""
    both = "control" in annotations.columns and "control" in gold.columns
    return ["item", "control"] if both else ["item"]


def _lead_time(annotations: pl.DataFrame) -> pl.Expr:
    """Median seconds per annotation when the table carries ``lead_time``, else null."""
    if "lead_time" in annotations.columns:
        return pl.col("lead_time").cast(pl.Float64).median()
    return pl.lit(None, dtype=pl.Float64)


def _with_intervals(table: pl.DataFrame) -> pl.DataFrame:
    """Add the Wilson interval of each annotator's gold accuracy (null without gold items)."""
    bounds = [
        wilson_interval(k, n) if n else (None, None)
        for k, n in zip(table["n_correct"], table["n_gold"], strict=True)
    ]
    return table.with_columns(
        accuracy_low=pl.Series([low for low, _ in bounds], dtype=pl.Float64),
        accuracy_high=pl.Series([high for _, high in bounds], dtype=pl.Float64),
    )


def per_annotator_gold_accuracy(annotations: pl.DataFrame, gold: pl.DataFrame) -> pl.DataFrame:
    """One row per annotator: n_annotations, n_gold, n_correct, accuracy, accuracy_low/high,
    median_lead_time (seconds), sorted by annotator.

    ``annotations`` has item, annotator, value (and optionally control, lead_time); ``gold`` has
    item, value (and control when the annotations have one).
    """
    keys = _keys(annotations, gold)
    answers = gold.select(*keys, gold_value=pl.col("value").cast(pl.Utf8))
    scored = annotations.with_columns(pl.col("annotator").cast(pl.Utf8)).join(
        answers, on=keys, how="left"
    )
    is_gold = pl.col("gold_value").is_not_null()
    correct = is_gold & (pl.col("value").cast(pl.Utf8) == pl.col("gold_value"))
    table = (
        scored.group_by("annotator")
        .agg(
            n_annotations=pl.len().cast(pl.Int64),
            n_gold=is_gold.sum().cast(pl.Int64),
            n_correct=correct.sum().cast(pl.Int64),
            median_lead_time=_lead_time(annotations),
        )
        .with_columns(accuracy=pl.col("n_correct") / pl.col("n_gold").replace(0, None))
        .sort("annotator")
    )
    return _with_intervals(table).select(
        "annotator",
        "n_annotations",
        "n_gold",
        "n_correct",
        "accuracy",
        "accuracy_low",
        "accuracy_high",
        "median_lead_time",
    )
