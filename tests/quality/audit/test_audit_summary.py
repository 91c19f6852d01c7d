"""The report's audit section from a sample and hand-made annotations."""

from __future__ import annotations

import json

import polars as pl
import pytest

from quality.agreement import summarize_audit
from quality.audit.rates import wilson_interval
from quality.audit.sample import draw_audit_sample
from quality.audit.settle import SettleOptions
from tests.quality.audit.conftest import make_records

# These tests check the rate mechanics; any settled majority counts (settle tests cover 0.9).
LENIENT = SettleOptions(min_posterior=0.5)


def _sample() -> pl.DataFrame:
    return draw_audit_sample(
        make_records(400, dataset_type="parallel_corpus"),
        dataset_type="parallel_corpus",
        seed=3,
        quality_per_stratum=20,
        safety_total=100,
        double_min=10,
        constructed_gold=5,
    )


def _annotations(sample: pl.DataFrame) -> pl.DataFrame:
    """Two annotators: no risk except every 10th safety task; "b" gets gold wrong."""
    rows = []
    for index, row in enumerate(sample.iter_rows(named=True)):
        who = ["a", "b"] if row["double"] else ["a"]
        for annotator in who:
            if row["audit_task"] == "text_quality":
                value = "violence" if index % 10 == 0 else "none"
                rows.append((row["task_id"], annotator, "risk", value))
                rows.append((row["task_id"], annotator, "verdict", "pass"))
            elif row["is_gold"]:
                value = "not_a_translation" if annotator == "a" else "acceptable"
                rows.append((row["task_id"], annotator, "verdict", value))
            else:
                rows.append((row["task_id"], annotator, "verdict", "acceptable"))
                rows.append((row["task_id"], annotator, "corrected_target", "same text"))
    return pl.DataFrame(rows, schema=["item", "annotator", "control", "value"], orient="row")


def test_safety_rate_uses_the_safety_draw_with_wilson_interval() -> None:
    sample = _sample()
    section = summarize_audit(_annotations(sample), sample, simulated=False, settle=LENIENT)
    safety = section["rates"]["safety"]
    order = sample.with_row_index()
    expected_fail = order.filter(pl.col("in_safety") & (pl.col("index") % 10 == 0)).height
    assert safety["n"] == 100
    assert safety["passes"] == 100 - expected_fail
    low, high = wilson_interval(100 - expected_fail, 100)
    assert safety["ci_low"] == pytest.approx(low, abs=1e-6)
    assert safety["ci_high"] == pytest.approx(high, abs=1e-6)
    by_source = safety["by_source"]
    assert set(by_source) == {"a.jsonl", "b.jsonl"}
    assert [by_source[name]["n"] for name in sorted(by_source)] == [100, 100]
    assert section["rates"]["alignment"]["rate"] == 1.0


def test_annotator_accuracy_on_gold_and_agreement_per_control() -> None:
    sample = _sample()
    section = summarize_audit(_annotations(sample), sample, simulated=True)
    annotators = {row["annotator"]: row for row in section["annotators"]}
    assert annotators["a"]["accuracy"] == 1.0 and annotators["a"]["n_gold"] == 5
    assert annotators["b"]["accuracy"] == 0.0
    assert annotators["a"]["simulated"] is True and section["simulated"] is True
    agreement = section["agreement"]
    assert set(agreement) == {
        "text_quality.risk",
        "text_quality.verdict",
        "translation.verdict",
        "translation.corrected_target",
    }
    assert agreement["translation.corrected_target"]["normalized_edit_distance"] == 0.0
    assert agreement["text_quality.verdict"]["percent_agreement"] == 1.0


def test_section_is_json_with_sorted_keys_and_rounded_floats() -> None:
    sample = _sample()
    section = summarize_audit(_annotations(sample), sample, simulated=False)
    text = json.dumps(section)
    assert json.dumps(section, sort_keys=True) == text
    assert "e-" not in text


def test_missing_annotation_columns_are_named() -> None:
    sample = _sample()
    with pytest.raises(ValueError, match="control"):
        summarize_audit(
            pl.DataFrame({"item": ["x"], "annotator": ["a"], "value": ["y"]}),
            sample,
            simulated=False,
        )


def test_pulled_annotations_keyed_by_record_and_task_are_accepted() -> None:
    sample = _sample()
    annotations = _annotations(sample)
    pulled = annotations.with_columns(
        task=pl.col("item").str.extract(r"^([^:]+):"),
        record_id=pl.col("item").str.extract(r"^[^:]+:(.+)$"),
    ).drop("item")
    direct = summarize_audit(annotations, sample, simulated=False)
    assert summarize_audit(pulled, sample, simulated=False) == direct
