"""Adjudication: the majority label per item, ties sent to review, disagreement flagged."""

from __future__ import annotations

import polars as pl


def _group_keys(annotations: pl.DataFrame) -> list[str]:
    """Adjudicate per item, and per control when the table names controls."""
    return ["item", "control"] if "control" in annotations.columns else ["item"]


def adjudicate(annotations: pl.DataFrame) -> pl.DataFrame:
    """One row per item (and control): label, votes, n_annotations, agreement, disagreement,
    needs_review.

    ``label`` is the majority value, null when the top count is tied (``needs_review``: the item
    goes to a review project). ``agreement`` is the top value's share of the annotations and
    ``disagreement`` is true when annotators gave more than one value.
    """
    keys = _group_keys(annotations)
    votes = (
        annotations.drop_nulls("value")
        .with_columns(pl.col("value").cast(pl.Utf8))
        .group_by(*keys, "value")
        .agg(votes=pl.len().cast(pl.Int64))
        .sort(*keys, "votes", "value", descending=[False] * len(keys) + [True, False])
    )
    summary = votes.group_by(keys, maintain_order=True).agg(
        top=pl.col("value").first(),
        votes=pl.col("votes").first(),
        tied=(pl.col("votes") == pl.col("votes").first()).sum() > 1,
        n_annotations=pl.col("votes").sum(),
        n_values=pl.len(),
    )
    return summary.select(
        *keys,
        label=pl.when(pl.col("tied")).then(None).otherwise(pl.col("top")),
        votes="votes",
        n_annotations="n_annotations",
        agreement=pl.col("votes") / pl.col("n_annotations"),
        disagreement=pl.col("n_values") > 1,
        needs_review=pl.col("tied"),
    )
