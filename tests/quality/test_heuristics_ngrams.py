"""Gopher n-gram repetition measures against a plain per-text reference.

The stage only hashes longer n-grams at positions that start a repeated bigram; these tests pin
that shortcut to the definitions, including texts repeated across rows of one batch.
"""

from __future__ import annotations

from collections import Counter

import polars as pl
import pytest

from quality.heuristics import DUP_NGRAMS, TOP_NGRAMS, add_heuristic_signals, explode_units
from quality.units import word_units

TEXTS = [
    "the cat sat on the mat and the cat sat on the mat again today",
    "one two three four five six seven one two three four five six seven eight",
    "Nagluluto ng pagkain ang nanay. Hindi pa nagluluto ng pagkain ang nanay.",
    "a b a b a b a b a b a b c",
    "ตลาดน้ำ ตลาดน้ำ ตลาดน้ำ ตลาดน้ำ วันนี้",
    "我爱北京我爱北京我爱北京天安门",
    "no repetition at all in this short line",
    "",
]


def _reference(text: str) -> dict[str, float]:
    """Top and duplicated n-gram character shares computed directly from the units."""
    units = [u.lower() for u in word_units(text)]
    lens = [len(u) for u in units]
    total = sum(lens)
    out: dict[str, float] = {}
    for n in TOP_NGRAMS:
        grams = Counter(tuple(units[i : i + n]) for i in range(len(units) - n + 1))
        best = max((c * sum(len(u) for u in g) for g, c in grams.items() if c > 1), default=0)
        out[f"q_top_{n}gram_char_frac"] = best / total if total else 0.0
    for n in DUP_NGRAMS:
        seen: set[tuple[str, ...]] = set()
        covered = [False] * len(units)
        for i in range(len(units) - n + 1):
            gram = tuple(units[i : i + n])
            if gram in seen:
                covered[i : i + n] = [True] * n
            seen.add(gram)
        chars = sum(length for length, c in zip(lens, covered, strict=True) if c)
        out[f"q_dup_{n}gram_char_frac"] = chars / total if total else 0.0
    return out


@pytest.mark.parametrize("batch", [TEXTS, TEXTS + TEXTS[:4]])
def test_ngram_measures_match_the_definition(batch: list[str]) -> None:
    frame = pl.DataFrame({"content_norm": batch, "content": batch})
    out = add_heuristic_signals(frame)
    for row, text in zip(out.iter_rows(named=True), batch, strict=True):
        for name, value in _reference(text).items():
            assert row[name] == pytest.approx(value), (text, name)


def test_same_text_in_two_rows_is_not_a_repetition() -> None:
    """Equal n-grams of different records never count as repeats of each other."""
    text = "seven words that appear in both rows here"
    out = add_heuristic_signals(pl.DataFrame({"content_norm": [text, text], "content": [text] * 2}))
    assert out["q_dup_5gram_char_frac"].to_list() == [0.0, 0.0]
    assert out["q_top_2gram_char_frac"].to_list() == [0.0, 0.0]


@pytest.mark.parametrize(
    "batch",
    [["Hello WORLD Ⅻ Ⓐbc", "ÀÉÎ ẞ"], ["İSTANBUL İyi", "ΟΔΟΣ'Α ΟΔΟΣ. Σ", "Hello WORLD"]],
)
def test_units_are_the_lowercased_units_of_the_text(batch: list[str]) -> None:
    """Whole-text lowercasing is a shortcut; dotted I and sigma take the per-unit path."""
    units = explode_units(pl.Series(batch))
    expected = [u.lower() for text in batch for u in word_units(text)]
    lengths = [len(u) for text in batch for u in word_units(text)]
    assert units["u"].to_list() == expected
    assert units["len"].to_list() == lengths
