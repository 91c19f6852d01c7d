"""Normalisation keeps combining marks and full-width punctuation, repairs and strips noise."""

from __future__ import annotations

import unicodedata

import polars as pl
import pytest

from quality.normalize import normalize_text, normalize_texts, scrub_surrogates


@pytest.mark.parametrize(
    "text",
    [
        "ภาษาไทยที่สวยงาม ผู้ใหญ่",
        "ພາສາລາວ ແມ່ນພາສາ",
        "ភាសាខ្មែរ កម្ពុជា",
        "မြန်မာဘာသာ ကျွန်ုပ်",
        "Tiếng Việt có dấu thanh: ả ã ạ ờ ữ",
    ],
)
def test_combining_marks_are_kept(text: str) -> None:
    assert normalize_text(text) == unicodedata.normalize("NFC", text)


def test_vietnamese_decomposed_is_composed_not_stripped() -> None:
    decomposed = unicodedata.normalize("NFD", "Tiếng Việt")
    assert normalize_text(decomposed) == "Tiếng Việt"


def test_cjk_full_width_punctuation_and_space_are_not_rewritten() -> None:
    text = "你好，世界！\u3000（全角）「引用」：１２３"
    assert normalize_text(text) == text


def test_mojibake_is_repaired() -> None:
    assert normalize_text("CafÃ© crÃ¨me") == "Café crème"
    assert normalize_text("Itâ€™s fine") == "It\u2019s fine"


def test_markup_scripts_and_entities_are_stripped() -> None:
    html = (
        '<html><head><script type="text/javascript">var a = 1;</script></head>'
        "<body><p>Hello &amp; welcome</p><div>Second line</div></body></html>"
    )
    assert normalize_text(html) == "Hello & welcome\n\nSecond line"


def test_comparison_signs_are_not_markup() -> None:
    assert normalize_text("x < y and y > z") == "x < y and y > z"


def test_invisible_characters_and_spaces() -> None:
    text = "\ufeffa\u200bb\u00ad c\u00a0\u00a0 d\t\te  \r\n\r\n\r\n\r\nnext\u2028line  "
    assert normalize_text(text) == "ab c d e\n\nnext\nline"


def test_zero_width_joiners_in_emoji_are_kept() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert normalize_text(family) == family


def test_bad_input_gives_text_not_a_crash() -> None:
    assert normalize_text("") == ""
    assert normalize_text("   \n\t ") == ""
    assert normalize_text("😀😀") == "😀😀"
    assert normalize_text("a\ud800b") == "a\ufffdb"
    assert scrub_surrogates("\ud83d\ude00") == "😀"


def test_series_keeps_rows_and_order_and_fills_nulls() -> None:
    series = pl.Series("t", ["<b>x</b>", None, "  y  "])
    assert normalize_texts(series).to_list() == ["x", "", "y"]


def test_large_record_is_handled() -> None:
    text = ("word " * 200_000).strip()
    assert len(normalize_text(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a b", "a b"),
        ("a  b", "a b"),
        ("a\tb", "a b"),
        ("a \u00a0 b", "a b"),
        ("a\u2003\u2003b", "a b"),
        ("a\u3000b", "a\u3000b"),
        ("a \u3000 b", "a \u3000 b"),
    ],
)
def test_horizontal_space_runs_fold_to_one_space(text: str, expected: str) -> None:
    """Lone ASCII spaces stay, other space runs become one space, ideographic space is kept."""
    assert normalize_text(text) == expected
