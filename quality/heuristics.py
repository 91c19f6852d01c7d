"""Heuristic quality signals (Gopher quality and repetition, C4 and FineWeb line measures).

Every count uses the script-aware word units of :mod:`quality.units`, so Thai, Khmer, Lao,
Burmese and CJK documents are measured in units that mean something for them. Signals are only
measured here; keeping or dropping is :mod:`quality.filters`' job (tag, then filter).

Line and unit measures are per-row Polars list expressions; repetition measures explode the
units (or lines) of the whole batch once and aggregate by row, so there is no Python loop per
record. Every signal is Float64 and never null for a present text (0.0 on empty text), except
``q_stopwords``, which is null for languages whose pack has no stop-word list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from quality.units import UNIT_PATTERN

_ROW = "_row"
TOP_NGRAMS: tuple[int, ...] = (2, 3, 4)
DUP_NGRAMS: tuple[int, ...] = (5, 6, 7, 8, 9, 10)
SHORT_LINE_CHARS = 30
_TERMINAL = r"[.!?…。！？｡\"'”’»」』)）\]】។៕။၊।॥؟]$"
_BULLET = r"^[•\-\*·‣▪●◦–—►✓]"
_ELLIPSIS = r"(?:\.\.\.|…)$"
_BOILERPLATE = (
    r"(?i)cookie|javascript|privacy policy|terms of (?:use|service)|all rights reserved"
    r"|copyright ©|© ?\d{4}|subscribe to|newsletter|share this|forgot (?:your )?password"
    r"|skip to (?:main )?content|read more|click here|posted by|^advertisement$"
    r"|^(?:home|login|log in|sign in)\s*\||(?:\s\|\s[^|]*){3}"
    r"|版权所有|隐私政策|点击这里|阅读全文|免责声明"
)
_MARKUP = r"<[A-Za-z/!][^<>]{0,2000}>|&[A-Za-z]{2,8};|&#\d{1,7};"


def _ratio(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    """num / den as Float64, 0.0 where the denominator is zero or null."""
    den_f = den.cast(pl.Float64)
    return pl.when(den_f > 0).then(num.cast(pl.Float64) / den_f).otherwise(0.0)


def _line_share(lines: pl.Expr, n_lines: pl.Expr, pattern: str) -> pl.Expr:
    """Share of lines matching `pattern`."""
    return _ratio(lines.list.eval(pl.element().str.contains(pattern)).list.sum(), n_lines)


def line_signal_exprs(text: str) -> list[pl.Expr]:
    """Per-row line measures on the normalised text (FineWeb, Gopher line rules, C4 boilerplate)."""
    lines = pl.col(text).str.split("\n").list.eval(pl.element().filter(pl.element() != ""))
    n_lines = lines.list.len()
    short = lines.list.eval(pl.element().str.len_chars() <= SHORT_LINE_CHARS).list.sum()
    return [
        _line_share(lines, n_lines, _BULLET).alias("q_bullet_lines_frac"),
        _line_share(lines, n_lines, _ELLIPSIS).alias("q_ellipsis_lines_frac"),
        _line_share(lines, n_lines, _TERMINAL).alias("q_line_punct_frac"),
        _ratio(short, n_lines).alias("q_short_line_frac"),
        lines.list.eval(pl.element().str.contains(_BOILERPLATE))
        .list.sum()
        .cast(pl.Float64)
        .alias("q_boilerplate_lines"),
        pl.col(text).str.contains("(?i)lorem ipsum").cast(pl.Float64).alias("q_lorem_ipsum"),
    ]


def unit_signal_exprs(text: str) -> list[pl.Expr]:
    """Per-row unit measures: counts, mean unit length, letters share, symbols, newlines."""
    units = pl.col(text).str.extract_all(UNIT_PATTERN)
    n_units = units.list.len()
    unit_chars = units.list.eval(pl.element().str.len_chars()).list.sum()
    alpha = units.list.eval(pl.element().str.contains(r"\p{L}")).list.sum()
    symbols = pl.col(text).str.count_matches(r"#|\.\.\.|…")
    return [
        pl.col(text).str.len_chars().cast(pl.Int64).alias("n_chars"),
        n_units.cast(pl.Int64).alias("n_units"),
        _ratio(unit_chars, n_units).alias("q_mean_unit_len"),
        _ratio(alpha, n_units).alias("q_alpha_units_frac"),
        _ratio(symbols, n_units).alias("q_symbol_ratio"),
        _ratio(pl.col(text).str.count_matches("\n"), n_units).alias("q_newline_ratio"),
    ]


def markup_signal_expr(raw: str) -> pl.Expr:
    """Share of the submitted (not normalised) text's characters inside tags or entities."""
    raw_text = pl.col(raw).fill_null("")
    markup_chars = raw_text.str.len_chars() - raw_text.str.replace_all(_MARKUP, "").str.len_chars()
    return _ratio(markup_chars, raw_text.str.len_chars()).alias("q_markup_frac")


def _explode_units(texts: pl.Series) -> pl.DataFrame:
    """One row per unit: batch row index, unit hash, unit length (units kept in order)."""
    frame = pl.DataFrame({"_t": texts}).with_row_index(_ROW)
    exploded = frame.select(pl.col(_ROW), pl.col("_t").str.extract_all(UNIT_PATTERN).alias("u"))
    exploded = exploded.explode("u").drop_nulls("u")
    return exploded.select(
        pl.col(_ROW),
        pl.col("u").str.to_lowercase().alias("u"),
        pl.col("u").hash(seed=0).alias("h"),
        pl.col("u").str.len_chars().cast(pl.Int64).alias("len"),
    )


def _gram_columns(units: pl.DataFrame, n: int) -> pl.DataFrame:
    """Hash, character length and validity (all units in one row) of the n-gram at each unit."""
    valid = pl.col(_ROW).shift(-(n - 1)) == pl.col(_ROW)
    gram = pl.struct([pl.col("h").shift(-i).alias(f"h{i}") for i in range(n)]).hash(seed=0)
    chars = pl.sum_horizontal([pl.col("len").shift(-i) for i in range(n)])
    return units.select(
        pl.col(_ROW),
        pl.col("len"),
        gram.alias("g"),
        chars.alias("glen"),
        valid.fill_null(False).alias("valid"),
    )


def _top_ngram_share(grams: pl.DataFrame, n: int) -> pl.DataFrame:
    """Per row: the largest character total held by one n-gram occurring more than once."""
    counted = (
        grams.filter(pl.col("valid"))
        .group_by(_ROW, "g")
        .agg(pl.len().alias("c"), pl.col("glen").first())
        .filter(pl.col("c") > 1)
    )
    return counted.group_by(_ROW).agg(
        (pl.col("c") * pl.col("glen")).max().cast(pl.Float64).alias(f"q_top_{n}gram_char_frac")
    )


def _dup_ngram_share(grams: pl.DataFrame, n: int) -> pl.DataFrame:
    """Per row: characters of units covered by a repeated (not first) occurrence of an n-gram."""
    repeat = pl.col("valid") & ~pl.struct(_ROW, "g").is_first_distinct()
    starts = grams.select(pl.col(_ROW), pl.col("len"), repeat.alias("r"))
    covered = pl.any_horizontal(
        [
            (pl.col("r").shift(k) & (pl.col(_ROW).shift(k) == pl.col(_ROW))).fill_null(False)
            for k in range(n)
        ]
    )
    starts = starts.with_columns(covered.alias("cov"))
    return starts.group_by(_ROW).agg(
        pl.col("len").filter(pl.col("cov")).sum().cast(pl.Float64).alias(f"q_dup_{n}gram_char_frac")
    )


def ngram_signals(texts: pl.Series) -> pl.DataFrame:
    """Gopher n-gram repetition measures, one row per text, shares of the units' characters."""
    units = _explode_units(texts)
    totals = units.group_by(_ROW).agg(pl.col("len").sum().alias("_chars"))
    out = pl.DataFrame({_ROW: pl.int_range(texts.len(), eager=True, dtype=pl.UInt32)})
    out = out.join(totals, on=_ROW, how="left")
    for n in sorted({*TOP_NGRAMS, *DUP_NGRAMS}):
        grams = _gram_columns(units, n)
        part = _top_ngram_share(grams, n) if n in TOP_NGRAMS else _dup_ngram_share(grams, n)
        out = out.join(part, on=_ROW, how="left")
    shares = [c for c in out.columns if c.startswith("q_")]
    return out.sort(_ROW).select(
        [_ratio(pl.col(c).fill_null(0.0), pl.col("_chars")).alias(c) for c in shares]
    )


def _duplicate_pieces(texts: pl.Series, separator: str, name: str) -> pl.DataFrame:
    """Gopher duplicate lines/paragraphs: shares of pieces and characters repeating earlier ones."""
    frame = pl.DataFrame({"_t": texts}).with_row_index(_ROW)
    total = frame.select(pl.col(_ROW), pl.col("_t").str.len_chars().alias("_chars"))
    pieces = frame.select(pl.col(_ROW), pl.col("_t").str.split(separator).alias("p"))
    pieces = pieces.explode("p").with_columns(pl.col("p").str.strip_chars())
    pieces = pieces.filter(pl.col("p").is_not_null() & (pl.col("p") != ""))
    pieces = pieces.with_columns((~pl.struct(_ROW, "p").is_first_distinct()).alias("dup"))
    agg = pieces.group_by(_ROW).agg(
        pl.len().alias("n"),
        pl.col("dup").sum().alias("d"),
        pl.col("p").filter(pl.col("dup")).str.len_chars().sum().alias("dc"),
    )
    joined = total.join(agg, on=_ROW, how="left").sort(_ROW)
    return joined.select(
        _ratio(pl.col("d").fill_null(0), pl.col("n")).alias(f"q_dup_{name}_frac"),
        _ratio(pl.col("dc").fill_null(0), pl.col("_chars")).alias(f"q_dup_{name}_char_frac"),
    )


def stopword_counts(
    texts: pl.Series, langs: pl.Series, stopwords: Mapping[str, Sequence[str]]
) -> pl.Series:
    """Stop words of each record's language pack per record (null where the pack has none)."""
    table = pl.DataFrame(
        {
            "lang": [lang for lang, words in stopwords.items() for _ in words],
            "u": [w.lower() for words in stopwords.values() for w in words],
        },
        schema={"lang": pl.String, "u": pl.String},
    ).unique()
    units = _explode_units(texts).select(_ROW, "u")
    row_lang = pl.DataFrame({"lang": langs.cast(pl.String)}).with_row_index(_ROW)
    hits = units.join(row_lang, on=_ROW).join(table, on=["lang", "u"], how="semi")
    counts = hits.group_by(_ROW).len()
    has_list = pl.col("lang").is_in(sorted(stopwords))
    joined = row_lang.join(counts, on=_ROW, how="left").sort(_ROW)
    value = pl.when(has_list).then(pl.col("len").fill_null(0).cast(pl.Float64))
    return joined.select(value.alias("q_stopwords")).to_series()


def add_heuristic_signals(
    df: pl.DataFrame,
    *,
    text: str = "content_norm",
    raw: str = "content",
    lang: str = "lang",
    stopwords: Mapping[str, Sequence[str]] | None = None,
) -> pl.DataFrame:
    """Add n_chars, n_units and every ``q_*`` heuristic signal; rows and order unchanged.

    `text` is the normalised text, `raw` the submitted one (for the markup share), `lang` the
    detected language column used to pick stop-word lists from `stopwords` (language -> words).
    """
    texts = df.get_column(text).fill_null("")
    out = df.with_columns(pl.col(text).fill_null("").alias("_qtext"))
    out = out.with_columns(
        *unit_signal_exprs("_qtext"),
        *line_signal_exprs("_qtext"),
        markup_signal_expr(raw),
    ).drop("_qtext")
    langs = df.get_column(lang) if lang in df.columns else pl.Series([None] * df.height)
    repetition = pl.concat(
        [
            _duplicate_pieces(texts, "\n", "line"),
            _duplicate_pieces(texts, "\n\n", "para"),
            ngram_signals(texts),
        ],
        how="horizontal",
    )
    out = out.with_columns(repetition.get_columns())
    return out.with_columns(stopword_counts(texts, langs, stopwords or {}))
