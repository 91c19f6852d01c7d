"""Agreement per control: the right metrics for the control's kind, on items rated twice or more."""

from __future__ import annotations

import polars as pl

from quality.audit.edits import normalized_edit_distance
from quality.audit.krippendorff import krippendorff_alpha
from quality.audit.nominal import cohen_kappa, fleiss_kappa, percent_agreement
from quality.audit.rules import ControlKind
from quality.audit.spans import span_f1

Metrics = dict[str, float | int | None]


def _multiply_rated(ratings: pl.DataFrame) -> pl.DataFrame:
    """Only the items at least two annotators answered (the double-annotated subset)."""
    return ratings.filter(pl.col("annotator").n_unique().over("item") >= 2)


def _ordinal_values(ratings: pl.DataFrame) -> pl.DataFrame:
    """Ratings as numbers when every value is numeric, so "10" sorts after "9"."""
    numeric = ratings["value"].cast(pl.Float64, strict=False)
    if numeric.null_count() > ratings["value"].null_count():
        return ratings
    return ratings.with_columns(value=numeric)


def _choice_metrics(ratings: pl.DataFrame, kind: ControlKind) -> Metrics:
    """Percent agreement, kappas and alpha for nominal or ordinal choices."""
    two = ratings["annotator"].n_unique() == 2
    metrics: Metrics = {
        "percent_agreement": percent_agreement(ratings),
        "cohen_kappa": cohen_kappa(ratings) if two else None,
        "fleiss_kappa": fleiss_kappa(ratings),
        "krippendorff_alpha": krippendorff_alpha(ratings),
    }
    if kind == "ordinal":
        metrics["krippendorff_alpha_ordinal"] = krippendorff_alpha(
            _ordinal_values(ratings), level="ordinal"
        )
    return metrics


def control_agreement(ratings: pl.DataFrame, *, kind: ControlKind) -> Metrics:
    """Agreement metrics for one control's ratings (item, annotator, value)."""
    multiple = _multiply_rated(ratings)
    counts: Metrics = {
        "items": multiple["item"].n_unique(),
        "annotations": multiple.height,
        "annotators": multiple["annotator"].n_unique(),
    }
    if multiple.is_empty():
        return counts
    if kind == "spans":
        return counts | {
            "span_f1_exact": span_f1(multiple, mode="exact"),
            "span_f1_overlap": span_f1(multiple, mode="overlap"),
        }
    if kind == "text":
        return counts | {"normalized_edit_distance": normalized_edit_distance(multiple)}
    return counts | _choice_metrics(multiple, kind)
