"""Settled verdicts: truth inferred from every annotation of an item, not a single vote.

The model is the one-coin Dawid–Skene model: annotator ``w`` gives the true choice with
probability ``a_w`` and any other of the control's ``K`` choices with ``(1 - a_w) / (K - 1)``.
``a_w`` is the annotator's measured gold accuracy (smoothed towards a prior so that a handful of
gold items cannot claim perfection); the class priors are fitted by EM over all items of the
control. An item is settled when its most probable choice reaches ``min_posterior``; otherwise it
needs review, and a reviewer's answer (role ``reviewer``) settles it. Why fixed accuracies: the
audit sample annotates most items once, so a full EM over confusion matrices would learn from
single votes that every annotator is always right; gold items and double annotations are the
only places an error can be seen. crowd-kit's ``DawidSkene`` is the test oracle on fully
double-annotated data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

__all__ = ["DEFAULT_SETTLE", "SettleOptions", "annotator_accuracy", "settle_verdicts"]

REVIEWER = "reviewer"
"""The ``role`` of an adjudicator's answer; annotations without a role are annotators'."""

SETTLED_SCHEMA = pl.Schema(
    {
        "item": pl.Utf8,
        "control": pl.Utf8,
        "label": pl.Utf8,
        "posterior": pl.Float64,
        "n_annotations": pl.Int64,
        "disagreement": pl.Boolean,
        "needs_review": pl.Boolean,
        "adjudicated": pl.Boolean,
    }
)


@dataclass(frozen=True)
class SettleOptions:
    """How verdicts are settled (the rubric's audit parameters).

    ``prior_accuracy`` and ``prior_weight`` smooth gold accuracy: an annotator with ``c`` correct
    of ``n`` gold items gets ``(c + prior_accuracy * prior_weight) / (n + prior_weight)``.
    """

    min_posterior: float = 0.9
    prior_accuracy: float = 0.8
    prior_weight: float = 10.0
    em_iterations: int = 50


DEFAULT_SETTLE = SettleOptions()


def annotator_accuracy(
    gold_table: pl.DataFrame, *, options: SettleOptions = DEFAULT_SETTLE
) -> dict[str, float]:
    """Smoothed gold accuracy per annotator from ``per_annotator_gold_accuracy``'s table."""
    weight, prior = options.prior_weight, options.prior_accuracy
    return {
        str(row["annotator"]): (int(row["n_correct"]) + prior * weight)
        / (int(row["n_gold"]) + weight)
        for row in gold_table.iter_rows(named=True)
    }


def _log_likelihood(
    votes: pl.DataFrame, items: list[str], choices: list[str], accuracy: np.ndarray
) -> np.ndarray:
    """log P(votes of item i | true choice c) under the one-coin model, shape (items, K)."""
    k = len(choices)
    row = votes["item"].replace_strict(items, list(range(len(items)))).to_numpy()
    col = votes["value"].replace_strict(choices, list(range(k))).to_numpy()
    right = np.log(np.clip(accuracy, 1e-6, 1 - 1e-6))
    wrong = np.log(np.clip((1 - accuracy) / (k - 1), 1e-9, 1.0))
    table = np.zeros((len(items), k))
    np.add.at(table, row, wrong[:, None] * np.ones(k))
    np.add.at(table, (row, col), right - wrong)
    return table


def _posterior(log_like: np.ndarray, iterations: int) -> np.ndarray:
    """Class posteriors per item with the class priors fitted by EM."""
    k = log_like.shape[1]
    priors = np.full(k, 1.0 / k)
    shifted = np.exp(log_like - log_like.max(axis=1, keepdims=True))
    post = shifted
    for _ in range(max(1, iterations)):
        joint = shifted * priors
        post = joint / joint.sum(axis=1, keepdims=True)
        priors = np.clip(post.mean(axis=0), 1e-6, None)
        priors = priors / priors.sum()
    return post


def _control_choices(votes: pl.DataFrame, declared: Sequence[str] | None) -> list[str]:
    """The control's choices: the declared ones plus any observed, at least two."""
    seen = sorted(set(votes["value"].to_list()))
    names = list(dict.fromkeys([*(declared or []), *seen]))
    return names if len(names) > 1 else [*names, "\x00other"]


def _settle_control(
    votes: pl.DataFrame,
    *,
    accuracy: Mapping[str, float],
    choices: Sequence[str] | None,
    options: SettleOptions,
) -> pl.DataFrame:
    """Settled rows of one control's annotator votes (no reviewer answers)."""
    items = sorted(set(votes["item"].to_list()))
    names = _control_choices(votes, choices)
    acc = np.array([accuracy.get(w, options.prior_accuracy) for w in votes["annotator"]])
    post = _posterior(_log_likelihood(votes, items, names, acc), options.em_iterations)
    best = post.argmax(axis=1)
    top = post[np.arange(len(items)), best]
    stats = votes.group_by("item").agg(
        n_annotations=pl.len().cast(pl.Int64), disagreement=pl.col("value").n_unique() > 1
    )
    sure = top >= options.min_posterior
    return pl.DataFrame(
        {
            "item": items,
            "label": [names[b] if ok else None for b, ok in zip(best, sure, strict=True)],
            "posterior": top,
            "needs_review": ~sure,
        },
        schema_overrides={"label": pl.Utf8},
    ).join(stats, on="item")


def _apply_reviews(settled: pl.DataFrame, reviews: pl.DataFrame) -> pl.DataFrame:
    """A reviewer's answer settles the item (the last one by value order when several)."""
    last = (
        reviews.sort("item", "control", "value")
        .group_by("item", "control")
        .agg(review=pl.col("value").last())
    )
    joined = settled.join(last, on=["item", "control"], how="left")
    reviewed = pl.col("review").is_not_null()
    return joined.with_columns(
        label=pl.when(reviewed).then(pl.col("review")).otherwise(pl.col("label")),
        needs_review=pl.col("needs_review") & ~reviewed,
        adjudicated=reviewed,
    ).drop("review")


def settle_verdicts(
    annotations: pl.DataFrame,
    *,
    accuracy: Mapping[str, float],
    choices: Mapping[str, Sequence[str]] | None = None,
    options: SettleOptions = DEFAULT_SETTLE,
) -> pl.DataFrame:
    """One row per (item, control): label (null while unsettled), posterior, n_annotations,
    disagreement, needs_review, adjudicated.

    ``annotations`` has item, control, annotator, value and optionally ``role``; rows with role
    ``reviewer`` are adjudications and override the inferred label. ``accuracy`` maps annotator
    to gold accuracy (see ``annotator_accuracy``); ``choices`` names each control's choices
    (the label config), else the observed values are used.

    >>> votes = pl.DataFrame({"item": ["a", "a", "b"], "control": ["risk"] * 3,
    ...     "annotator": ["x", "y", "x"], "value": ["none", "none", "none"]})
    >>> settle_verdicts(votes, accuracy={"x": 0.95, "y": 0.9})["label"].to_list()
    ['none', 'none']
    """
    table = annotations.drop_nulls("value").with_columns(
        pl.col("item", "control", "annotator", "value").cast(pl.Utf8)
    )
    role = pl.col("role") if "role" in table.columns else pl.lit(None, dtype=pl.Utf8)
    table = table.with_columns(_role=role.fill_null("annotator"))
    votes = table.filter(pl.col("_role") != REVIEWER)
    parts = [
        _settle_control(
            group,
            accuracy=accuracy,
            choices=(choices or {}).get(str(control)),
            options=options,
        ).with_columns(control=pl.lit(str(control)), adjudicated=pl.lit(False))
        for (control,), group in votes.sort("control", "item").group_by(
            "control", maintain_order=True
        )
    ]
    settled = pl.concat(parts, how="diagonal") if parts else pl.DataFrame(schema=SETTLED_SCHEMA)
    reviews = table.filter(pl.col("_role") == REVIEWER)
    settled = _apply_reviews(settled.select(*SETTLED_SCHEMA), reviews)
    return settled.select(*SETTLED_SCHEMA).cast(SETTLED_SCHEMA).sort("control", "item")
