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
# Phrases that make a whole line boilerplate wherever they stand, and navigation phrases that do
# only at the start of a line ("... Read More" closing a real sentence is not a menu).
_BOILERPLATE = (
    r"(?i)cookie|javascript|privacy policy|terms of (?:use|service)|all rights reserved"
    r"|subscribe to|newsletter|forgot (?:your )?password|(?:\s\|\s[^|]*){3}"
    r"|^(?:copyright|©|read more|click here|posted by|share this|skip to|advertisement$"
    r"|home\s*\||log ?in\s*\||sign in\s*\||register\s*\|)"
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


def text_signal_exprs(text: str, n_units: pl.Expr) -> list[pl.Expr]:
    """Per-row text measures: characters, Gopher symbol ratio, FineWeb newline ratio."""
    symbols = pl.col(text).str.count_matches(r"#|\.\.\.|…")
    return [
        pl.col(text).str.len_chars().cast(pl.Int64).alias("n_chars"),
        _ratio(symbols, n_units).alias("q_symbol_ratio"),
        _ratio(pl.col(text).str.count_matches("\n"), n_units).alias("q_newline_ratio"),
    ]


def markup_signal_expr(raw: str) -> pl.Expr:
    """Share of the submitted (not normalised) text's characters inside tags or entities."""
    raw_text = pl.col(raw).fill_null("")
    markup_chars = raw_text.str.len_chars() - raw_text.str.replace_all(_MARKUP, "").str.len_chars()
    return _ratio(markup_chars, raw_text.str.len_chars()).alias("q_markup_frac")


# Lowercasing maps every other character to exactly one character of the same class in the unit
# pattern, so the units of a lowercased text are the lowercased units (and lowercasing whole
# texts is cheaper than lowercasing each unit). Not for U+0130 (two characters when lowercased)
# nor U+03A3 (final or medial sigma depends on what follows it).
_CASE_CONTEXT = "[\u0130\u03a3]"


def explode_units(texts: pl.Series) -> pl.DataFrame:
    """One row per unit, in order: batch row index, lowercased unit, its hash and length."""
    frame = pl.DataFrame({"_t": texts}).with_row_index(_ROW)
    lower_first = not bool(frame.select(pl.col("_t").str.contains(_CASE_CONTEXT).any()).item())
    source = pl.col("_t").str.to_lowercase() if lower_first else pl.col("_t")
    exploded = frame.select(pl.col(_ROW), source.str.extract_all(UNIT_PATTERN).alias("u"))
    exploded = exploded.explode("u").drop_nulls("u")
    lower = pl.col("u") if lower_first else pl.col("u").str.to_lowercase()
    return exploded.select(
        pl.col(_ROW),
        lower.alias("u"),
        lower.hash(seed=0).alias("h"),
        pl.col("u").str.len_chars().cast(pl.Int64).alias("len"),
        pl.col("u").str.contains(r"\p{L}").alias("alpha"),
    )


# Odd 64-bit multipliers of the polynomial n-gram hash (wrapping arithmetic) and of the row salt.
_GRAM_MULT = 0x9E3779B97F4A7C15
_ROW_MULT = 0xC2B2AE3D27D4EB4F


def _salt() -> pl.Expr:
    """Per-unit salt from its row index, so equal n-grams of different rows never collide."""
    return pl.col(_ROW).cast(pl.UInt64) * pl.lit(_ROW_MULT, dtype=pl.UInt64)


def _gram_exprs(n: int) -> list[pl.Expr]:
    """Per unit position: the row-salted hash of the `n`-gram starting there (`_k<n>`, null when
    it runs past its row), its character length (`_l<n>`) and its unsalted hash (`_g`)."""
    gram = pl.col("h")
    length = pl.col("len")
    for offset in range(1, n):
        gram = gram * pl.lit(_GRAM_MULT, dtype=pl.UInt64) + pl.col("h").shift(-offset)
        length = length + pl.col("len").shift(-offset)
    same_row = pl.col(_ROW).shift(-(n - 1)) == pl.col(_ROW)
    return [
        pl.when(same_row).then(gram + _salt()).alias(f"_k{n}"),
        length.alias(f"_l{n}"),
        gram.alias("_g"),
    ]


def _extend_keys(cand: pl.DataFrame, grams: pl.DataFrame, first: int, last: int) -> pl.DataFrame:
    """Add `_k<n>` and `_l<n>` for n = first+1..last on candidate rows, reading the following
    units' hashes and lengths from the full frame by position (so longer n-grams are only
    hashed where they can repeat); the arithmetic is the one of `_gram_exprs`. `_g` becomes the
    unsalted hash of the `last`-gram, so a later call can go on from `last`."""
    hashes, rows, lengths = grams.get_column("h"), grams.get_column(_ROW), grams.get_column("len")
    size = grams.height
    gram = cand.get_column("_g")
    length = cand.get_column(f"_l{first}")
    pos = cand.get_column("_pos").cast(pl.Int64)
    row = cand.get_column(_ROW)
    salt = cand.select(_salt()).to_series()
    columns: list[pl.Series] = []
    for n in range(first + 1, last + 1):
        index = pos + (n - 1)
        inside = index < size
        clipped = index.clip(upper_bound=size - 1)
        gram = gram * _GRAM_MULT + hashes.gather(clipped)
        length = length + lengths.gather(clipped)
        same = inside & (rows.gather(clipped) == row)
        keys = pl.select(pl.when(same).then(gram + salt)).to_series()
        columns += [keys.alias(f"_k{n}"), length.alias(f"_l{n}")]
    return cand.with_columns(*columns, gram.alias("_g"))


def _top_grams(cand: pl.DataFrame) -> pl.DataFrame:
    """Per row, for n in TOP_NGRAMS: characters held by the most character-heavy repeated n-gram.

    `cand` holds the positions starting a repeated bigram (with `_k<n>`, `_l<n>` for n = 2..5):
    a repeated n-gram starts with a repeated bigram, so only those positions are counted.
    """
    out = pl.DataFrame({_ROW: pl.Series([], dtype=pl.UInt32)})
    for n in TOP_NGRAMS:
        counted = (
            cand.filter(pl.col(f"_k{n}").is_not_null())
            .group_by(f"_k{n}")
            .agg(pl.len().alias("c"), pl.col(_ROW).first(), pl.col(f"_l{n}").first().alias("l"))
            .filter(pl.col("c") > 1)
        )
        best = counted.group_by(_ROW).agg(
            (pl.col("c") * pl.col("l")).max().alias(f"q_top_{n}gram_char_frac")
        )
        out = out.join(best, on=_ROW, how="full", coalesce=True)
    return out


def _covered_chars(starts: pl.DataFrame, prefix: pl.Series, n: int) -> pl.DataFrame:
    """Per row: characters in the union of the n-unit spans beginning at `starts` (sorted).

    Spans all have n units, so each span covers the units up to the next span's start (or its
    own end); `prefix` holds cumulative unit lengths, so a span's characters are a difference.
    """
    next_start = pl.when(pl.col(_ROW).shift(-1) == pl.col(_ROW)).then(pl.col("_pos").shift(-1))
    end = pl.min_horizontal(pl.col("_pos") + n, next_start)
    spans = starts.select(
        pl.col(_ROW), pl.col("_pos").cast(pl.Int64), end.cast(pl.Int64).alias("e")
    )
    chars = prefix.gather(spans["e"]) - prefix.gather(spans["_pos"])
    per_row = spans.select(pl.col(_ROW), chars.alias(f"q_dup_{n}gram_char_frac"))
    return per_row.group_by(_ROW).agg(pl.col(f"q_dup_{n}gram_char_frac").sum())


def _dup_grams(cand: pl.DataFrame, grams: pl.DataFrame) -> pl.DataFrame:
    """Per row, for n in DUP_NGRAMS: characters inside repeated (not first) n-gram occurrences.

    A repeated n-gram (n >= 5) starts with a repeated 5-gram, itself among the repeated-bigram
    positions `cand` (keyed up to 5-grams), so only those are examined and keyed up to
    10-grams; the covered characters come from span arithmetic on those few positions.
    """
    first = min(DUP_NGRAMS)
    key = pl.col(f"_k{first}")
    cand = cand.filter(key.is_not_null() & key.is_duplicated())
    cand = _extend_keys(cand, grams, first, max(DUP_NGRAMS))
    prefix = pl.concat(
        [pl.Series([0], dtype=pl.Int64), grams.get_column("len").cum_sum()], rechunk=True
    )
    out = pl.DataFrame({_ROW: pl.Series([], dtype=pl.UInt32)})
    for n in DUP_NGRAMS:
        key = pl.col(f"_k{n}")
        starts = cand.filter(key.is_not_null() & ~key.is_first_distinct()).select(_ROW, "_pos")
        out = out.join(_covered_chars(starts, prefix, n), on=_ROW, how="full", coalesce=True)
    return out


def unit_signals(units: pl.DataFrame, n_rows: int) -> pl.DataFrame:
    """Unit counts and Gopher n-gram repetition measures from `explode_units`, one row per text.

    ``n_units``; ``q_mean_unit_len``; ``q_alpha_units_frac`` (units with a letter);
    ``q_top_<n>gram_char_frac``: the largest character share held by one repeated n-gram
    (n = 2..4); ``q_dup_<n>gram_char_frac``: share of characters inside repeated, not first,
    occurrences of n-grams (n = 5..10). Shares are of the units' characters.
    """
    grams = units.with_row_index("_pos").with_columns(_gram_exprs(2))
    cand = grams.filter(pl.col("_k2").is_not_null() & pl.col("_k2").is_duplicated())
    cand = _extend_keys(cand, grams, 2, min(DUP_NGRAMS))
    totals = units.group_by(_ROW).agg(
        pl.len().alias("n_units"),
        pl.col("len").sum().alias("_chars"),
        pl.col("alpha").sum().alias("_alpha"),
    )
    index = pl.DataFrame({_ROW: pl.int_range(n_rows, eager=True, dtype=pl.UInt32)})
    joined = (
        index.join(totals, on=_ROW, how="left")
        .join(_top_grams(cand), on=_ROW, how="left")
        .join(_dup_grams(cand, grams), on=_ROW, how="left")
        .sort(_ROW)
    )
    shares = [f"q_top_{n}gram_char_frac" for n in TOP_NGRAMS]
    shares += [f"q_dup_{n}gram_char_frac" for n in DUP_NGRAMS]
    n_units = pl.col("n_units").fill_null(0)
    return joined.select(
        n_units.cast(pl.Int64).alias("n_units"),
        _ratio(pl.col("_chars").fill_null(0), n_units).alias("q_mean_unit_len"),
        _ratio(pl.col("_alpha").fill_null(0), n_units).alias("q_alpha_units_frac"),
        *[_ratio(pl.col(c).fill_null(0), pl.col("_chars")).alias(c) for c in shares],
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
    units: pl.DataFrame, langs: pl.Series, stopwords: Mapping[str, Sequence[str]]
) -> pl.Series:
    """Stop words of each record's language pack per record (null where the pack has none)."""
    table = pl.DataFrame(
        {
            "lang": [lang for lang, words in stopwords.items() for _ in words],
            "u": [w.lower() for words in stopwords.values() for w in words],
        },
        schema={"lang": pl.String, "u": pl.String},
    ).unique()
    row_lang = pl.DataFrame({"lang": langs.cast(pl.String)}).with_row_index(_ROW)
    # Only units that are a stop word of some language can count; the rest skip the joins.
    words = table.get_column("u").unique().implode()
    hits = units.select(_ROW, "u").filter(pl.col("u").is_in(words))
    hits = hits.join(row_lang, on=_ROW).join(table, on=["lang", "u"], how="semi")
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
    Rows are measured `CHUNK_ROWS` at a time: every signal depends on its row alone, and the
    exploded units of a small chunk stay in the CPU caches (~10% less CPU than a whole batch).
    """
    if df.height <= CHUNK_ROWS:
        return _heuristic_signals(df, text=text, raw=raw, lang=lang, stopwords=stopwords)
    parts = [
        _heuristic_signals(
            df.slice(start, CHUNK_ROWS), text=text, raw=raw, lang=lang, stopwords=stopwords
        )
        for start in range(0, df.height, CHUNK_ROWS)
    ]
    return pl.concat(parts, how="vertical")


CHUNK_ROWS = 1_000
"""Rows `add_heuristic_signals` measures at once."""


def _heuristic_signals(
    df: pl.DataFrame,
    *,
    text: str,
    raw: str,
    lang: str,
    stopwords: Mapping[str, Sequence[str]] | None,
) -> pl.DataFrame:
    """`add_heuristic_signals` on one chunk of rows."""
    texts = df.get_column(text).fill_null("")
    units = explode_units(texts)
    per_unit = unit_signals(units, df.height)
    out = df.with_columns(pl.col(text).fill_null("").alias("_qtext"), *per_unit.get_columns())
    out = out.with_columns(
        *text_signal_exprs("_qtext", pl.col("n_units")),
        *line_signal_exprs("_qtext"),
        markup_signal_expr(raw),
    ).drop("_qtext")
    langs = df.get_column(lang) if lang in df.columns else pl.Series([None] * df.height)
    repetition = pl.concat(
        [_duplicate_pieces(texts, "\n", "line"), _duplicate_pieces(texts, "\n\n", "para")],
        how="horizontal",
    )
    out = out.with_columns(repetition.get_columns())
    return out.with_columns(stopword_counts(units, langs, stopwords or {}))
