"""The plain ratings table every agreement metric takes: one row per (item, annotator, value).

Annotations pulled from Label Studio are reshaped to this long form per control, so each metric
sees the same three columns whatever the label config looked like.
"""

from __future__ import annotations

import polars as pl

RATING_COLUMNS = ("item", "annotator", "value")


def ratings(table: pl.DataFrame) -> pl.DataFrame:
    """Return the item/annotator/value columns with missing values dropped.

    A null value is a rating that was not given (missing data), not a category.
    """
    missing = [name for name in RATING_COLUMNS if name not in table.columns]
    if missing:
        msg = f"ratings table needs columns {RATING_COLUMNS}; missing {missing}"
        raise ValueError(msg)
    return table.select(RATING_COLUMNS).drop_nulls("value")


def value_counts_per_item(table: pl.DataFrame) -> pl.DataFrame:
    """Count ratings per (item, value) and per item, keeping items rated at least twice.

    Items with a single rating carry no information about agreement and are left out, as
    Fleiss and Krippendorff do.
    """
    counts = (
        ratings(table)
        .group_by("item", "value")
        .agg(n_iv=pl.len().cast(pl.Int64))
        .with_columns(n_i=pl.col("n_iv").sum().over("item"))
    )
    return counts.filter(pl.col("n_i") >= 2).sort("item", "value")
