"""The signals stage end to end: content per type, masked columns, language, PII and signals."""

from __future__ import annotations

import json

import polars as pl

from quality.filters import apply_filters, summarize_filters
from quality.signals import add_content, add_signals, summarize_signals

EN = (
    "The committee met on Monday to discuss the new budget for the schools of the city.\n"
    "Members agreed that the plan needs more work before the vote, and the mayor said so.\n"
    "A final decision is expected at the end of the month, after the public hearings.\n"
    "Reporters can reach the office at press@example.com for the full text of the plan."
)
TH = (
    "ประเทศไทยมีประชากรประมาณหกสิบหกล้านคนและมีวัฒนธรรมที่หลากหลาย\n"
    "กรุงเทพมหานครเป็นเมืองหลวงของประเทศไทยและเป็นศูนย์กลางทางเศรษฐกิจ\n"
    "นักท่องเที่ยวจำนวนมากเดินทางมาเยี่ยมชมวัดและตลาดน้ำทุกปี\n"
    "อาหารไทยมีชื่อเสียงไปทั่วโลกเพราะรสชาติที่เข้มข้นและกลมกล่อม"
)


def test_add_content_per_type() -> None:
    instr = pl.DataFrame({"instruction": ["Do"], "input": [""], "output": ["Done"]})
    assert add_content(instr, dataset_type="instruction")["content"].to_list() == ["Do\nDone"]
    par = pl.DataFrame({"source": ["你好"], "target": ["Hello"]})
    assert add_content(par, dataset_type="parallel_corpus")["content"].to_list() == ["你好\nHello"]


def _run(texts: list[str]) -> pl.DataFrame:
    records = pl.DataFrame({"record_id": [f"r{i}" for i in range(len(texts))], "text": texts})
    content = add_content(records, dataset_type="text_corpus")
    return add_signals(content, dataset_type="text_corpus", declared_languages=["en", "th"])


def test_signals_add_columns_keep_rows_and_mask_pii() -> None:
    out = _run([EN, TH, "", "<p>" + EN + "</p>"])
    assert out["record_id"].to_list() == ["r0", "r1", "r2", "r3"]
    for column in (
        "content_norm",
        "content_masked",
        "text_masked",
        "script",
        "n_chars",
        "n_units",
        "lang",
        "lang_score",
        "lang_share",
        "lang_matches_declared",
        "pii_count",
        "pii_types",
        "q_dup_line_frac",
        "q_markup_frac",
    ):
        assert column in out.columns
    first = out.row(0, named=True)
    assert "press@example.com" not in first["content_masked"]
    assert "press@example.com" not in first["text_masked"]
    assert first["pii_count"] == 1
    assert out["lang"].to_list()[:2] == ["en", "th"]
    assert out["script"].to_list()[:2] == ["Latin", "Thai"]
    assert out.row(3, named=True)["content_norm"] == EN


def test_tag_then_filter_keeps_clean_thai_and_english() -> None:
    out = apply_filters(_run([EN, TH, "", "<p>" + EN + "</p>"]))
    assert out["drop_reason"].to_list() == [None, None, "empty_text", "markup"]


def test_instruction_type_masks_each_text_column() -> None:
    records = pl.DataFrame(
        {
            "record_id": ["a"],
            "instruction": ["Email bob@example.org"],
            "input": [""],
            "output": ["Sure."],
        }
    )
    content = add_content(records, dataset_type="instruction")
    out = add_signals(content, dataset_type="instruction", declared_languages=["en"])
    row = out.row(0, named=True)
    assert "bob@example.org" not in row["instruction_masked"]
    assert row["output_masked"] == "Sure."


def test_summaries_are_json_able() -> None:
    out = apply_filters(_run([EN, TH, ""]))
    signals = summarize_signals(out, declared=["en", "th"])
    filters = summarize_filters(out)
    json.dumps(signals)
    json.dumps(filters)
    assert signals["pii"]["records_by_type"] == {"EMAIL": 1}
    assert signals["scripts"]["Thai"] == 1
    assert filters["dropped_by_reason"] == {"empty_text": 1}


def test_signals_are_deterministic() -> None:
    assert _run([EN, TH]).equals(_run([EN, TH]))


def test_bad_input_gets_signals_and_a_reason() -> None:
    big = "Lorem dolor sit amet consectetur. " * 30_000
    texts = [big, "", "   ", "😀😀😀", "1234567890", "混合 mixed ภาษา text ខ្មែរ", "a\ufffdb"]
    out = apply_filters(_run(texts))
    assert out.height == len(texts)
    assert out["drop_reason"].to_list()[1:] == [
        "empty_text",
        "empty_text",
        "empty_text",
        "gopher_min_units",
        "gopher_min_units",
        "gopher_min_units",
    ]
    assert out["drop_reason"][0] == "gopher_max_units"
    assert out["n_units"][0] == 150_000


def test_mixed_language_batch_is_deterministic_and_order_independent() -> None:
    """Same records, same signals, whatever else shares the batch (batch-wide n-gram hashing)."""
    texts = [EN, TH, EN + "\n" + EN, "Xin chào thế giới. " * 20, "我爱北京天安门。" * 10, ""]
    first = _run(texts)
    assert first.equals(_run(texts))
    reversed_run = _run(texts[::-1]).reverse()
    assert first.drop("record_id").equals(reversed_run.drop("record_id"))
