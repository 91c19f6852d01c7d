"""Annotator pairs per item, shared by the metrics that compare whole answers (spans, texts).

Without a reference, every unordered pair of annotators who answered the same item is compared;
with a reference (gold answers: item, value) each annotation is compared with it.
"""

from __future__ import annotations

import polars as pl

from quality.audit.ratings import ratings

REFERENCE = "__reference__"


def with_reference(table: pl.DataFrame, reference: pl.DataFrame | None) -> pl.DataFrame:
    """The ratings table, plus the reference answers as one more annotator when given."""
    rated = ratings(table).with_columns(pl.col("annotator").cast(pl.Utf8))
    if reference is None:
        return rated
    gold = reference.select("item", annotator=pl.lit(REFERENCE), value="value")
    return pl.concat([rated, gold.cast(rated.schema)])


def answer_pairs(table: pl.DataFrame, *, use_reference: bool) -> pl.DataFrame:
    """Rows (item, left, right): the pairs to compare, left never the reference."""
    who = table.select("item", "annotator").unique()
    joined = who.join(who, on="item", suffix="_right").rename(
        {"annotator": "left", "annotator_right": "right"}
    )
    if use_reference:
        keep = (pl.col("right") == REFERENCE) & (pl.col("left") != REFERENCE)
    else:
        keep = pl.col("left") < pl.col("right")
    return joined.filter(keep).sort("item", "left", "right")
