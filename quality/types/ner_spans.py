"""NER spans that cannot be read against their text: the first such entity of each record.

A span outside its text (negative start, end past the last character, start not before end,
a missing offset) makes the record unusable for training and breaks every later step that
slices the text, so ingest quarantines the record with the field and the offsets, instead of
the whole run failing at the type gate.
"""

from __future__ import annotations

import polars as pl


def span_problems(text: pl.Series, entities: pl.Series) -> pl.Series:
    """One String per record: what is wrong with its first broken span, null when none is.

    >>> ents = pl.Series([[{"start": 0, "end": 4, "label": "PER"}],
    ...                   [{"start": 3, "end": 9, "label": "LOC"}]])
    >>> span_problems(pl.Series(["Budi", "Bali"]), ents).to_list()
    [None, 'entity 1 (LOC): start 3, end 9 is not a span of a text of 4 characters']
    """
    frame = pl.DataFrame({"_text": text, "_entities": entities}).with_row_index("_row")
    spans = (
        frame.explode("_entities")
        .filter(pl.col("_entities").is_not_null())
        .with_columns(_n=pl.int_range(pl.len()).over("_row") + 1)
        .unnest("_entities")
    )
    start, end = pl.col("start"), pl.col("end")
    length = pl.col("_text").str.len_chars()
    broken = (
        start.is_null() | end.is_null() | (start < 0) | (end > length) | (start >= end)
    ).fill_null(True)
    detail = pl.format(
        "entity {} ({}): start {}, end {} is not a span of a text of {} characters",
        pl.col("_n"),
        pl.col("label").fill_null("?"),
        start.cast(pl.String).fill_null("missing"),
        end.cast(pl.String).fill_null("missing"),
        length,
    )
    first = spans.filter(broken).group_by("_row").agg(detail.first().alias("_problem"))
    joined = frame.select("_row").join(first, on="_row", how="left", maintain_order="left")
    return joined["_problem"].alias("span_problem")
