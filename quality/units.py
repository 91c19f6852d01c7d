"""Word units per script, dictionary-free: the unit every count-based signal and shingle uses.

Spaces do not separate words in Chinese, Japanese, Thai, Lao, Khmer or Burmese, so counting
"words" by whitespace makes every document of those languages fail word-count rules. Units here:

- Han, Hiragana, Katakana: one character per unit (``shingle_units`` adds character bigrams);
- Thai, Lao: an orthographic syllable approximation: optional leading vowel, a consonant and the
  dependent vowels and tone marks that follow it;
- Khmer, Burmese: a consonant with its dependent signs, subscript (coeng / virama) consonants and,
  for Burmese, asat-killed finals;
- everything else (Latin, Cyrillic, Hangul, Indic, ...): whitespace words without punctuation.

The same pattern runs in Python (``regex``) and inside Polars (Rust ``regex``), so the per-text
and the vectorised variants give identical units.
"""

from __future__ import annotations

import polars as pl
import regex


def _span(first: int, last: int) -> str:
    """A character-class range written with literal characters (valid in both regex engines)."""
    return f"{chr(first)}-{chr(last)}"


_CJK = r"[\p{Han}\p{Hiragana}\p{Katakana}]"
_THAI = (
    f"[{_span(0x0E40, 0x0E44)}]?[{_span(0x0E01, 0x0E2E)}]"
    f"[{_span(0x0E30, 0x0E3A)}{chr(0x0E45)}{_span(0x0E47, 0x0E4E)}]*"
)
_LAO = (
    f"[{_span(0x0EC0, 0x0EC4)}]?[{_span(0x0E81, 0x0EAE)}{_span(0x0EDC, 0x0EDF)}]"
    f"[{_span(0x0EB0, 0x0EBC)}{_span(0x0EC8, 0x0ECE)}]*"
)
_KHMER = (
    f"[{_span(0x1780, 0x17B3)}]"
    f"(?:[{_span(0x17B4, 0x17D1)}{chr(0x17D3)}{chr(0x17DD)}]"
    f"|{chr(0x17D2)}[{_span(0x1780, 0x17A2)}])*"
)
_MYANMAR_CONSONANT = f"[{_span(0x1000, 0x1021)}]"
_MYANMAR = (
    f"[{_span(0x1000, 0x102A)}{_span(0x103F, 0x103F)}{_span(0x1050, 0x1055)}]"
    f"(?:[{_span(0x102B, 0x1038)}{_span(0x103A, 0x103E)}{_span(0x1056, 0x1059)}"
    f"{_span(0x105E, 0x1060)}{_span(0x1062, 0x1064)}{_span(0x1067, 0x106D)}"
    f"{_span(0x1071, 0x1074)}{_span(0x1082, 0x108D)}{chr(0x108F)}{_span(0x109A, 0x109D)}]"
    f"|{chr(0x1039)}{_MYANMAR_CONSONANT}"
    f"|{_MYANMAR_CONSONANT}{chr(0x103A)}[{chr(0x1037)}{chr(0x1038)}]?)*"
)
_SEGMENTED = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}"
_WORD = rf"[^\s\p{{P}}\p{{S}}\p{{Cc}}\p{{Cf}}{_SEGMENTED}]+"

UNIT_PATTERN: str = "|".join((_CJK, _THAI, _LAO, _KHMER, _MYANMAR, _WORD))
"""One alternation matching one unit; leftmost-first, so the script patterns win over `_WORD`."""

CJK_PATTERN: str = _CJK
"""A single CJK (Han or kana) character."""

_UNIT_RE = regex.compile(UNIT_PATTERN)
_CJK_RE = regex.compile(_CJK)


def word_units(text: str) -> list[str]:
    """Split `text` into word units by script.

    >>> word_units("Hello, 世界! สวัสดี")
    ['Hello', '世', '界', 'ส', 'วั', 'ส', 'ดี']
    """
    return _UNIT_RE.findall(text)


def units_expr(column: str | pl.Expr) -> pl.Expr:
    """A Polars expression: the list of word units of a Utf8 column (vectorised `word_units`)."""
    expr = pl.col(column) if isinstance(column, str) else column
    return expr.str.extract_all(UNIT_PATTERN)


def count_units_expr(column: str | pl.Expr) -> pl.Expr:
    """A Polars expression: the number of word units of a Utf8 column (UInt32, no list built)."""
    expr = pl.col(column) if isinstance(column, str) else column
    return expr.str.count_matches(UNIT_PATTERN)


def is_cjk_unit(unit: str) -> bool:
    """True when a unit is one Han or kana character."""
    return len(unit) == 1 and _CJK_RE.match(unit) is not None


def shingle_units(text: str, *, cjk_ngram: int = 2) -> list[str]:
    """Units for near-duplicate shingling: CJK runs become overlapping character n-grams.

    Single CJK characters carry little identity on their own, so each run of consecutive CJK
    units is replaced by its character `cjk_ngram`-grams (a run shorter than that stays whole);
    other units pass through unchanged and in order.

    >>> shingle_units("我爱北京 ok")
    ['我爱', '爱北', '北京', 'ok']
    """
    out: list[str] = []
    run: list[str] = []
    for unit in word_units(text):
        if is_cjk_unit(unit):
            run.append(unit)
            continue
        out.extend(_cjk_grams(run, cjk_ngram))
        run = []
        out.append(unit)
    out.extend(_cjk_grams(run, cjk_ngram))
    return out


def _cjk_grams(run: list[str], n: int) -> list[str]:
    """Overlapping n-grams of one run of CJK characters (the whole run when shorter)."""
    if not run:
        return []
    if len(run) <= n:
        return ["".join(run)]
    return ["".join(run[i : i + n]) for i in range(len(run) - n + 1)]


def shingles(units: list[str], *, n: int = 5, lowercase: bool = True) -> list[str]:
    """Overlapping `n`-unit shingles joined by a space (one shingle when fewer units than `n`)."""
    items = [u.lower() for u in units] if lowercase else units
    if len(items) <= n:
        return [" ".join(items)] if items else []
    return [" ".join(items[i : i + n]) for i in range(len(items) - n + 1)]
