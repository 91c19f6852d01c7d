"""The unit's conditions beyond the Jaccard: same numbers, typo-sized word edits (`NearRule`).

Why: in a sentence corpus, two sentences of one template ("Harga naik 5 persen" / "Harga naik 7
persen", or the same sentence with another name) share most character 5-grams, so the document
rule (Jaccard >= 0.8) removes real, distinct records. A true near-duplicate sentence differs by
case, punctuation, spacing or a typo. So, for a unit whose rule asks for it, a verified pair
stays a near duplicate only when

- `same_numbers`: both texts hold the same digits in the same order (any script's digits, as
  values; separators inside numbers ignored): another number is another record;
- `max_word_edits` / `max_edits`: the word units (`quality.units.word_units`: words in spaced
  scripts, syllables or characters in Thai, Lao, Khmer, Burmese, Chinese) are aligned with
  `rapidfuzz`'s Levenshtein opcodes; each run of differing units (a changed word, joined, so a
  split or merged word costs nothing) may differ by at most `max_word_edits` character edits
  (optimal string alignment: insert, delete, substitute, swap neighbours), and all runs together
  by at most `max_edits`. One typo is one edit; another word or name is usually two or more.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl
import regex
from rapidfuzz.distance import OSA, Levenshtein

from quality.dedup.params import NearRule
from quality.units import UNIT_PATTERN

I64 = npt.NDArray[np.int64]
_DIGITS = regex.compile(r"\d")
_UNIT = regex.compile(UNIT_PATTERN)


def digits(text: str) -> str:
    """The digits of `text` in order, as ASCII (any script's digits; separators ignored, so
    "10,000" and "10000" hold the same number).

    >>> digits("Rp 1.500 pada 2024; ๒๕ คน")
    '1500202425'
    """
    return "".join(str(unicodedata.digit(c)) for c in _DIGITS.findall(text))


def word_edits(a: str, b: str) -> list[int]:
    """Character edits of each run of differing word units between `a` and `b` (case-folded).

    A run's text is everything between the equal units around it, separators left out, so
    characters no unit holds (a Thai vowel left without its consonant) count too.

    >>> word_edits("The Jakarta office, 2024.", "the jakrta  office 2024")
    [1]
    """
    left, right = _Units.of(a), _Units.of(b)
    edits: list[int] = []
    block: tuple[int, int, int, int] | None = None
    for op in Levenshtein.opcodes(left.units, right.units):
        if op.tag == "equal":
            if block is not None:
                edits.append(_block_edits(left, right, block))
                block = None
            continue
        start = block or (op.src_start, op.src_end, op.dest_start, op.dest_end)
        block = (start[0], op.src_end, start[2], op.dest_end)
    if block is not None:
        edits.append(_block_edits(left, right, block))
    return [e for e in edits if e > 0]


@dataclass(frozen=True)
class _Units:
    """The word units of a case-folded text and where each starts and ends."""

    text: str
    units: list[str]
    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, text: str) -> _Units:
        folded = text.casefold()
        found = list(_UNIT.finditer(folded))
        return cls(
            folded, [m.group() for m in found], [m.start() for m in found], [m.end() for m in found]
        )

    def between(self, first: int, stop: int) -> str:
        """Text from the end of unit first-1 to the start of unit stop, separators left out."""
        lo = self.ends[first - 1] if first > 0 else 0
        hi = self.starts[stop] if stop < len(self.starts) else len(self.text)
        return "".join(c for c in self.text[lo:hi] if unicodedata.category(c)[0] not in "ZPSC")


def _block_edits(left: _Units, right: _Units, block: tuple[int, int, int, int]) -> int:
    """OSA distance between the texts of one differing run."""
    i1, i2, j1, j2 = block
    return int(OSA.distance(left.between(i1, i2), right.between(j1, j2)))


def rule_holds(a: str, b: str, rule: NearRule) -> bool:
    """True when two texts that passed the Jaccard are near duplicates under `rule`."""
    if rule.same_numbers and digits(a) != digits(b):
        return False
    if rule.max_word_edits is None and rule.max_edits is None:
        return True
    edits = word_edits(a, b)
    if rule.max_word_edits is not None and any(e > rule.max_word_edits for e in edits):
        return False
    return rule.max_edits is None or sum(edits) <= rule.max_edits


def rule_mask(texts: pl.Series, left: I64, right: I64, rule: NearRule) -> npt.NDArray[np.bool_]:
    """For each pair (left[i], right[i]) of text indices: does `rule` hold? All True when plain."""
    if rule.is_plain() or len(left) == 0:
        return np.ones(len(left), dtype=np.bool_)
    docs, inverse = np.unique(np.concatenate([left, right]), return_inverse=True)
    values = texts.gather(docs).fill_null("").to_list()
    half = len(left)
    pairs = zip(inverse[:half], inverse[half:], strict=True)
    return np.array([rule_holds(values[i], values[j], rule) for i, j in pairs], dtype=np.bool_)
