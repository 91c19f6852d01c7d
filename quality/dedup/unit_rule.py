"""The unit's conditions beyond the Jaccard: same numbers, typo-sized word edits (`NearRule`).

Why: in a sentence corpus, two sentences of one template ("Harga naik 5 persen" / "Harga naik 7
persen", or the same sentence with another name) share most character 5-grams, so the document
rule (Jaccard >= 0.8) removes real, distinct records. A true near-duplicate sentence differs by
case, punctuation, spacing or a typo. So, for a unit whose rule asks for it, a verified pair
stays a near duplicate only when

- `same_numbers`: both texts hold the same numbers in the same order (any script's digits, as
  values; thousands separators ignored, a decimal point or minus sign kept): another number
  is another record;
- `max_word_edits` / `max_edits`: the two texts' characters of the stated measure (case-folded,
  separators left out, so case, spacing and punctuation cost nothing) are aligned with
  `rapidfuzz`'s Levenshtein opcodes, in every script alike; each changed place (edits fewer than
  `PLACE_GAP` characters apart, about one word) may differ by at most `max_word_edits` edits
  (optimal string alignment: insert, delete, substitute, swap neighbours), and all places together
  by at most `max_edits`. One typo is one edit; another word or name is usually two or more (a
  name one letter away from another, "Rina" / "Rini", reads as a typo).
"""

from __future__ import annotations

import unicodedata

import numpy as np
import numpy.typing as npt
import polars as pl
import regex
from rapidfuzz.distance import OSA, Levenshtein

from quality.dedup.params import NearRule

I64 = npt.NDArray[np.int64]
_NUMBER = regex.compile(r"(?:(?<![\p{L}\p{N}])([-\u2212]))?(\d+(?:[.,:/]\d+)*)")
_THOUSANDS = regex.compile(r"[.,](?=\d{3}(?!\d))")
PLACE_GAP = 3
"""Edits fewer than this many characters apart belong to one changed place (about a word)."""


def numbers(text: str) -> tuple[str, ...]:
    """The numbers of `text` in order, as ASCII values (any script's digits).

    A "." or "," before exactly three digits groups thousands ("10,000", "Rp 1.500") and is
    left out; any other separator is part of the value ("1.5" is not "15", "10:30" not "1:030"),
    as is a minus sign ("-5" is not "5").

    >>> numbers("Rp 1.500 pada 2024; ๒๕ คน, -1,5 dan 10:30 (COVID-19)")
    ('1500', '2024', '25', '-1.5', '10:30', '19')
    """
    found = []
    for sign, body in _NUMBER.findall(text):
        ascii_body = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in body)
        value = _THOUSANDS.sub("", ascii_body).replace(",", ".")
        found.append(("-" if sign else "") + value)
    return tuple(found)


def skeleton(text: str) -> str:
    """The characters of the stated measure: case-folded, separators (Z, P, S, C) left out."""
    return "".join(c for c in text.casefold() if unicodedata.category(c)[0] not in "ZPSC")


def word_edits(a: str, b: str) -> list[int]:
    """Character edits of each changed place between the skeletons of `a` and `b`.

    A place is a run of edits less than `PLACE_GAP` characters apart (about one word; a swap of
    two neighbours is one place even across a Thai syllable or a Chinese character); its edits
    are the optimal-string-alignment distance between the two runs.

    >>> word_edits("The Jakarta office, 2024.", "the jakrta  office 2024")
    [1]
    >>> word_edits("Budi pergi ke pasar", "Andi pergi ke pasar")
    [2]
    """
    left, right = skeleton(a), skeleton(b)
    places: list[list[int]] = []
    for op in Levenshtein.opcodes(left, right):
        if op.tag == "equal":
            continue
        span = [op.src_start, op.src_end, op.dest_start, op.dest_end]
        if places and op.src_start - places[-1][1] < PLACE_GAP:
            places[-1][1], places[-1][3] = op.src_end, op.dest_end
        else:
            places.append(span)
    return [int(OSA.distance(left[i1:i2], right[j1:j2])) for i1, i2, j1, j2 in places]


def rule_holds(a: str, b: str, rule: NearRule) -> bool:
    """True when two texts that passed the Jaccard are near duplicates under `rule`."""
    if rule.same_numbers and numbers(a) != numbers(b):
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
