"""The stated near-duplicate measure: character 5-gram Jaccard >= 0.8, the same in every script.

A plain-Python oracle computes the measure as documented in `quality.dedup.params`; the vectorised
shingling must agree with it, and a Latin copy with spelling edits that the measure calls a near
duplicate must be found (word 3-grams, the scheme before, missed it).
"""

from __future__ import annotations

import random
import unicodedata

import numpy as np
import polars as pl
import pytest
from conftest import records

from quality.dedup import DedupParams, find_duplicates
from quality.dedup.near import pair_jaccard

TEXTS = {
    "en": "The committee met on Monday to review the annual budget and the new hiring plan.",
    "vi": "Ủy ban đã họp vào thứ Hai để xem xét ngân sách hằng năm và kế hoạch tuyển dụng mới.",
    "zh": "委员会周一开会审查年度预算和新的招聘计划，并讨论了下一阶段的工作安排。",
    "th": "คณะกรรมการประชุมเมื่อวันจันทร์เพื่อทบทวนงบประมาณประจำปีและแผนการจ้างงานใหม่",
    "km": "គណៈកម្មាធិការបានប្រជុំកាលពីថ្ងៃច័ន្ទដើម្បីពិនិត្យថវិកាប្រចាំឆ្នាំ",
    "my": "ကော်မတီသည် နှစ်စဉ်ဘတ်ဂျက်ကို ပြန်လည်သုံးသပ်ရန် တနင်္လာနေ့တွင် တွေ့ဆုံခဲ့သည်။",
}


def oracle(a: str, b: str, n: int = 5) -> float:
    """The stated measure written out plainly: case-folded characters without separators."""

    def grams(text: str) -> set[str]:
        units = [c for c in text.lower() if unicodedata.category(c)[0] not in "ZPSC"]
        return {"".join(units[i : i + n]) for i in range(max(1, len(units) - n + 1))} - {""}

    left, right = grams(a), grams(b)
    return len(left & right) / len(left | right)


def edited(text: str, rng: random.Random, share: float) -> str:
    """Replace `share` of the letters with other letters of the same text (script kept)."""
    chars = list(text)
    letters = [i for i, c in enumerate(chars) if not c.isspace()]
    alphabet = sorted({c for c in chars if not c.isspace()})
    for i in rng.sample(letters, max(1, round(share * len(letters)))):
        chars[i] = rng.choice([c for c in alphabet if c != chars[i]])
    return "".join(chars)


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_vectorised_jaccard_equals_the_plain_oracle(lang: str) -> None:
    rng = random.Random(lang)
    base = " ".join([TEXTS[lang]] * 2)
    texts = [base] + [edited(base, rng, share) for share in (0.01, 0.03, 0.06)]
    texts += ["Ab", base.upper()]
    left = np.zeros(len(texts) - 1, dtype=np.int64)
    right = np.arange(1, len(texts), dtype=np.int64)
    ours = pair_jaccard(pl.Series(texts), left, right, params=DedupParams())
    # Hash collisions could only make ours larger; 32-bit hashes of a few hundred grams do not.
    expected = [oracle(texts[0], texts[j]) for j in right]
    assert ours.tolist() == pytest.approx(expected, abs=1e-12)


def test_spelling_edited_latin_copy_is_a_near_duplicate_by_the_stated_measure() -> None:
    rng = random.Random(3)
    words = [
        "".join(rng.choice("abcdefghijklmnoprstuvw") for _ in range(rng.randint(3, 8)))
        for _ in range(200)
    ]
    original = " ".join(words) + "."
    copy = edited(original, random.Random(11), 0.02)
    assert oracle(original, copy) >= 0.8
    df = records([original, copy, "an unrelated text about something else entirely " * 5])
    out = find_duplicates(df, dataset_type="text_corpus", params=DedupParams()).records
    assert out["dup_kind"].to_list() == [None, "near", None]
    # The word scheme (before) misses it: the measure, not luck, decides.
    words_params = DedupParams(word_families=("latin",), shingle_sizes={"latin": 3})
    before = find_duplicates(df, dataset_type="text_corpus", params=words_params).records
    assert before["dup_kind"].to_list() == [None, None, None]


def test_unknown_word_family_is_rejected() -> None:
    with pytest.raises(ValueError, match="families"):
        DedupParams(word_families=("klingon",))


def test_word_families_change_the_fingerprint() -> None:
    assert DedupParams().fingerprint() != DedupParams(word_families=("latin",)).fingerprint()
