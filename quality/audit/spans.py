"""Span F1 for NER annotations: exact (same start, end, label) or overlap (same label, any overlap).

Values are span lists, either List(Struct{start, end, label}) or their JSON text as pulled from
Label Studio. Without a reference the score is the pairwise agreement between annotators.
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from quality.audit.pairs import answer_pairs, with_reference

SPAN_DTYPE = pl.List(pl.Struct({"start": pl.Int64, "end": pl.Int64, "label": pl.Utf8}))
Mode = Literal["exact", "overlap"]


def _decoded(table: pl.DataFrame) -> pl.DataFrame:
    """Span values as List(Struct); JSON text is decoded."""
    if table.schema["value"] == pl.Utf8:
        return table.with_columns(pl.col("value").str.json_decode(SPAN_DTYPE))
    return table.with_columns(pl.col("value").cast(SPAN_DTYPE))


def _spans(table: pl.DataFrame) -> pl.DataFrame:
    """One row per span: item, annotator, span_id, start, end, label."""
    return (
        table.explode("value")
        .drop_nulls("value")
        .unnest("value")
        .with_row_index("span_id")
        .select("item", "annotator", "span_id", "start", "end", "label")
    )


def _match(mode: Mode) -> pl.Expr:
    """Whether a left span matches a right span of the same label."""
    if mode == "exact":
        return (pl.col("start") == pl.col("start_r")) & (pl.col("end") == pl.col("end_r"))
    if mode == "overlap":
        return (pl.col("start") < pl.col("end_r")) & (pl.col("start_r") < pl.col("end"))
    msg = f"mode must be 'exact' or 'overlap', got {mode!r}"
    raise ValueError(msg)


def _matched_share(spans: pl.DataFrame, pairs: pl.DataFrame, mode: Mode) -> tuple[int, int]:
    """(matched, total) left spans over all pairs: a left span matches any right span."""
    left = spans.join(pairs, left_on=["item", "annotator"], right_on=["item", "left"])
    right = spans.select(
        "item", annotator_r="annotator", start_r="start", end_r="end", label="label"
    )
    hits = (
        left.join(
            right, left_on=["item", "right", "label"], right_on=["item", "annotator_r", "label"]
        )
        .filter(_match(mode))
        .select("span_id", "right")
        .unique()
    )
    return hits.height, left.height


def span_f1(
    table: pl.DataFrame, *, reference: pl.DataFrame | None = None, mode: Mode = "exact"
) -> float | None:
    """Micro span F1 between annotator pairs, or of annotations against ``reference``.

    Precision is the share of the left side's spans matched on the right, recall the reverse;
    None when neither side marked any span.
    """
    answers = _decoded(with_reference(table, reference))
    pairs = answer_pairs(answers, use_reference=reference is not None)
    spans = _spans(answers)
    swapped = pairs.select("item", left="right", right="left")
    matched_left, total_left = _matched_share(spans, pairs, mode)
    matched_right, total_right = _matched_share(spans, swapped, mode)
    if total_left + total_right == 0:
        return None
    precision = matched_left / total_left if total_left else 0.0
    recall = matched_right / total_right if total_right else 0.0
    if precision + recall == 0.0:
        return 0.0
    return 2.0 * precision * recall / (precision + recall)
