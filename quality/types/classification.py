"""Classification checks: unknown, missing or mixed-type labels, conflicts and mislabels."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from quality.types import text_features as tf
from quality.types.confident_learning import mislabel_flags
from quality.types.issues import first_issue

_NUMERIC = r"^[+-]?\d+(?:\.\d+)?$"


def check_classification(
    df: pl.DataFrame, *, label_set: Sequence[str] | None = None
) -> pl.DataFrame:
    """Add `t_` signals for labelled texts and `t_issue` (first issue code, null = none)."""
    label = pl.col("label").cast(pl.Utf8).str.strip_chars()
    work = df.with_columns(
        _label=pl.when(label.str.len_chars() > 0).then(label),
        _exact=tf.normalized("text").str.to_lowercase(),
    ).with_columns(_near=pl.col("_exact").str.replace_all(r"[^\p{L}]", ""))
    work = work.with_columns(
        t_label_missing=pl.col("_label").is_null(),
        t_label_unknown=_unknown(label_set),
        t_label_mixed_type=_mixed_type(),
        t_conflicting_duplicate=pl.col("_label").drop_nulls().n_unique().over("_exact") > 1,
        t_near_conflict=(pl.col("_label").drop_nulls().n_unique().over("_near") > 1)
        & (pl.col("_near").str.len_chars() > 0),
    )
    flags = mislabel_flags(work["_exact"].to_list(), work["_label"].to_list())
    suspect = (
        pl.Series("t_mislabel_suspect", flags, dtype=pl.Boolean) if flags is not None else None
    )
    work = work.with_columns(
        suspect
        if suspect is not None
        else pl.lit(None, dtype=pl.Boolean).alias("t_mislabel_suspect")
    )
    work = work.with_columns(t_issue=_issue_expr())
    return work.drop([c for c in work.columns if c.startswith("_")])


def _unknown(label_set: Sequence[str] | None) -> pl.Expr:
    if not label_set:
        return pl.lit(False)
    return (~pl.col("_label").is_in([str(x) for x in label_set])).fill_null(False)


def _mixed_type() -> pl.Expr:
    """Numeric labels among textual ones (or the reverse): the minority kind is flagged."""
    numeric = pl.col("_label").str.contains(_NUMERIC)
    share = numeric.cast(pl.Float64).mean()
    minority = pl.when(share > 0.5).then(~numeric).otherwise(numeric)
    return (minority & (share > 0) & (share < 1)).fill_null(False)


def _issue_expr() -> pl.Expr:
    return first_issue(
        [
            (pl.col("t_label_missing"), "class_label_missing"),
            (pl.col("t_label_mixed_type"), "class_label_mixed_type"),
            (pl.col("t_label_unknown"), "class_label_unknown"),
            (pl.col("t_conflicting_duplicate"), "class_conflicting_duplicate"),
            (pl.col("t_near_conflict"), "class_near_duplicate_conflict"),
            (pl.col("t_mislabel_suspect"), "class_mislabel_suspect"),
        ]
    )
