"""Script-specific normalisation for Southeast Asian scripts: word-separating U+200B, Zawgyi
Burmese, decomposed Thai / Lao AM.

- U+200B (zero-width space) is the word separator of Khmer, Burmese, Lao and Thai text: word
  segmenters and annotators rely on it, so it is kept between two letters of those scripts and
  removed everywhere else (where it is an invisible copy-paste artefact).
- Zawgyi is a font encoding of Burmese that reuses Unicode code points with other meanings; it is
  still common in Myanmar web text. ``myanmartools`` (Google's detector) gives the probability a
  text is Zawgyi; texts above `ZAWGYI_MIN_PROBABILITY` are converted to Unicode with
  ``python-myanmar``'s converter.
- Thai SARA AM (U+0E33) typed as NIKHAHIT + SARA AA (U+0E4D U+0E32), possibly with the tone mark
  between them, is not unified by NFC (the composition is compatibility-only); it is rewritten to
  the precomposed letter with the tone mark before it, as Thai orthography orders them. Lao AM
  (U+0EB3 from U+0ECD U+0EB2) is the same case.
"""

from __future__ import annotations

import warnings
from functools import cache

import polars as pl

ZAWGYI_MIN_PROBABILITY = 0.95
"""Detector probability above which a Burmese text is taken to be Zawgyi and converted."""

_ZWSP_SCRIPTS = r"\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}"
_ZWSP = "\u200b"
# Two passes leave only the U+200B runs with a word-separating script letter on both sides.
_ZWSP_AFTER_OTHER = f"(^|[^{_ZWSP_SCRIPTS}{_ZWSP}]){_ZWSP}+"
_ZWSP_BEFORE_OTHER = f"{_ZWSP}+([^{_ZWSP_SCRIPTS}{_ZWSP}]|$)"
_THAI_TONE = "[\u0e48-\u0e4b]"
_LAO_TONE = "[\u0ec8-\u0ecb]"
_MYANMAR = r"\p{Myanmar}"


def zwsp_expr(expr: pl.Expr) -> pl.Expr:
    """Keep U+200B (one per run) between Thai/Lao/Khmer/Burmese letters; drop it elsewhere.

    >>> pl.select(zwsp_expr(pl.lit("ក\\u200bខ a\\u200bb"))).item() == "ក\\u200bខ ab"
    True
    """
    return (
        expr.str.replace_all(_ZWSP_AFTER_OTHER, "${1}")
        .str.replace_all(_ZWSP_BEFORE_OTHER, "${1}")
        .str.replace_all(f"{_ZWSP}{{2,}}", _ZWSP)
    )


def sara_am_expr(expr: pl.Expr) -> pl.Expr:
    """Decomposed Thai SARA AM and Lao AM (with an optional tone mark inside) to one letter.

    >>> pl.select(sara_am_expr(pl.lit("\\u0e19\\u0e4d\\u0e49\\u0e32"))).item() == "น้ำ"
    True
    """
    return expr.str.replace_all(f"\u0e4d({_THAI_TONE}?)\u0e32", "${1}\u0e33").str.replace_all(
        f"\u0ecd({_LAO_TONE}?)\u0eb2", "${1}\u0eb3"
    )


@cache
def _zawgyi_detector() -> object:
    from myanmartools import ZawgyiDetector

    # myanmartools 1.2.1 loads its model with importlib.resources.open_binary (deprecated).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return ZawgyiDetector()


def zawgyi_probability(text: str) -> float:
    """The detector's probability that `text` is Zawgyi (0.0 for text without Burmese letters)."""
    detector = _zawgyi_detector()
    return float(detector.get_zawgyi_probability(text))  # type: ignore[attr-defined]


def zawgyi_to_unicode(text: str) -> str:
    """Convert a Zawgyi-encoded Burmese text to Unicode.

    >>> zawgyi_to_unicode("ေမာင္ေမာင္") == "မောင်မောင်"
    True
    """
    from myanmar import converter

    converted: str = converter.convert(text, "zawgyi", "unicode")
    return converted


def convert_zawgyi(texts: pl.Series) -> tuple[pl.Series, pl.Series]:
    """(texts with Zawgyi records converted to Unicode, Boolean flag per record "converted").

    Only records holding Burmese letters reach the detector (a Python call per text).
    """
    burmese = texts.str.contains(_MYANMAR).fill_null(False)
    flags = [False] * texts.len()
    if not bool(burmese.any()):
        return texts, pl.Series("zawgyi_converted", flags, dtype=pl.Boolean)
    out = texts.to_list()
    for row in burmese.arg_true().to_list():
        text = out[row]
        if text and zawgyi_probability(text) >= ZAWGYI_MIN_PROBABILITY:
            out[row] = zawgyi_to_unicode(text)
            flags[row] = True
    return (
        pl.Series(texts.name, out, dtype=pl.String),
        pl.Series("zawgyi_converted", flags, dtype=pl.Boolean),
    )
