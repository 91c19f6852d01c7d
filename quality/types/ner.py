"""NER checks: character spans in range and on word boundaries, overlaps, BIO/BIOES, labels.

Spans are exploded into one row per entity so every check is a Polars expression; the results
are aggregated back onto the record by its row index, keeping the record order.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from quality.types import text_features as tf
from quality.types.issues import first_issue

_WORD_CHAR = r"^[\p{Latin}\p{N}]{2}$"


def check_ner(
    df: pl.DataFrame, *, label_set: Sequence[str] | None = None, ner_scheme: str | None = None
) -> pl.DataFrame:
    """Add `t_` signals for NER records and `t_issue` (first issue code, null = none)."""
    work = df.with_row_index("_row")
    for column, dtype in (("tokens", pl.List(pl.Utf8)), ("tags", pl.List(pl.Utf8))):
        if column not in work.columns:
            work = work.with_columns(pl.lit(None, dtype=dtype).alias(column))
    spans = _span_table(work, label_set=label_set)
    tags = _tag_table(work, label_set=label_set, ner_scheme=ner_scheme)
    work = work.join(spans, on="_row", how="left").join(tags, on="_row", how="left")
    counts = [
        "t_span_errors",
        "t_boundary_errors",
        "t_span_overlaps",
        "t_label_unknown",
        "t_tag_errors",
    ]
    work = work.with_columns(pl.col(c).fill_null(0) for c in counts).with_columns(
        t_entity_count=pl.col("entities").list.len().fill_null(0),
        t_entity_density=pl.col("entities").list.len().fill_null(0)
        / pl.max_horizontal(_word_count(), pl.lit(1)),
    )
    work = work.with_columns(t_token_offsets=_token_offsets()).with_columns(t_issue=_issue_expr())
    return work.drop([c for c in work.columns if c.startswith("_")])


def _word_count() -> pl.Expr:
    """Tokens when given (CoNLL), else whitespace words of the text."""
    words = tf.normalized("text").str.split(" ").list.len()
    return pl.coalesce(pl.col("tokens").list.len(), words).cast(pl.Float64)


def _span_table(work: pl.DataFrame, *, label_set: Sequence[str] | None) -> pl.DataFrame:
    exploded = (
        work.select("_row", "text", "entities")
        .explode("entities")
        .filter(pl.col("entities").is_not_null())
        .unnest("entities")
        .with_columns(_n=pl.col("text").str.len_chars())
    )
    start, end, n = pl.col("start"), pl.col("end"), pl.col("_n")
    broken = start.is_null() | end.is_null() | (start < 0) | (end > n) | (start >= end)
    valid = ~broken.fill_null(True)
    before = pl.col("text").str.slice((start - 1).clip(lower_bound=0), 2)
    after = pl.col("text").str.slice((end - 1).clip(lower_bound=0), 2)
    cut_word = valid & (
        ((start > 0) & before.str.contains(_WORD_CHAR))
        | ((end < n) & after.str.contains(_WORD_CHAR))
    )
    unknown = pl.lit(False) if not label_set else ~pl.col("label").is_in(list(label_set))
    overlap = valid & (start < end.cum_max().shift(1).over("_row"))
    return (
        exploded.sort("_row", "start", nulls_last=True)
        .with_columns(_broken=broken.fill_null(True), _cut=cut_word, _unk=unknown.fill_null(True))
        .with_columns(_overlap=overlap.fill_null(False))
        .group_by("_row")
        .agg(
            t_span_errors=pl.col("_broken").sum(),
            t_boundary_errors=pl.col("_cut").sum(),
            t_span_overlaps=pl.col("_overlap").sum(),
            t_label_unknown=pl.col("_unk").sum(),
            _max_end=pl.col("end").max(),
        )
    )


def _tag_table(
    work: pl.DataFrame, *, label_set: Sequence[str] | None, ner_scheme: str | None
) -> pl.DataFrame:
    scheme = (ner_scheme or "bio").lower()
    tags = work.select("_row", "tags").explode("tags").filter(pl.col("tags").is_not_null())
    tags = tags.with_columns(
        _p=pl.col("tags").str.slice(0, 1).str.to_uppercase(),
        _t=pl.col("tags").str.slice(2),
    ).with_columns(
        _pp=pl.col("_p").shift(1).over("_row"),
        _pt=pl.col("_t").shift(1).over("_row"),
        _np=pl.col("_p").shift(-1).over("_row"),
        _nt=pl.col("_t").shift(-1).over("_row"),
    )
    bad = _bioes_errors() if scheme == "bioes" else _bio_errors()
    if label_set:
        bad = bad | ((pl.col("_p") != "O") & ~pl.col("_t").is_in(list(label_set)))
    return tags.group_by("_row").agg(t_tag_errors=bad.fill_null(False).sum().cast(pl.Int64))


def _continues() -> pl.Expr:
    return pl.col("_pp").is_in(["B", "I"]) & (pl.col("_pt") == pl.col("_t"))


def _bio_errors() -> pl.Expr:
    known = pl.col("_p").is_in(["B", "I", "O"])
    orphan_inside = (pl.col("_p") == "I") & ~_continues().fill_null(False)
    return ~known | orphan_inside


def _bioes_errors() -> pl.Expr:
    known = pl.col("_p").is_in(["B", "I", "O", "E", "S"])
    needs_prev = pl.col("_p").is_in(["I", "E"]) & ~_continues().fill_null(False)
    next_ok = pl.col("_np").is_in(["I", "E"]) & (pl.col("_nt") == pl.col("_t"))
    needs_next = pl.col("_p").is_in(["B", "I"]) & ~next_ok.fill_null(False)
    return ~known | needs_prev | needs_next


def _token_offsets() -> pl.Expr:
    """Spans that fail as characters but fit as token indices: token offsets declared as chars."""
    failing = (pl.col("t_span_errors") + pl.col("t_boundary_errors")) > 0
    fits_tokens = pl.col("_max_end") <= _word_count()
    return (failing & fits_tokens).fill_null(False)


def _issue_expr() -> pl.Expr:
    return first_issue(
        [
            (pl.col("t_token_offsets"), "ner_token_offsets"),
            (pl.col("t_span_errors") > 0, "ner_span_out_of_range"),
            (pl.col("t_boundary_errors") > 0, "ner_span_boundary"),
            (pl.col("t_span_overlaps") > 0, "ner_span_overlap"),
            (pl.col("t_label_unknown") > 0, "ner_label_unknown"),
            (pl.col("t_tag_errors") > 0, "ner_tag_sequence"),
        ]
    )
