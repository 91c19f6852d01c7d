"""Language identification: script rules, candidate narrowing, Indonesian/Malay, declarations."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from quality.langid import (
    LanguageIdentifier,
    add_language_columns,
    model_path,
    model_sha256,
    summarize_languages,
)
from quality.langid_rules import CandidateSet

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "langid_dev.jsonl"


def _langs(texts: list[str]) -> list[str]:
    frame = pl.DataFrame({"text": texts}, schema={"text": pl.String})
    return add_language_columns(frame, column="text", declared=[])["lang"].to_list()


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("ภาษาไทยเป็นภาษาราชการของประเทศไทย", "th"),
        ("ພາສາລາວແມ່ນພາສາທາງການ", "lo"),
        ("ភាសាខ្មែរជាភាសាផ្លូវការ", "km"),
        ("မြန်မာဘာသာစကားသည်", "my"),
        ("한국어는 대한민국의 공용어이다", "ko"),
        ("这是一个中文句子，用于测试。", "zh"),
        ("這是一個繁體中文的句子。", "zh"),
        ("これは日本語の文章です。", "ja"),
        ("Tiếng Việt là ngôn ngữ chính thức của Việt Nam.", "vi"),
        ("The committee will publish its findings next week.", "en"),
        ("Kumain ang bata ng mangga sa bahay kahapon.", "tl"),
    ],
)
def test_each_language_is_identified(text: str, lang: str) -> None:
    assert _langs([text]) == [lang]


def test_script_wins_over_quoted_latin_names() -> None:
    # A Lao caption quoting a Latin acronym is still Lao; a Chinese text with product names is zh.
    assert _langs(["(ພາບ: AFP/TTXVN)", "我们使用Python和TensorFlow进行开发"]) == ["lo", "zh"]


def test_indonesian_and_malay_are_told_apart_by_cues() -> None:
    indonesian = "Pemerintah mengatakan bahwa uang itu akan dibagikan setelah rapat di kantor."
    malay = "Kerajaan berkata bahawa wang itu akan diagihkan selepas mesyuarat di pejabat."
    assert _langs([indonesian, malay]) == ["id", "ms"]


def test_no_letters_is_undetermined() -> None:
    frame = pl.DataFrame({"text": ["", "   ", "😀😀", "12345", None]})
    out = add_language_columns(frame, column="text", declared=["en"])
    assert out["lang"].to_list() == ["und"] * 5
    assert out["lang_score"].to_list() == [0.0] * 5
    assert out["lang_matches_declared"].to_list() == [False] * 5


def test_declared_aliases_and_prefix() -> None:
    frame = pl.DataFrame(
        {"src": ["Kumain ang bata ng mangga sa bahay."], "tgt": ["孩子在家吃芒果。"]}
    )
    out = add_language_columns(frame, column="src", declared=["fil"], prefix="source_")
    out = add_language_columns(out, column="tgt", declared=["zh-Hant"], prefix="target_")
    assert out.row(0, named=True)["source_lang_matches_declared"] is True
    assert out.row(0, named=True)["target_lang_matches_declared"] is True
    assert out.columns[:2] == ["src", "tgt"]


def test_nothing_declared_gives_null_match() -> None:
    frame = pl.DataFrame({"text": ["Hello world, this is English."]})
    out = add_language_columns(frame, column="text", declared=[])
    assert out["lang_matches_declared"].to_list() == [None]


def test_share_reflects_mixed_scripts() -> None:
    result = LanguageIdentifier.default().identify(
        ["ภาษาไทย and a long English tail of words here"]
    )
    assert result[0].lang in {"en", "th"}
    assert 0.0 < result[0].share < 1.0


def test_deterministic_and_order_preserving() -> None:
    texts = ["Hello there, friend.", "สวัสดีครับ", "Xin chào các bạn.", "你好，世界。"] * 5
    first = LanguageIdentifier.default().identify(texts)
    assert first == LanguageIdentifier.default().identify(texts)
    assert [r.lang for r in first[:4]] == ["en", "th", "vi", "zh"]


def test_bad_surrogates_do_not_crash() -> None:
    assert LanguageIdentifier.default().identify(["broken \udcff text in English"])[0].lang == "en"


def test_non_candidate_language_is_kept_when_model_is_sure() -> None:
    rules = CandidateSet.from_file()
    narrow = CandidateSet(candidates=frozenset({"en"}), scripts=rules.scripts)
    ident = LanguageIdentifier(rules=narrow)
    text = "Le gouvernement a annoncé hier une nouvelle politique économique pour la région."
    assert ident.identify([text])[0].lang == "fr"


def test_summary_distribution_and_purity() -> None:
    frame = pl.DataFrame({"text": ["Hello there, my friend.", "สวัสดีครับ ยินดีต้อนรับ"]})
    out = add_language_columns(frame, column="text", declared=["en"])
    summary = summarize_languages(out, declared=["en"])
    assert summary["distribution"]["en"]["records"] == 1
    assert summary["purity"] == 0.5
    assert summary["model_sha256"] == model_sha256()
    assert model_path().is_file()


def test_dev_file_sample_accuracy() -> None:
    if not SHARED.is_file():
        pytest.skip("shared langid_dev.jsonl is absent")
    rows = [json.loads(line) for line in SHARED.read_text(encoding="utf-8").splitlines()]
    sample = pl.DataFrame(rows[::10])
    out = add_language_columns(sample, column="text", declared=[])
    correct = int((out["lang"] == sample["lang"]).sum())
    assert correct >= 0.97 * sample.height


def test_huge_record_gets_a_language() -> None:
    frame = pl.DataFrame({"text": ["ภาษาไทย " * 200_000, "1234567890" * 100_000]})
    out = add_language_columns(frame, column="text", declared=["th"])
    assert out["lang"].to_list() == ["th", "und"]


def test_mixed_language_lines_lower_the_share() -> None:
    mixed = (
        "The government announced a new economic policy for the region today.\n"
        "Pemerintah mengumumkan kebijakan ekonomi baru untuk wilayah itu hari ini.\n"
        "Pemerintah juga mengatakan bahwa anggaran akan ditambah tahun depan."
    )
    single = "The government announced a new policy today.\nThe minister said the budget will grow."
    mixed_result, single_result = LanguageIdentifier.default().identify([mixed, single])
    assert mixed_result.lang == "id"
    assert 0.5 < mixed_result.share < 0.8
    assert single_result.share == 1.0


def test_empty_and_all_null_frames() -> None:
    empty = pl.DataFrame({"text": []}, schema={"text": pl.String})
    out = add_language_columns(empty, column="text", declared=["en"])
    assert out.height == 0 and out.schema["lang_share"] == pl.Float64
    nulls = add_language_columns(pl.DataFrame({"text": [None]}), column="text", declared=[])
    assert nulls["lang"].to_list() == ["und"]
    assert summarize_languages(out, declared=["en"])["records"] == 0


def test_provenance_methods() -> None:
    ident = LanguageIdentifier.default()
    assert ident.model_path() == model_path()
    assert ident.model_sha256() == model_sha256()
    assert len(model_sha256()) == 64
