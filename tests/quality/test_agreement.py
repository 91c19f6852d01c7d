"""Agreement and accuracy metrics against published worked examples and hand-counted cases."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl
import pytest

from quality.agreement import (
    adjudicate,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    normalized_edit_distance,
    per_annotator_gold_accuracy,
    percent_agreement,
    span_f1,
)


def _long(matrix: Mapping[str, Sequence[object]]) -> pl.DataFrame:
    """Observers x units (None = missing) as the long ratings table."""
    rows = [
        (unit, observer, value)
        for observer, values in matrix.items()
        for unit, value in enumerate(values, start=1)
    ]
    return pl.DataFrame(rows, schema=["item", "annotator", "value"], orient="row")


def _from_counts(counts: list[list[int]]) -> pl.DataFrame:
    """Fleiss-style subject x category counts as a long table (one row per rating)."""
    rows = []
    for subject, row in enumerate(counts):
        rater = 0
        for category, count in enumerate(row):
            for _ in range(count):
                rows.append((subject, f"r{rater}", f"c{category}"))
                rater += 1
    return pl.DataFrame(rows, schema=["item", "annotator", "value"], orient="row")


# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C (missing data).
KRIPPENDORFF_2011 = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}

# Wikipedia "Fleiss' kappa" worked example: 10 subjects, 14 raters, 5 categories.
FLEISS_WIKIPEDIA = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def test_krippendorff_nominal_with_missing_data_matches_2011_paper() -> None:
    assert krippendorff_alpha(_long(KRIPPENDORFF_2011)) == pytest.approx(0.743, abs=5e-4)


def test_krippendorff_ordinal_matches_2011_paper() -> None:
    alpha = krippendorff_alpha(_long(KRIPPENDORFF_2011), level="ordinal")
    assert alpha == pytest.approx(0.815, abs=5e-4)


def test_krippendorff_binary_two_observers_matches_2011_paper() -> None:
    table = _long({"A": [0, 1, 0, 0, 0, 0, 0, 0, 1, 0], "B": [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]})
    assert krippendorff_alpha(table) == pytest.approx(0.095, abs=5e-4)


def test_krippendorff_ordinal_uses_the_given_order_of_labels() -> None:
    table = _long({"A": ["low", "mid", "high", "mid"], "B": ["low", "high", "high", "mid"]})
    ordered = krippendorff_alpha(table, level="ordinal", order=["low", "mid", "high"])
    alphabetical = krippendorff_alpha(table, level="ordinal")
    assert ordered is not None and alphabetical is not None
    assert ordered > alphabetical


def test_krippendorff_is_undefined_without_variation_or_pairs() -> None:
    assert krippendorff_alpha(_long({"A": ["x", "x"], "B": ["x", "x"]})) is None
    assert krippendorff_alpha(_long({"A": ["x", None], "B": [None, "y"]})) is None


def test_fleiss_kappa_matches_wikipedia_example() -> None:
    table = _from_counts(FLEISS_WIKIPEDIA)
    assert fleiss_kappa(table) == pytest.approx(0.210, abs=5e-4)
    assert percent_agreement(table) == pytest.approx(0.378, abs=5e-4)


def test_cohen_kappa_matches_wikipedia_example() -> None:
    # 50 grant proposals: both yes 20, A yes B no 5, A no B yes 10, both no 15 -> kappa 0.4.
    pairs = [("yes", "yes")] * 20 + [("yes", "no")] * 5 + [("no", "yes")] * 10 + [("no", "no")] * 15
    table = _long({"A": [a for a, _ in pairs], "B": [b for _, b in pairs]})
    assert cohen_kappa(table) == pytest.approx(0.4)
    assert percent_agreement(table) == pytest.approx(0.7)


def test_cohen_kappa_needs_two_raters_or_an_explicit_pair() -> None:
    table = _long({"A": ["x", "y"], "B": ["x", "y"], "C": ["y", "y"]})
    with pytest.raises(ValueError, match="exactly two"):
        cohen_kappa(table)
    assert cohen_kappa(table, raters=("A", "B")) == pytest.approx(1.0)


def test_items_rated_once_do_not_count_towards_agreement() -> None:
    table = _long({"A": ["x", "y", "x"], "B": ["x", "x", None]})
    assert percent_agreement(table) == pytest.approx(0.5)


SPANS_A = '[{"start":0,"end":5,"label":"PER"},{"start":10,"end":12,"label":"LOC"}]'
SPANS_B = '[{"start":0,"end":5,"label":"PER"},{"start":9,"end":12,"label":"LOC"}]'


def test_span_f1_exact_and_overlap_between_annotators() -> None:
    table = pl.DataFrame(
        {
            "item": [1, 1, 2, 2],
            "annotator": ["a", "b", "a", "b"],
            "value": [SPANS_A, SPANS_B, "[]", '[{"start":1,"end":3,"label":"ORG"}]'],
        }
    )
    # exact: a matches 1 of 2 spans, b matches 1 of 3 -> P 1/2, R 1/3, F1 0.4
    assert span_f1(table) == pytest.approx(0.4)
    # overlap: the LOC spans overlap -> P 1, R 2/3, F1 0.8
    assert span_f1(table, mode="overlap") == pytest.approx(0.8)


def test_span_f1_against_a_reference_and_label_must_match() -> None:
    table = pl.DataFrame(
        {"item": [1], "annotator": ["a"], "value": ['[{"start":0,"end":5,"label":"ORG"}]']}
    )
    reference = pl.DataFrame({"item": [1], "value": ['[{"start":0,"end":5,"label":"PER"}]']})
    assert span_f1(table, reference=reference) == 0.0
    assert span_f1(table, reference=table.select("item", "value")) == pytest.approx(1.0)


def test_normalized_edit_distance_of_corrections() -> None:
    table = pl.DataFrame(
        {"item": [1, 1, 2, 2], "annotator": ["a", "b"] * 2, "value": ["kitten", "sitting", "", ""]}
    )
    assert normalized_edit_distance(table) == pytest.approx((3 / 7 + 0.0) / 2)
    reference = pl.DataFrame({"item": [1], "value": ["kitten"]})
    assert normalized_edit_distance(table, reference=reference) == pytest.approx(3 / 14)


def test_per_annotator_gold_accuracy_counts_and_intervals() -> None:
    annotations = pl.DataFrame(
        {
            "item": [1, 1, 2, 2, 3],
            "annotator": ["a", "b", "a", "b", "c"],
            "value": ["bad", "bad", "ok", "bad", "ok"],
            "lead_time": [2.0, 4.0, 6.0, 8.0, 1.0],
        }
    )
    gold = pl.DataFrame({"item": [1, 2], "value": ["bad", "ok"]})
    table = per_annotator_gold_accuracy(annotations, gold)
    rows = {row["annotator"]: row for row in table.iter_rows(named=True)}
    assert (rows["a"]["n_gold"], rows["a"]["n_correct"], rows["a"]["accuracy"]) == (2, 2, 1.0)
    assert rows["b"]["accuracy"] == 0.5
    assert rows["b"]["accuracy_low"] < 0.5 < rows["b"]["accuracy_high"]
    assert rows["c"]["n_gold"] == 0 and rows["c"]["accuracy"] is None
    assert rows["a"]["median_lead_time"] == 4.0


def test_adjudicate_majority_tie_and_disagreement() -> None:
    annotations = pl.DataFrame(
        {
            "item": ["t1", "t1", "t2", "t2", "t3", "t3", "t3"],
            "annotator": ["a", "b", "a", "b", "a", "b", "c"],
            "value": ["pass", "pass", "pass", "fail", "fail", "pass", "fail"],
        }
    )
    result = adjudicate(annotations).sort("item")
    assert result["label"].to_list() == ["pass", None, "fail"]
    assert result["needs_review"].to_list() == [False, True, False]
    assert result["disagreement"].to_list() == [False, True, True]
