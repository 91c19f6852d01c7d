"""Script-aware shingles: families, units, short and empty records, slicing."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import document

from quality.dedup import shingles as shingles_module
from quality.dedup.scripts import FAMILIES
from quality.dedup.shingles import shingle_batch

SIZES = [3, 3, 5, 5, 5]


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("the cat sat on the mat", "latin"),
        ("Tiếng Việt có dấu", "latin"),
        ("我们是中国人，我们爱和平。", "cjk"),
        ("ภาษาไทยเป็นภาษาที่สวยงาม", "thai_lao"),
        ("ພາສາລາວແມ່ນງາມ", "thai_lao"),
        ("ភាសាខ្មែរគឺស្អាត", "khmer"),
        ("မြန်မာဘာသာစကား", "burmese"),
    ],
)
def test_each_script_gets_its_family(text: str, family: str) -> None:
    batch = shingle_batch([text], sizes=SIZES)
    assert FAMILIES[batch.family[0]] == family


def test_spaced_scripts_use_words_and_others_characters() -> None:
    batch = shingle_batch(["one two, three four!", "我们是中国人"], sizes=SIZES)
    assert batch.n_units.tolist() == [4, 6]
    assert len(batch.of(0)) == 2  # word 3-grams over 4 words
    assert len(batch.of(1)) == 4  # character 3-grams over 6 characters


def test_punctuation_and_case_of_spacing_do_not_change_shingles() -> None:
    batch = shingle_batch(["a b c d", "a, b; c  d!"], sizes=SIZES)
    assert np.array_equal(batch.of(0), batch.of(1))


def test_word_order_and_letter_order_matter() -> None:
    batch = shingle_batch(["alpha beta gamma", "gamma beta alpha", "lapha beta gamma"], sizes=SIZES)
    assert not np.array_equal(batch.of(0), batch.of(1))
    assert not np.array_equal(batch.of(0), batch.of(2))


def test_short_records_get_one_shingle_and_empty_records_none() -> None:
    batch = shingle_batch(["", "   ...  ", "word", "ก", None], sizes=SIZES)  # type: ignore[list-item]
    assert np.diff(batch.offsets).tolist() == [0, 0, 1, 1, 0]


def test_slicing_gives_the_same_shingles(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["\n".join(document(i, fam)) for i in range(6) for fam in ("latin", "cjk", "khmer")]
    whole = shingle_batch(texts, sizes=SIZES)
    monkeypatch.setattr(shingles_module, "_SLICE_CHARS", 50)
    sliced = shingle_batch(texts, sizes=SIZES)
    assert np.array_equal(whole.offsets, sliced.offsets)
    assert np.array_equal(whole.hashes, sliced.hashes)
