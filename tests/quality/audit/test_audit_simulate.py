"""Simulated annotators: seeded, marked simulated, and the metrics recover their error rates."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from quality.agreement import cohen_kappa, per_annotator_gold_accuracy
from quality.audit.simulate import expected_cohen_kappa, simulate_annotations

CHOICES = ["pass", "fail", "unsure"]


def _tasks(n: int, *, shares: list[float], double: bool = True) -> pl.DataFrame:
    """``n`` tasks whose ground truth is drawn with the given choice shares."""
    truth = np.random.default_rng(11).choice(CHOICES, size=n, p=shares)
    return pl.DataFrame(
        {"task_id": [f"t{i:04d}" for i in range(n)], "truth": truth, "double": [double] * n}
    )


def _empirical_shares(tasks: pl.DataFrame) -> list[float]:
    return [float((tasks["truth"] == choice).mean()) for choice in CHOICES]  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_recovered_kappa_is_within_005_of_expected_on_1000_items(seed: int) -> None:
    tasks = _tasks(1000, shares=[0.6, 0.3, 0.1])
    answers = simulate_annotations(
        tasks,
        annotators=2,
        error_rates=[0.1, 0.2],
        seed=seed,
        truth_column="truth",
        choices=CHOICES,
    )
    expected = expected_cohen_kappa(error_rates=(0.1, 0.2), truth_shares=_empirical_shares(tasks))
    assert cohen_kappa(answers) == pytest.approx(expected, abs=0.05)


def test_gold_accuracy_recovers_each_error_rate() -> None:
    tasks = _tasks(1000, shares=[0.5, 0.3, 0.2])
    answers = simulate_annotations(
        tasks,
        annotators=3,
        error_rates=[0.0, 0.1, 0.3],
        seed=9,
        truth_column="truth",
        choices=CHOICES,
    )
    gold = tasks.select(item="task_id", value="truth")
    accuracy = per_annotator_gold_accuracy(answers, gold)["accuracy"].to_list()
    assert accuracy[0] == 1.0
    assert accuracy[1] == pytest.approx(0.9, abs=0.03)
    assert accuracy[2] == pytest.approx(0.7, abs=0.04)


def test_same_seed_same_answers_and_names_say_simulated() -> None:
    tasks = _tasks(200, shares=[0.8, 0.1, 0.1], double=False)
    kwargs = {
        "annotators": 3,
        "error_rates": [0.1] * 3,
        "truth_column": "truth",
        "choices": CHOICES,
    }
    first = simulate_annotations(tasks, seed=4, **kwargs)  # type: ignore[arg-type]
    again = simulate_annotations(tasks, seed=4, **kwargs)  # type: ignore[arg-type]
    assert first.equals(again)
    assert first["simulated"].all()
    assert set(first["annotator"]) == {"simulated-1", "simulated-2", "simulated-3"}
    assert first.height == 200  # single-annotated tasks go to one annotator each


def test_double_tasks_go_to_every_annotator() -> None:
    tasks = _tasks(10, shares=[0.8, 0.1, 0.1]).with_columns(double=pl.int_range(10) < 4)
    answers = simulate_annotations(
        tasks, annotators=3, error_rates=[0.1] * 3, seed=1, truth_column="truth", choices=CHOICES
    )
    assert answers.height == 4 * 3 + 6


def test_one_error_rate_per_annotator() -> None:
    with pytest.raises(ValueError, match="one error rate per annotator"):
        simulate_annotations(
            _tasks(5, shares=[1, 0, 0]),
            annotators=2,
            error_rates=[0.1],
            seed=1,
            truth_column="truth",
            choices=CHOICES,
        )


def test_expected_kappa_is_one_without_errors_and_falls_with_them() -> None:
    perfect = expected_cohen_kappa(error_rates=(0.0, 0.0), truth_shares=[0.5, 0.5])
    noisy = expected_cohen_kappa(error_rates=(0.2, 0.2), truth_shares=[0.5, 0.5])
    assert perfect == pytest.approx(1.0)
    assert noisy == pytest.approx(0.36)  # (0.68 - 0.5) / 0.5


def test_truth_outside_the_choices_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="not among the choices"):
        simulate_annotations(
            _tasks(5, shares=[1, 0, 0]),
            annotators=1,
            error_rates=[0.1],
            seed=1,
            truth_column="truth",
            choices=["yes", "no"],
        )
