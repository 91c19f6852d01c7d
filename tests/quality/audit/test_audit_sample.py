"""The audit sample: sizes from the rubric, determinism, kept records only, masked text only."""

from __future__ import annotations

import json
import math
from typing import Any

import polars as pl
import pytest

from quality.audit.sample import draw_audit_sample
from tests.quality.audit.conftest import make_records

SMALL: dict[str, Any] = {"quality_per_stratum": 100, "safety_total": 500, "double_min": 40}


def test_same_input_gives_the_same_sample_whatever_the_row_order(
    text_records: pl.DataFrame,
) -> None:
    first = draw_audit_sample(text_records, dataset_type="text_corpus", seed=7, **SMALL)
    shuffled = text_records.sample(fraction=1.0, shuffle=True, seed=1)
    second = draw_audit_sample(shuffled, dataset_type="text_corpus", seed=7, **SMALL)
    assert first.write_csv() == second.write_csv()


def test_another_seed_draws_another_sample(text_records: pl.DataFrame) -> None:
    first = draw_audit_sample(text_records, dataset_type="text_corpus", seed=7, **SMALL)
    other = draw_audit_sample(text_records, dataset_type="text_corpus", seed=8, **SMALL)
    assert set(first["record_id"]) != set(other["record_id"])


def test_quality_takes_min_of_stratum_size_and_quota(text_records: pl.DataFrame) -> None:
    sample = draw_audit_sample(text_records, dataset_type="text_corpus", seed=1, **SMALL)
    kept = text_records.filter(pl.col("drop_reason").is_null())
    sizes = kept.group_by(stratum=pl.col("source_file") + "|" + pl.col("lang")).len()
    drawn = sample.filter("in_quality").group_by("stratum").len()
    joined = sizes.join(drawn, on="stratum", how="left", suffix="_drawn")
    for row in joined.iter_rows(named=True):
        assert row["len_drawn"] == min(row["len"], 100), row


def test_safety_takes_min_of_records_and_total() -> None:
    records = make_records(300)
    sample = draw_audit_sample(records, dataset_type="text_corpus", seed=1, **SMALL)
    assert sample["in_safety"].sum() == 270  # every kept record: 300 minus 30 dropped
    big = draw_audit_sample(make_records(3000), dataset_type="text_corpus", seed=1, **SMALL)
    assert big["in_safety"].sum() == 500


def test_every_source_gets_its_own_safety_sample_of_at_least_100() -> None:
    records = make_records(3000).with_columns(
        source_file=pl.when(pl.int_range(pl.len()) < 80)
        .then(pl.lit("small.jsonl"))
        .otherwise(pl.col("source_file"))
    )
    sample = draw_audit_sample(records, dataset_type="text_corpus", seed=2, safety_total=300)
    per_source = sample.filter(pl.col("in_safety") | pl.col("in_source_safety"))
    counts = dict(per_source.group_by("source_file").len().iter_rows())
    assert counts.pop("small.jsonl") == 72  # every kept record of a source under 100
    assert min(counts.values()) >= 100
    assert sample["in_safety"].sum() == 300


def test_only_kept_records_and_only_masked_text(text_records: pl.DataFrame) -> None:
    sample = draw_audit_sample(text_records, dataset_type="text_corpus", seed=3, **SMALL)
    dropped = set(text_records.filter(pl.col("drop_reason").is_not_null())["record_id"])
    assert not dropped & set(sample["record_id"])
    assert "text" not in sample.columns
    assert "text_masked" in sample.columns
    assert not sample["text_masked"].str.contains("13800138000").any()


def test_double_subset_is_at_least_max_of_minimum_and_share(text_records: pl.DataFrame) -> None:
    sample = draw_audit_sample(
        text_records,
        dataset_type="text_corpus",
        seed=3,
        double_share=0.05,
        double_min=40,
        quality_per_stratum=400,
        safety_total=2000,
    )
    non_gold_double = sample.filter(pl.col("double") & ~pl.col("is_gold")).height
    assert non_gold_double == max(40, math.ceil(0.05 * sample.height))


def test_tiny_sample_is_double_annotated_in_full() -> None:
    sample = draw_audit_sample(make_records(50), dataset_type="text_corpus", seed=3)
    assert sample["double"].all()


def test_classification_strata_include_the_label_and_two_tasks() -> None:
    records = make_records(2000, dataset_type="classification")
    sample = draw_audit_sample(records, dataset_type="classification", seed=2, **SMALL)
    assert set(sample["audit_task"]) == {"classification", "text_quality"}
    labels = {stratum.split("|")[2] for stratum in sample.filter("in_quality")["stratum"]}
    assert labels == {"sport", "news", "food"}
    assert sample.filter(pl.col("audit_task") == "text_quality")["in_safety"].all()


def test_translation_gold_items_are_shuffled_pairs_mixed_in() -> None:
    records = make_records(2000, dataset_type="parallel_corpus")
    sample = draw_audit_sample(records, dataset_type="parallel_corpus", seed=5, **SMALL)
    gold = sample.filter("is_gold")
    assert gold.height == 40
    assert (gold["purpose"] == "gold").all() and gold["double"].all()
    assert {json.loads(a)["verdict"] for a in gold["gold_answer"]} == {"not_a_translation"}
    numbers = gold.select(
        s=pl.col("source_masked").str.extract(r"(\d+)"),
        t=pl.col("target_masked").str.extract(r"(\d+)"),
    )
    assert (numbers["s"] != numbers["t"]).all()
    positions = sample.with_row_index().filter("is_gold")["index"].to_list()
    assert min(positions) < sample.height // 2 < max(positions)
    assert sample.filter(~pl.col("is_gold"))["gold_answer"].is_null().all()


def test_text_gold_items_are_word_salad_of_kept_records(text_records: pl.DataFrame) -> None:
    sample = draw_audit_sample(text_records, dataset_type="text_corpus", seed=5, **SMALL)
    gold = sample.filter("is_gold")
    assert gold.height == 40
    assert (gold["audit_task"] == "text_quality").all()
    assert {json.loads(a)["verdict"] for a in gold["gold_answer"]} == {"fail"}
    originals = dict(text_records.select("record_id", "text_masked").iter_rows())
    for row in gold.iter_rows(named=True):
        original = originals[row["record_id"].removeprefix("gold-")]
        assert row["text_masked"] != original
        assert sorted(row["text_masked"].replace(" ", "")) == sorted(original.replace(" ", ""))


def test_operator_gold_file_is_validated_and_filled_from_records(
    text_records: pl.DataFrame,
) -> None:
    gold = pl.DataFrame(
        {
            "record_id": ["r000001"],
            "audit_task": ["text_quality"],
            "gold_answer": ['{ "verdict": "fail",  "risk": "privacy" }'],
        }
    )
    sample = draw_audit_sample(text_records, dataset_type="text_corpus", seed=5, gold=gold)
    row = sample.filter(pl.col("task_id") == "text_quality:r000001", "is_gold").row(0, named=True)
    assert row["gold_answer"] == '{"risk":"privacy","verdict":"fail"}'
    assert row["text_masked"] == "text 1 <PHONE>"
    with pytest.raises(ValueError, match="audit tasks"):
        draw_audit_sample(
            text_records,
            dataset_type="text_corpus",
            seed=5,
            gold=gold.with_columns(audit_task=pl.lit("poetry")),
        )


def test_duplicate_pairs_show_the_survivor_beside_the_removed_record() -> None:
    records = make_records(200).with_columns(
        dup_kind=pl.when(pl.int_range(pl.len()) % 20 == 5).then(pl.lit("near")),
        dup_of=pl.when(pl.int_range(pl.len()) % 20 == 5).then(pl.lit("r000001")),
    )
    records = records.with_columns(
        drop_reason=pl.when(pl.col("dup_kind") == "near")
        .then(pl.lit("duplicate_near"))
        .otherwise(pl.col("drop_reason"))
    )
    sample = draw_audit_sample(records, dataset_type="text_corpus", seed=5)
    pairs = sample.filter(pl.col("audit_task") == "duplicate_pair")
    assert pairs.height == 10
    assert (pairs["pair_record_id"] == "r000001").all()
    assert (pairs["text_b_masked"] == "text 1 <PHONE>").all()


def test_unknown_dataset_type_is_a_clear_error(text_records: pl.DataFrame) -> None:
    with pytest.raises(ValueError, match="unknown dataset_type"):
        draw_audit_sample(text_records, dataset_type="images", seed=1)


def test_safety_tasks_of_a_translation_corpus_show_the_masked_content_as_text() -> None:
    records = make_records(500, dataset_type="parallel_corpus")
    sample = draw_audit_sample(records, dataset_type="parallel_corpus", seed=5, **SMALL)
    safety = sample.filter(pl.col("audit_task") == "text_quality")
    assert (safety["text_masked"] == safety["content_masked"]).all()
    assert sample.filter(pl.col("audit_task") == "translation")["text_masked"].is_null().all()
    assert not {"source", "target"} & set(sample.columns)


def test_no_kept_records_gives_an_empty_sample_with_the_task_columns() -> None:
    records = make_records(20).with_columns(drop_reason=pl.lit("too_short"))
    sample = draw_audit_sample(records, dataset_type="text_corpus", seed=1)
    assert sample.is_empty()
    assert sample.columns[:4] == ["task_id", "record_id", "source_file", "audit_task"]
