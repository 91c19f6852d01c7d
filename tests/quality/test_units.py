"""Word units per script: CJK characters, Brahmic clusters, whitespace words elsewhere."""

from __future__ import annotations

import polars as pl
import pytest

from quality.units import (
    count_units_expr,
    shingle_units,
    shingles,
    units_expr,
    word_units,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello, world!", ["Hello", "world"]),
        ("我爱北京。", ["我", "爱", "北", "京"]),
        ("日本語のテキスト", ["日", "本", "語", "の", "テ", "キ", "ス", "ト"]),
        ("Tiếng Việt có dấu", ["Tiếng", "Việt", "có", "dấu"]),
        ("한국어 문장", ["한국어", "문장"]),
        ("สวัสดี", ["ส", "วั", "ส", "ดี"]),
        ("ແມ່ນ", ["ແມ່", "ນ"]),
        ("កម្ពុជា", ["ក", "ម្ពុ", "ជា"]),
        ("ကျွန်ုပ်", ["ကျွန်ုပ်"]),
        ("", []),
        ("   \n\t", []),
        ("!!! ... 😀😀", []),
    ],
)
def test_word_units_per_script(text: str, expected: list[str]) -> None:
    assert word_units(text) == expected


def test_brahmic_units_keep_every_combining_mark() -> None:
    for text in ("ภาษาไทยที่สวยงาม", "ພາສາລາວ", "ភាសាខ្មែរ", "မြန်မာဘာသာ"):
        assert "".join(word_units(text)) == text


def test_thai_document_has_many_units_without_spaces() -> None:
    text = "ประเทศไทยมีประชากรประมาณหกสิบหกล้านคน"
    assert len(text.split()) == 1
    assert len(word_units(text)) >= 12


def test_vectorised_units_match_per_text_units() -> None:
    texts = ["Hello 世界 สวัสดี", "ភាសាខ្មែរ", "", "a-b c"]
    df = pl.DataFrame({"t": texts}).select(
        units=units_expr("t"), n=count_units_expr("t").cast(pl.Int64)
    )
    assert df["units"].to_list() == [word_units(t) for t in texts]
    assert df["n"].to_list() == [len(word_units(t)) for t in texts]


def test_shingle_units_turn_cjk_runs_into_bigrams() -> None:
    assert shingle_units("我爱北京 ok") == ["我爱", "爱北", "北京", "ok"]
    assert shingle_units("字") == ["字"]
    assert shingle_units("a 字 b") == ["a", "字", "b"]


def test_shingles_overlap_and_lowercase() -> None:
    assert shingles(["A", "b", "c"], n=2) == ["a b", "b c"]
    assert shingles(["A"], n=3) == ["a"]
    assert shingles([], n=3) == []
