"""Dominant Unicode script of a text, from per-script letter counts shared with language ID.

The script decides which word units apply and is a signal of its own (a Thai declaration with
Latin-script records is worth seeing). ``Zyyy`` (Unicode "Common") marks text without letters.

Counting is the expensive part (one regex scan of a text per script), and language ID needs
the same counts, so :func:`script_counts` computes them once for both: each script is counted
only in the texts with letters left over by the scripts counted before it (Unicode scripts are
disjoint, so a text whose letters are all accounted for has none of them).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

LETTER_PATTERN = r"[\p{L}\p{M}]"
"""Letters and combining marks: Thai, Lao, Khmer and Burmese vowels are marks, not letters."""
KANA_PATTERN = r"[\p{Hiragana}\p{Katakana}]"
"""Hiragana or Katakana characters (counted as ``sc_kana``, letters or not)."""

SCRIPT_PATTERNS: dict[str, str] = {
    "Han": r"\p{Han}",
    "Kana": KANA_PATTERN,
    "Hangul": r"\p{Hangul}",
    "Thai": r"\p{Thai}",
    "Lao": r"\p{Lao}",
    "Khmer": r"\p{Khmer}",
    "Myanmar": r"\p{Myanmar}",
    "Latin": r"\p{Latin}",
    "Cyrillic": r"\p{Cyrillic}",
    "Arabic": r"\p{Arabic}",
    "Devanagari": r"\p{Devanagari}",
    "Tamil": r"\p{Tamil}",
    "Greek": r"\p{Greek}",
    "Hebrew": r"\p{Hebrew}",
    "Bengali": r"\p{Bengali}",
}
"""Script name -> pattern of one character of that script; order breaks ties (first wins)."""

PRIMARY_SCRIPTS: tuple[str, ...] = ("Han", "Hangul", "Thai", "Lao", "Khmer", "Myanmar", "Latin")
"""Scripts counted in every text; the others of SCRIPT_PATTERNS only where letters are left."""

NO_SCRIPT = "Zyyy"


def letters_expr(text: pl.Expr) -> pl.Expr:
    """Letters and marks in each text (Int64): characters minus the non-letters, which are far
    fewer in running text, so the regex engine stops at fewer matches."""
    non_letters = text.str.count_matches(r"[^\p{L}\p{M}]").cast(pl.Int64)
    return text.str.len_chars().cast(pl.Int64) - non_letters


def letter_pattern(script: str) -> str:
    """Pattern of one letter (or combining mark) of a Unicode script, e.g. ``Thai``."""
    return rf"[\p{{{script}}}&&{LETTER_PATTERN}]"


def _count(text: pl.Expr, script: str) -> pl.Expr:
    """Letters of `script` in each text (Int64); ``Kana`` counts kana characters."""
    pattern = KANA_PATTERN if script == "Kana" else letter_pattern(script)
    return text.str.count_matches(pattern).cast(pl.Int64)


def script_counts(texts: pl.Series, *, scripts: Sequence[str] = ()) -> pl.DataFrame:
    """Per text: ``sc_letters``, ``sc_kana`` and ``sc_<Script>`` letter counts (Int64).

    Every script of ``SCRIPT_PATTERNS`` gets a column, plus any of `scripts` (e.g. language ID's
    decisive scripts). Null text counts as empty. Scripts are disjoint, so a script is only
    scanned in the texts whose letters the scripts counted before it leave unaccounted for
    (`SCAN_FIRST` first, as most texts are written in them); the counts are the full scan's.

    >>> script_counts(pl.Series(["สวัสดี ok"]))["sc_Thai"].to_list()
    [6]
    """
    text = pl.col("_t")
    frame = pl.DataFrame({"_t": texts.cast(pl.String).fill_null("")})
    primary = list(dict.fromkeys([*PRIMARY_SCRIPTS, *(s for s in scripts if s != "Kana")]))
    head = frame.select(
        letters_expr(text).alias("sc_letters"), _count(text, "Kana").alias("sc_kana")
    )
    rest = [s for s in SCRIPT_PATTERNS if s != "Kana" and s not in primary]
    order = sorted(primary, key=lambda s: SCAN_FIRST.index(s) if s in SCAN_FIRST else 99)
    left = head.get_column("sc_letters")
    counted: dict[str, pl.Series] = {}
    for script in [*order, *rest]:
        counted[script] = _count_where_left(frame, script, left)
        left = left - counted[script]
    return head.with_columns([counted[s].alias(f"sc_{s}") for s in [*primary, *rest]])


SCAN_FIRST: tuple[str, ...] = ("Latin", "Han", "Thai", "Myanmar", "Khmer", "Lao", "Hangul")
"""The order primary scripts are scanned in (any order gives the same counts)."""


def _count_where_left(frame: pl.DataFrame, script: str, left: pl.Series) -> pl.Series:
    """Letters of `script` per text of `frame`, scanning only texts with letters `left` (0 else)."""
    rows = (left > 0).arg_true()
    zeros = pl.zeros(frame.height, dtype=pl.Int64, eager=True)
    if rows.len() == frame.height:
        return frame.select(_count(pl.col("_t"), script)).to_series()
    if rows.len() == 0:
        return zeros
    found = frame.select(pl.col("_t").gather(rows)).select(_count(pl.col("_t"), script))
    return zeros.scatter(rows, found.to_series())


def dominant_script_expr() -> pl.Expr:
    """Expression over :func:`script_counts` columns: the script with the most letters.

    Ties go to the script listed first in ``SCRIPT_PATTERNS``; ``Zyyy`` when there are none.
    """
    names = list(SCRIPT_PATTERNS)
    counts = pl.concat_list([pl.col("sc_kana" if n == "Kana" else f"sc_{n}") for n in names])
    dominant = counts.list.arg_max().replace_strict(
        list(range(len(names))), names, return_dtype=pl.String
    )
    return pl.when(counts.list.sum() == 0).then(pl.lit(NO_SCRIPT)).otherwise(dominant)


def script_expr(column: str | pl.Expr) -> pl.Expr:
    """Expression: the script with the most letters in the text (``Zyyy`` when none).

    Counts every script in every row; :func:`script_counts` plus :func:`dominant_script_expr`
    give the same answer with fewer scans on a whole table.

    >>> pl.select(script_expr(pl.lit("สวัสดี ok"))).item()
    'Thai'
    """
    expr = pl.col(column) if isinstance(column, str) else column
    counts = pl.concat_list([_count(expr, name) for name in SCRIPT_PATTERNS])
    names = list(SCRIPT_PATTERNS)
    dominant = counts.list.arg_max().replace_strict(
        list(range(len(names))), names, return_dtype=pl.String
    )
    return pl.when(counts.list.sum() == 0).then(pl.lit(NO_SCRIPT)).otherwise(dominant)
