"""Settled verdicts: truth inference weighted by gold accuracy, reviews, and the G2/G3 outcome.

The done-when of issue 13 runs here through the real functions: a clean corpus audited by
simulated annotators erring 5% and 10% passes G2/G3; one with 8% planted harmful records fails
G2. crowd-kit's Dawid–Skene is the oracle for the inference on fully double-annotated data.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest
from crowdkit.aggregation import DawidSkene, OneCoinDawidSkene

from graders.collect_audit import audit_measurements
from graders.gates import evaluate_gates
from graders.rubric import load_rubric
from quality.audit.adjudicate import adjudicate
from quality.audit.rules import RISK_CHOICES
from quality.audit.sample import draw_audit_sample
from quality.audit.settle import SettleOptions, annotator_accuracy, settle_verdicts
from quality.audit.simulate import simulate_adjudication, simulate_annotations
from quality.audit.summary import summarize_audit
from schemas.measurements import Measurements
from tests.graders.conftest import base_measurements as base
from tests.quality.audit.conftest import make_records

ERRORS = (0.05, 0.10)


def _votes(truth: list[str], *, annotators: int, errors: list[float], seed: int) -> pl.DataFrame:
    """Every item answered by every annotator on the risk control."""
    sample = pl.DataFrame({"record_id": [f"i{i:05d}" for i in range(len(truth))], "truth": truth})
    answers = simulate_annotations(
        sample.with_columns(double=pl.lit(True)),
        annotators=annotators,
        error_rates=errors,
        seed=seed,
        truth_column="truth",
        choices=RISK_CHOICES,
    )
    return answers.select("item", "annotator", "value", control=pl.lit("risk"))


def test_settled_labels_match_crowd_kit_on_double_annotated_items() -> None:
    """Same labels as crowd-kit's one-coin Dawid–Skene; at least as right as its full model."""
    rng = np.random.default_rng(1)
    truth = rng.choice(["none", "violence", "hate"], size=2000, p=[0.8, 0.15, 0.05]).tolist()
    votes = _votes(truth, annotators=3, errors=[0.05, 0.1, 0.3], seed=2)
    accuracy = {"simulated-1": 0.95, "simulated-2": 0.9, "simulated-3": 0.7}
    ours = settle_verdicts(
        votes,
        accuracy=accuracy,
        choices={"risk": RISK_CHOICES},
        options=SettleOptions(min_posterior=0.0),
    )
    frame = pd.DataFrame(
        {"task": votes["item"], "worker": votes["annotator"], "label": votes["value"]}
    )
    one_coin = OneCoinDawidSkene(n_iter=100).fit_predict(frame)
    full = DawidSkene(n_iter=100).fit_predict(frame)
    table = ours.select("item", "label").join(
        pl.DataFrame(
            {
                "item": [f"i{i:05d}" for i in range(len(truth))],
                "truth": truth,
                "one_coin": one_coin.loc[[f"i{i:05d}" for i in range(len(truth))]].tolist(),
                "full": full.loc[[f"i{i:05d}" for i in range(len(truth))]].tolist(),
            }
        ),
        on="item",
    )
    assert (table["label"] == table["one_coin"]).mean() >= 0.99
    ours_right = (table["label"] == table["truth"]).mean()
    assert ours_right >= 0.99
    assert ours_right >= (table["full"] == table["truth"]).mean()


def test_a_single_wrong_vote_on_a_clean_corpus_is_not_settled_as_harm() -> None:
    """Majority vote (the old rule) settles a lone "violence" vote as harm; inference does not."""
    truth = ["none"] * 1000
    votes = _votes(truth, annotators=1, errors=[0.1], seed=3)
    wrong = votes.filter(pl.col("value") != "none")
    assert wrong.height > 50
    majority = adjudicate(votes)
    assert majority.filter(pl.col("label") != "none").height == wrong.height
    settled = settle_verdicts(votes, accuracy={"simulated-1": 0.9}, choices={"risk": RISK_CHOICES})
    assert settled.filter(pl.col("label").is_not_null() & (pl.col("label") != "none")).height == 0


def test_uncertain_items_need_review_and_a_reviewer_settles_them() -> None:
    """Two equally good annotators split on "a", in a corpus half harmful: a coin flip."""
    agreed = [(f"k{i:02d}", w, "violence" if i % 2 else "none") for i in range(20) for w in "xy"]
    rows = [*agreed, ("a", "x", "none"), ("a", "y", "violence")]
    votes = pl.DataFrame(rows, schema=["item", "annotator", "value"], orient="row").with_columns(
        control=pl.lit("risk")
    )
    accuracy = {"x": 0.9, "y": 0.9}
    settled = settle_verdicts(votes, accuracy=accuracy, choices={"risk": RISK_CHOICES})
    review = settled.filter(pl.col("needs_review"))
    assert review["item"].to_list() == ["a"] and review["label"].to_list() == [None]
    truth = pl.DataFrame({"item": ["a"], "control": ["risk"], "truth": ["violence"]})
    answers = simulate_adjudication(review, truth)
    assert answers["role"].to_list() == ["reviewer"]
    again = settle_verdicts(
        pl.concat(
            [
                votes.with_columns(role=pl.lit(None, dtype=pl.Utf8)),
                answers.select("item", "control", "annotator", "value", "role"),
            ],
            how="diagonal",
        ),
        accuracy=accuracy,
        choices={"risk": RISK_CHOICES},
    )
    row = again.filter(pl.col("item") == "a").row(0, named=True)
    assert row["label"] == "violence" and row["adjudicated"] and not row["needs_review"]


def test_gold_accuracy_is_smoothed_towards_the_prior() -> None:
    table = pl.DataFrame({"annotator": ["x", "y"], "n_gold": [5, 0], "n_correct": [5, 0]})
    accuracy = annotator_accuracy(table)
    assert accuracy["x"] == pytest.approx((5 + 8) / 15)
    assert accuracy["y"] == pytest.approx(0.8)


def _audit(planted_share: float) -> tuple[dict[str, Any], pl.DataFrame]:
    """Draw a real audit sample of 6,000 text records, let two simulated annotators (5%, 10%)
    answer risk and verdict, settle, let the simulated reviewer settle what is uncertain."""
    records = make_records(6000, seed=4)
    rng = np.random.default_rng(5)
    harmful = rng.random(records.height) < planted_share
    records = records.with_columns(
        risk_truth=pl.Series(harmful).replace_strict(
            {True: "violence", False: "none"}, return_dtype=pl.Utf8
        )
    )
    sample = draw_audit_sample(records, dataset_type="text_corpus", seed=6)
    tasks = sample.filter(pl.col("audit_task") == "text_quality").join(
        records.select("record_id", "risk_truth"), on="record_id", how="left"
    )
    tasks = tasks.with_columns(
        risk_truth=pl.col("risk_truth").fill_null("none"),
        verdict_truth=pl.when(pl.col("is_gold")).then(pl.lit("fail")).otherwise(pl.lit("pass")),
        record_id=pl.col("task_id"),
    )
    parts = []
    for control, column, choices in (
        ("risk", "risk_truth", RISK_CHOICES),
        ("verdict", "verdict_truth", ("pass", "fail")),
    ):
        answers = simulate_annotations(
            tasks, annotators=2, error_rates=ERRORS, seed=7, truth_column=column, choices=choices
        )
        parts.append(answers.select("item", "annotator", "value", control=pl.lit(control)))
    votes = pl.concat(parts)
    first = summarize_audit(votes, sample, simulated=True)
    review = pl.DataFrame({"item": first["adjudication"]["review_items"]}).with_columns(
        control=pl.lit("risk")
    )
    truth = tasks.select(item="task_id", control=pl.lit("risk"), truth="risk_truth")
    reviewed = simulate_adjudication(review, truth)
    full = pl.concat(
        [
            votes.with_columns(role=pl.lit(None, dtype=pl.Utf8)),
            reviewed.select([*votes.columns, "role"]),
        ],
        how="diagonal",
    )
    return summarize_audit(full, sample, simulated=True), sample


def _gates(section: dict[str, Any], base: dict[str, Any]) -> dict[str, bool]:
    data = json.loads(json.dumps(base))
    data["audit"] = audit_measurements(section).model_dump(mode="json")
    data["dedup"]["survivors"] = 6000
    m = Measurements.model_validate(data)
    results = evaluate_gates(load_rubric().rubric.gates, m, labelled=False)
    return {g.id: g.passed for g in results}


@pytest.fixture(scope="module")
def clean_audit() -> dict[str, Any]:
    return _audit(0.0)[0]


def test_clean_corpus_with_noisy_annotators_passes_g2_and_g3(clean_audit: dict[str, Any]) -> None:
    safety = clean_audit["rates"]["safety"]
    assert safety["n"] >= 4000 and safety["passes"] == safety["n"]
    gates = _gates(clean_audit, base())
    assert gates["G2"] and gates["G3"]


def test_eight_percent_planted_harm_fails_g2() -> None:
    section, _ = _audit(0.08)
    by_source = section["rates"]["safety"]["by_source"]
    worst = max((c["n"] - c["passes"]) / c["n"] for c in by_source.values())
    assert worst > 0.05
    assert not _gates(section, base())["G2"]
