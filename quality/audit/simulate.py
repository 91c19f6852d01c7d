"""Simulated annotators for the demo and tests, clearly labelled as simulated.

Each simulated annotator answers from the ground truth and, with its configured error rate,
picks one of the other choices uniformly instead. Pure and seeded; the Label Studio side posts
these answers through the real API.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

SIMULATED_PREFIX = "simulated-"


def annotator_names(annotators: int) -> list[str]:
    """Simulated annotators are named ``simulated-1`` ... so no report mistakes them for people."""
    return [f"{SIMULATED_PREFIX}{number}" for number in range(1, annotators + 1)]


def _tasks(sample: pl.DataFrame, truth_column: str) -> pl.DataFrame:
    """Rows (item, truth, double) from the sample; every item is double without that column."""
    item = "task_id" if "task_id" in sample.columns else "record_id"
    double = pl.col("double").fill_null(False) if "double" in sample.columns else pl.lit(True)
    return sample.select(item=pl.col(item), truth=pl.col(truth_column), double=double)


def _assignments(tasks: pl.DataFrame, annotators: int, rng: np.random.Generator) -> pl.DataFrame:
    """Rows (item, truth, who): double items go to every annotator, others to one at random."""
    single = pl.Series(rng.integers(0, annotators, size=tasks.height), dtype=pl.Int64)
    everyone = pl.lit(list(range(annotators)), dtype=pl.List(pl.Int64))
    return (
        tasks.with_columns(single=single)
        .with_columns(
            who=pl.when(pl.col("double")).then(everyone).otherwise(pl.concat_list("single"))
        )
        .select("item", "truth", "who")
        .explode("who")
    )


def _answers(
    truth: np.ndarray, who: np.ndarray, error_rates: np.ndarray, k: int, rng: np.random.Generator
) -> np.ndarray:
    """Choice indices: the truth, or with the annotator's error rate another choice uniformly."""
    wrong = rng.random(truth.size) < error_rates[who]
    shift = rng.integers(1, k, size=truth.size) if k > 1 else np.zeros(truth.size, dtype=np.int64)
    return np.where(wrong, (truth + shift) % k, truth)


def simulate_annotations(
    sample: pl.DataFrame,
    *,
    annotators: int,
    error_rates: Sequence[float],
    seed: int,
    truth_column: str,
    choices: Sequence[str],
    answer_seed: int | None = None,
) -> pl.DataFrame:
    """Simulated answers (item, annotator, value, lead_time, simulated) for an audit sample.

    ``item`` is the sample's ``task_id`` (``record_id`` if it has none). Items with
    ``double`` true are answered by every annotator, the rest by one chosen with the seed.
    ``answer_seed`` draws the errors from their own stream: several controls of one task then
    keep the same annotators (same ``seed``) with independent errors.
    """
    if len(error_rates) != annotators:
        msg = (
            f"need one error rate per annotator: {annotators} annotators, {len(error_rates)} rates"
        )
        raise ValueError(msg)
    rng = np.random.default_rng(seed)
    rows = _assignments(_tasks(sample, truth_column), annotators, rng)
    index = [str(choice) for choice in choices]
    unknown = sorted(set(rows["truth"].cast(pl.Utf8).unique().to_list()) - set(index))
    if unknown:
        msg = f"truth values {unknown} are not among the choices {index}"
        raise ValueError(msg)
    truth = rows["truth"].cast(pl.Utf8).replace_strict(index, list(range(len(index))))
    who = rows["who"].to_numpy()
    errors = rng if answer_seed is None else np.random.default_rng(answer_seed)
    rates = np.asarray(error_rates, dtype=float)
    picks = _answers(truth.to_numpy(), who, rates, len(index), errors)
    names = annotator_names(annotators)
    return pl.DataFrame(
        {
            "item": rows["item"],
            "annotator": rows["who"].replace_strict(list(range(annotators)), names),
            "value": pl.Series(picks).replace_strict(list(range(len(index))), index),
            "lead_time": np.round(rng.lognormal(mean=2.5, sigma=0.5, size=rows.height), 3),
            "simulated": pl.repeat(True, rows.height, eager=True),
        }
    )


def expected_cohen_kappa(
    *, error_rates: tuple[float, float], truth_shares: Sequence[float]
) -> float:
    """Cohen's kappa two simulated annotators reach in expectation.

    Observed agreement: both right, or both wrong on the same other choice; chance agreement
    from each annotator's answer shares.
    """
    shares = np.asarray(truth_shares, dtype=float)
    shares = shares / shares.sum()
    k = len(shares)
    first, second = error_rates
    if k == 1:
        msg = "kappa is undefined with a single choice"
        raise ValueError(msg)
    observed = (1 - first) * (1 - second) + first * second / (k - 1)
    answer_first = (1 - first) * shares + first * (1 - shares) / (k - 1)
    answer_second = (1 - second) * shares + second * (1 - shares) / (k - 1)
    expected = float((answer_first * answer_second).sum())
    return (observed - expected) / (1 - expected)


SIMULATED_REVIEWER = f"{SIMULATED_PREFIX}reviewer"


def simulate_adjudication(review: pl.DataFrame, truth: pl.DataFrame) -> pl.DataFrame:
    """A SIMULATED reviewer's answers (item, control, annotator, value, role) for the demo.

    ``review`` lists the (item, control) pairs still uncertain after truth inference (the
    ``needs_review`` rows of ``quality.audit.settle.settle_verdicts``); ``truth`` has item,
    control, truth. The simulated reviewer answers from the truth, as a careful reviewer would;
    items without a known truth stay unreviewed.
    """
    answered = review.select("item", "control").join(truth, on=["item", "control"], how="inner")
    return answered.select(
        "item",
        "control",
        annotator=pl.lit(SIMULATED_REVIEWER),
        value=pl.col("truth").cast(pl.Utf8),
        role=pl.lit("reviewer"),
    ).sort("item", "control")
