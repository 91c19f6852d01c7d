"""Script-aware normalisation: U+200B as a word separator, Zawgyi Burmese, Thai/Lao AM."""

from __future__ import annotations

import polars as pl
import pytest

from quality.normalize import normalize_text, normalize_with_flags
from quality.normalize_scripts import zawgyi_probability
from quality.signals import add_signals, summarize_signals

ZWSP = "\u200b"


@pytest.mark.parametrize(
    "text",
    [
        f"ខ្ញុំ{ZWSP}ស្រឡាញ់{ZWSP}ភាសា{ZWSP}ខ្មែរ",  # Khmer
        f"ကျွန်တော်{ZWSP}ကျောင်း{ZWSP}သွား{ZWSP}သည်",  # Burmese
        f"ພາສາ{ZWSP}ລາວ{ZWSP}ແມ່ນ",  # Lao
        f"ภาษา{ZWSP}ไทย{ZWSP}สวยงาม",  # Thai
    ],
)
def test_zero_width_space_between_words_of_sea_scripts_is_kept(text: str) -> None:
    assert normalize_text(text) == text


def test_zero_width_space_elsewhere_is_removed_and_runs_fold_to_one() -> None:
    text = f"{ZWSP}ខ្ញុំ{ZWSP}{ZWSP}ខ្មែរ{ZWSP} Hello{ZWSP}world 中{ZWSP}文"
    assert normalize_text(text) == f"ខ្ញុំ{ZWSP}ខ្មែរ Helloworld 中文"


def test_zawgyi_burmese_is_detected_and_converted_to_unicode() -> None:
    zawgyi = "ေမာင္ေမာင္ ေက်ာင္းသြားသည္။"
    assert zawgyi_probability(zawgyi) > 0.95
    texts, converted = normalize_with_flags(pl.Series("t", [zawgyi, "ျမန္မာႏိုင္ငံ"]))
    assert texts.to_list() == ["မောင်မောင် ကျောင်းသွားသည်။", "မြန်မာနိုင်ငံ"]
    assert converted.to_list() == [True, True]


def test_unicode_burmese_is_left_alone() -> None:
    unicode_text = "ကျွန်တော် ကျောင်းသွားသည်။ မြန်မာနိုင်ငံ"
    texts, converted = normalize_with_flags(pl.Series("t", [unicode_text, "plain"]))
    assert texts.to_list() == [unicode_text, "plain"]
    assert converted.to_list() == [False, False]


@pytest.mark.parametrize(
    ("decomposed", "composed"),
    [
        ("\u0e19\u0e4d\u0e49\u0e32", "น้ำ"),  # nikhahit, tone, sara aa
        ("\u0e19\u0e49\u0e4d\u0e32", "น้ำ"),  # tone, nikhahit, sara aa
        ("\u0e01\u0e4d\u0e32\u0e25\u0e31\u0e07", "กำลัง"),
        ("\u0e99\u0ecd\u0eb2", "ນຳ"),  # Lao AM
    ],
)
def test_decomposed_sara_am_is_unified(decomposed: str, composed: str) -> None:
    assert normalize_text(decomposed) == composed


def test_signals_report_how_many_records_were_converted_from_zawgyi() -> None:
    records = pl.DataFrame(
        {"record_id": ["a", "b"], "text": ["ေမာင္ေမာင္ ေက်ာင္းသြားသည္။", "ကျွန်တော် ကျောင်းသွားသည်။"]}
    )
    signals = add_signals(records, dataset_type="text_corpus", declared_languages=["my"])
    assert signals["zawgyi_converted"].to_list() == [True, False]
    assert signals["lang"].to_list() == ["my", "my"]
    assert summarize_signals(signals, declared=["my"])["normalisation"] == {"zawgyi_converted": 1}


def _burmese_texts() -> list[str]:
    """Burmese sentences of the shared dev set, their Zawgyi forms, and mixed or empty texts."""
    import random
    from pathlib import Path

    from myanmar import converter

    shared = Path(__file__).resolve().parents[3] / "shared" / "data" / "langid_dev.jsonl"
    frame = pl.read_ndjson(shared).filter(pl.col("text").str.contains(r"\p{Myanmar}"))
    unicode_texts = frame.get_column("text").to_list()
    assert len(unicode_texts) > 100
    zawgyi = [converter.convert(t, "unicode", "zawgyi") for t in unicode_texts]
    rng = random.Random(3)
    mixed = [f"{rng.choice(unicode_texts)} abc 123 {rng.choice(zawgyi)}" for _ in range(200)]
    edges = ["", "plain latin", "\u1000", "\u200b\u1000\u200b", "中文 ေမာင္", "a" * 3000]
    return unicode_texts + zawgyi + mixed + edges


def test_zawgyi_probability_is_the_detectors_float_for_float() -> None:
    """The array evaluation gives myanmartools' own probability, bit for bit, on real text."""
    from myanmartools import ZawgyiDetector

    detector = ZawgyiDetector()
    texts = _burmese_texts()
    ours = [zawgyi_probability(t) for t in texts]
    theirs = [detector.get_zawgyi_probability(t) for t in texts]
    assert ours == theirs
    assert sum(p >= 0.95 for p in ours) > 100  # the Zawgyi forms are recognised
