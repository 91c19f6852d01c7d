"""Script counts shared by the script signal and language ID."""

from __future__ import annotations

import polars as pl
import pytest

from quality.scripts import NO_SCRIPT, dominant_script_expr, script_counts, script_expr

MIXED = [
    "Hello world, a plain English line.",
    "สวัสดีครับ ok",
    "ສະບາຍດີ",
    "សួស្តី",
    "မင်္ဂလာပါ",
    "안녕하세요 world",
    "我们今天去北京。",
    "日本語のテキストです",
    "Привет, мир",
    "مرحبا بالعالم",
    "नमस्ते दुनिया",
    "வணக்கம்",
    "Γειά σου κόσμε",
    "שלום עולם",
    "হ্যালো বিশ্ব",
    "abc Привет",
    "",
    "1234 5678",
    "😀😀",
]


def test_batch_counts_give_the_per_row_answer() -> None:
    """Rare scripts are only counted where letters are left over; the answer must not change."""
    texts = pl.Series("t", MIXED)
    batched = script_counts(texts).select(dominant_script_expr()).to_series().to_list()
    per_row = pl.DataFrame({"t": MIXED}).select(script_expr("t")).to_series().to_list()
    assert batched == per_row
    assert batched[:4] == ["Latin", "Thai", "Lao", "Khmer"]
    assert batched[8:15] == [
        "Cyrillic",
        "Arabic",
        "Devanagari",
        "Tamil",
        "Greek",
        "Hebrew",
        "Bengali",
    ]


@pytest.mark.parametrize("text", ["", "1234 5678", "๑๒๓", "😀😀", "。、！"])
def test_text_without_letters_has_no_script(text: str) -> None:
    """Digits and punctuation of a script (Thai digits, CJK punctuation) are not its letters."""
    assert pl.select(script_expr(pl.lit(text))).item() == NO_SCRIPT


def test_counts_are_letters_of_each_script() -> None:
    counts = script_counts(pl.Series(["สวัสดี ok ๑๒", None, "abc Привет"]), scripts=["Thai"])
    assert counts["sc_Thai"].to_list() == [6, 0, 0]
    assert counts["sc_Latin"].to_list() == [2, 0, 3]
    assert counts["sc_Cyrillic"].to_list() == [0, 0, 6]
    assert counts["sc_letters"].to_list() == [8, 0, 9]
