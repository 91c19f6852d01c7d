"""Heuristic signals count in script-aware units and measure repetition and line shape."""

from __future__ import annotations

import polars as pl
import pytest

from quality.heuristics import add_heuristic_signals

EN = (
    "The committee met on Monday to discuss the new budget.\n"
    "Members agreed that the plan needs more work before the vote.\n"
    "A final decision is expected at the end of the month."
)
TH = "ประเทศไทยมีประชากรประมาณหกสิบหกล้านคน\nกรุงเทพมหานครเป็นเมืองหลวงของประเทศไทย"


def _signals(texts: list[str], langs: list[str | None] | None = None) -> pl.DataFrame:
    df = pl.DataFrame(
        {"content": texts, "content_norm": texts, "lang": langs or [None] * len(texts)},
        schema={"content": pl.String, "content_norm": pl.String, "lang": pl.String},
    )
    return add_heuristic_signals(df, stopwords={"en": ["the", "and", "of", "to"]})


def test_rows_order_and_columns() -> None:
    out = _signals([EN, TH, ""])
    assert out.height == 3
    assert out["content"].to_list() == [EN, TH, ""]
    q_columns = [c for c in out.columns if c.startswith("q_")]
    assert len(q_columns) >= 20
    assert all(out.schema[c] == pl.Float64 for c in q_columns)


def test_thai_is_counted_in_syllable_units_not_spaces() -> None:
    row = _signals([TH]).row(0, named=True)
    assert row["n_units"] >= 25
    assert 1.0 <= row["q_mean_unit_len"] <= 5.0


def test_clean_english_has_no_repetition_and_stopwords() -> None:
    row = _signals([EN], ["en"]).row(0, named=True)
    assert row["q_dup_line_frac"] == 0.0
    assert row["q_dup_5gram_char_frac"] == 0.0
    assert row["q_line_punct_frac"] == 1.0
    assert row["q_stopwords"] is not None and row["q_stopwords"] >= 5


def test_repeated_lines_and_ngrams_are_measured() -> None:
    text = "\n".join([EN] + ["Buy cheap watches online today at our shop"] * 5)
    row = _signals([text]).row(0, named=True)
    assert row["q_dup_line_frac"] == pytest.approx(4 / 8)
    assert row["q_dup_line_char_frac"] > 0.3
    assert row["q_dup_10gram_char_frac"] > 0.3
    assert row["q_top_2gram_char_frac"] > 0.1


def test_boilerplate_markup_and_ellipsis() -> None:
    raw = "<div>Copyright © 2024 All rights reserved.</div>\n<p>Read more >></p>\nText here..."
    norm = "Copyright © 2024 All rights reserved.\nRead more >>\nText here..."
    df = pl.DataFrame({"content": [raw], "content_norm": [norm], "lang": ["en"]})
    row = add_heuristic_signals(df).row(0, named=True)
    assert row["q_boilerplate_lines"] == 2.0
    assert row["q_markup_frac"] > 0.2
    assert row["q_ellipsis_lines_frac"] == pytest.approx(1 / 3)


def test_sentence_ending_read_more_is_not_boilerplate() -> None:
    row = _signals(["ភ្នំពេញ៖ប្រទេសកម្ពុជានឹងបញ្ជូនអត្តពលិក Read More"]).row(0, named=True)
    assert row["q_boilerplate_lines"] == 0.0


@pytest.mark.parametrize(
    "text",
    ["", "   ", "😀😀😀", "1234567890 2024 42", "混合 mixed ภาษา text ខ្មែរ", "x" * 2_000_000],
)
def test_bad_input_gets_signals(text: str) -> None:
    row = _signals([text]).row(0, named=True)
    assert row["n_units"] is not None
    assert all(v is not None for k, v in row.items() if k.startswith("q_") and k != "q_stopwords")


def test_all_digits_have_no_alpha_units() -> None:
    assert _signals(["1234 5678 9012"]).row(0, named=True)["q_alpha_units_frac"] == 0.0


def test_signals_are_deterministic() -> None:
    texts = [EN, TH, EN + "\n" + EN]
    assert _signals(texts).equals(_signals(texts))
