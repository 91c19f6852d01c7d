"""Polars expressions for script-independent text features the type checks share.

Why: alignment and copy checks compare two texts by what survives translation (digits, Latin
names, URLs, question marks) and by sizes in units that work for spaced and unspaced scripts.
"""

from __future__ import annotations

import polars as pl

_NUMBER = r"\d+(?:[.,]\d+)*"
_URL = r"https?://\S+|www\.\S+"
_EMAIL = r"[\w.+-]+@[\w-]+\.[\w.]+"
# A Latin-script word of 2+ letters that starts with a capital: names, acronyms, brands.
_LATIN_NAME = r"\b[A-Z][A-Za-z]+"
_FIRST_WORD = r"^\W*\w+"


def normalized(column: str) -> pl.Expr:
    """NFKC-normalised text with unified quotes and folded whitespace (null stays empty)."""
    return (
        pl.col(column)
        .fill_null("")
        .str.normalize("NFKC")
        .str.replace_all(r"[“”„‟«»「」『』]", '"')
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )


def letter_units(text: pl.Expr) -> pl.Expr:
    """Number of letters and digits: a size that works for Chinese, Thai and spaced scripts."""
    return text.str.count_matches(r"[\p{L}\p{N}]").cast(pl.Float64)


def numbers(text: pl.Expr) -> pl.Expr:
    """Distinct numbers with thousands separators removed ("4,000" and "4000" agree)."""
    return (
        text.str.extract_all(_NUMBER)
        .list.eval(pl.element().str.replace_all(r",(\d{3})", "$1").str.strip_chars_end(".,"))
        .list.unique()
    )


def links(text: pl.Expr) -> pl.Expr:
    """Distinct URLs and e-mail addresses, lower-cased."""
    urls = text.str.extract_all(_URL)
    emails = text.str.extract_all(_EMAIL)
    return urls.list.concat(emails).list.eval(pl.element().str.to_lowercase()).list.unique()


def latin_names(text: pl.Expr) -> pl.Expr:
    """Distinct capitalised Latin words, sentence-initial word excluded, lower-cased."""
    body = text.str.replace(_FIRST_WORD, "")
    return (
        body.str.extract_all(_LATIN_NAME).list.eval(pl.element().str.to_lowercase()).list.unique()
    )


def set_disagreement(left: pl.Expr, right: pl.Expr) -> pl.Expr:
    """Items present on one side only (symmetric difference size), 0 when both are empty."""
    return left.list.set_symmetric_difference(right).list.len().cast(pl.Int64)


def set_overlap(left: pl.Expr, right: pl.Expr) -> pl.Expr:
    """Shared items over the smaller side's size; null when either side has none."""
    shared = left.list.set_intersection(right).list.len().cast(pl.Float64)
    smaller = pl.min_horizontal(left.list.len(), right.list.len()).cast(pl.Float64)
    return pl.when(smaller > 0).then(shared / smaller).otherwise(None)


def robust_z(value: pl.Expr, *, over: list[str]) -> pl.Expr:
    """(value - median) / (1.4826 * MAD) within each group; MAD floored to keep it finite."""
    median = value.median().over(over)
    mad = (value - median).abs().median().over(over) * 1.4826
    return (value - median) / pl.max_horizontal(mad, pl.lit(0.05))
