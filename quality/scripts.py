"""Dominant Unicode script of a text, as a vectorised Polars expression.

The script decides which word units apply and is a signal of its own (a Thai declaration with
Latin-script records is worth seeing). ``Zyyy`` (Unicode "Common") marks text without letters.
"""

from __future__ import annotations

import polars as pl

SCRIPT_PATTERNS: dict[str, str] = {
    "Han": r"\p{Han}",
    "Kana": r"[\p{Hiragana}\p{Katakana}]",
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
"""Script name -> pattern of one letter of that script; order breaks ties (first wins)."""

NO_SCRIPT = "Zyyy"


def script_expr(column: str | pl.Expr) -> pl.Expr:
    """Expression: the script with the most letters in the text (``Zyyy`` when none).

    >>> pl.select(script_expr(pl.lit("สวัสดี ok"))).item()
    'Thai'
    """
    expr = pl.col(column) if isinstance(column, str) else column
    counts = pl.concat_list(
        [expr.str.count_matches(p).cast(pl.Int64) for p in SCRIPT_PATTERNS.values()]
    )
    names = pl.Series(list(SCRIPT_PATTERNS), dtype=pl.String)
    index = counts.list.arg_max()
    dominant = index.replace_strict(
        list(range(len(names))), names.to_list(), return_dtype=pl.String
    )
    return pl.when(counts.list.sum() == 0).then(pl.lit(NO_SCRIPT)).otherwise(dominant)
