"""Script-specific normalisation for Southeast Asian scripts: word-separating U+200B, Zawgyi
Burmese, decomposed Thai / Lao AM.

- U+200B (zero-width space) is the word separator of Khmer, Burmese, Lao and Thai text: word
  segmenters and annotators rely on it, so it is kept between two letters of those scripts and
  removed everywhere else (where it is an invisible copy-paste artefact).
- Zawgyi is a font encoding of Burmese that reuses Unicode code points with other meanings; it is
  still common in Myanmar web text. ``myanmartools`` (Google's detector) gives the probability a
  text is Zawgyi; texts above `ZAWGYI_MIN_PROBABILITY` are converted to Unicode with
  ``python-myanmar``'s converter. The detector's Markov model is evaluated here with NumPy over
  the model's own tables (its Python loop per character was 13% of the signals' CPU time); the
  result is the library's, float for float (``tests/quality/test_normalize_scripts.py``).
- Thai SARA AM (U+0E33) typed as NIKHAHIT + SARA AA (U+0E4D U+0E32), possibly with the tone mark
  between them, is not unified by NFC (the composition is compatibility-only); it is rewritten to
  the precomposed letter with the tone mark before it, as Thai orthography orders them. Lao AM
  (U+0EB3 from U+0ECD U+0EB2) is the same case.
"""

from __future__ import annotations

import math
import warnings
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
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


@cache
def _zawgyi_model() -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], int]:
    """The detector's tables: state per code point (0: foreign), log-likelihood ratio per pair
    of states (``size`` x ``size``, as float64 of the model's float32) and ``size``."""
    detector: Any = _zawgyi_detector()
    chars: str = detector._chars
    # The detector's own state function (a bisection over its character string, which is not
    # sorted, so some model characters get state 0): only its characters can have another.
    top = max(map(ord, chars))
    states = np.array([detector._state(chr(c)) for c in range(top + 2)], dtype=np.int64)
    ratios = np.array(detector._params, dtype=np.float32).astype(np.float64)
    return states, ratios, len(chars) + 1


def zawgyi_probability(text: str) -> float:
    """The detector's probability that `text` is Zawgyi (-inf for text without Burmese letters).

    ``myanmartools.ZawgyiDetector.get_zawgyi_probability`` computed over arrays: the ratios of
    consecutive character states (the text padded with a foreign state at each end) are summed
    in order with Python's ``sum`` as the library does, so the value is the library's.
    """
    states, ratios, size = _zawgyi_model()
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    known = states[np.minimum(points, states.size - 1)]  # the last slot is foreign (0)
    padded = np.concatenate(([0], known, [0]))
    pairs = ratios[padded[:-1] * size + padded[1:]]
    present = pairs[~np.isnan(pairs)]
    if present.size == 0:
        return -math.inf
    total = sum(present.tolist())
    if total >= 0:
        z = math.exp(-total)
        return z / (z + 1)
    return 1 / (1 + math.exp(total))


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
