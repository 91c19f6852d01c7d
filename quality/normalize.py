"""Script-aware normalisation: mojibake repair, Zawgyi, markup, invisible characters, spaces, NFC.

What is deliberately *not* done, because the usual pipelines damage our languages there: no
removal of combining marks (Thai, Lao, Khmer and Burmese vowels and tone marks, Vietnamese
diacritics), no NFKC and no full-width folding (CJK full-width punctuation and the ideographic
space U+3000 stay as written), no lowercasing. The original text is never overwritten: callers
keep it beside the normalised column. The Southeast Asian script rules (U+200B as a word
separator, Zawgyi Burmese, decomposed Thai SARA AM) are in ``quality.normalize_scripts``.
"""

from __future__ import annotations

import ftfy
import polars as pl

from quality.normalize_scripts import convert_zawgyi, sara_am_expr, zwsp_expr

_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=True,
    fix_encoding=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)

# UTF-8 read as Latin-1 / cp1252 leaves a lead byte letter followed by a continuation-byte symbol.
_MOJIBAKE_HINT = (
    "[\u00c2-\u00f0][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6"
    "\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_SCRIPT_STYLE = r"(?is)<script\b[^>]*>.*?</script\s*>|<style\b[^>]*>.*?</style\s*>|<!--.*?-->"
_BLOCK_TAG = (
    r"(?i)</?(?:p|div|br|li|ul|ol|tr|td|th|table|h[1-6]|section|article|header|footer|nav"
    r"|blockquote|pre|title|body|head|html)\b[^<>]{0,2000}>"
)
_ANY_TAG = r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]{0,2000})?/?>|<![A-Za-z][^<>]{0,2000}>"
_ENTITIES = {
    "&nbsp;": " ",
    "&lt;": "<",
    "&gt;": ">",
    "&quot;": '"',
    "&#39;": "'",
    "&apos;": "'",
    "&amp;": "&",
}
_LINE_BREAKS = "\r\n|[\r\u0085\u2028\u2029\u000b\u000c]"
# U+200B is not here: `zwsp_expr` keeps it where it separates words (Khmer, Burmese, Lao, Thai).
_INVISIBLE = (
    "[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u00ad\u200e\u200f\u2060\ufeff"
    "\u202a-\u202e\u2066-\u2069]"
)
# Horizontal spaces folded to one ASCII space; U+3000 (ideographic space) is CJK and kept.
# A lone ASCII space (most matches of the plain class) is left alone: only runs of two or more,
# or runs holding another space character, are rewritten.
_SPACE_CLASS = "[\t \u00a0\u1680\u2000-\u200a\u202f\u205f]"
_SPACES = f"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f]{_SPACE_CLASS}*| {_SPACE_CLASS}+"


def scrub_surrogates(text: str) -> str:
    """Rejoin valid surrogate pairs and turn lone surrogates into U+FFFD, so the text is UTF-8.

    Python strings decoded with ``surrogateescape`` or from JSON ``\\ud800`` escapes may hold
    lone surrogates that neither Arrow nor Polars can store.
    """
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def repair_mojibake(texts: pl.Series) -> pl.Series:
    """Run ftfy's encoding repair on the texts that look like mojibake; others pass unchanged.

    ftfy is a Python call per text, so it only sees the few rows the vectorised hint selects.
    """
    suspect = texts.str.contains(_MOJIBAKE_HINT).fill_null(False)
    if not bool(suspect.any()):
        return texts
    fixed = [
        ftfy.fix_text(text, _FTFY_CONFIG) if (flag and text is not None) else text
        for text, flag in zip(texts.to_list(), suspect.to_list(), strict=True)
    ]
    return pl.Series(texts.name, fixed, dtype=pl.String)


def strip_markup_expr(expr: pl.Expr) -> pl.Expr:
    """Remove script/style blocks, comments and tags (block tags become line breaks)."""
    return (
        expr.str.replace_all(_SCRIPT_STYLE, "")
        .str.replace_all(_BLOCK_TAG, "\n")
        .str.replace_all(_ANY_TAG, "")
        .str.replace_many(list(_ENTITIES), list(_ENTITIES.values()))
    )


def clean_whitespace_expr(expr: pl.Expr) -> pl.Expr:
    """Unify line breaks, drop invisible characters, fold spaces, trim lines and blank runs."""
    return (
        expr.str.replace_all(_LINE_BREAKS, "\n")
        .str.replace_all(_INVISIBLE, "")
        .pipe(zwsp_expr)
        .str.replace_all(_SPACES, " ")
        .str.replace_all(r"(?m)^ +| +$", "")
        .str.replace_all(r"\n{3,}", "\n\n")
        .str.strip_chars("\n ")
    )


def normalize_expr(column: str | pl.Expr) -> pl.Expr:
    """The vectorised part of normalisation (everything except mojibake repair), then NFC."""
    expr = pl.col(column) if isinstance(column, str) else column
    return sara_am_expr(clean_whitespace_expr(strip_markup_expr(expr)).str.normalize("NFC"))


def normalize_texts(texts: pl.Series) -> pl.Series:
    """Normalise a Utf8 Series: mojibake and Zawgyi repair, markup, invisibles, spaces, NFC.

    Nulls become empty strings so every record gets signals.
    """
    return normalize_with_flags(texts)[0]


def normalize_with_flags(texts: pl.Series) -> tuple[pl.Series, pl.Series]:
    """`normalize_texts` plus a Boolean Series ``zawgyi_converted`` (the report counts them)."""
    repaired, zawgyi = convert_zawgyi(repair_mojibake(texts.fill_null("")))
    normalised = pl.select(normalize_expr(pl.lit(repaired))).to_series().alias(texts.name)
    return normalised, zawgyi


def normalize_text(text: str) -> str:
    """Normalise one text (lone surrogates replaced first).

    >>> normalize_text("<p>Caf\\u00c3\\u00a9  ok</p>\\u200b")
    'Café ok'
    """
    series = pl.Series("text", [scrub_surrogates(text)], dtype=pl.String)
    result: str = normalize_texts(series)[0]
    return result
