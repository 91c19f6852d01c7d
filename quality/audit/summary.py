"""The report's ``audit`` section: pass rates with Wilson intervals, agreement, annotators.

Pure: annotations (item = the sample's task_id, annotator, control, value, optional lead_time)
and the audit sample in, a JSON-able dict out (sorted keys, floats rounded to 6 places).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, cast

import polars as pl

from quality.audit.accuracy import per_annotator_gold_accuracy
from quality.audit.agreement_table import control_agreement
from quality.audit.rates import wilson_interval, wilson_lower_bound
from quality.audit.rules import (
    DEFAULT_CONTROL_CHOICES,
    DEFAULT_CONTROL_KINDS,
    DEFAULT_RATE_RULES,
    ControlKind,
    RateRule,
)
from quality.audit.sample import DRAW_FLAGS
from quality.audit.settle import (
    DEFAULT_SETTLE,
    REVIEWER,
    SettleOptions,
    annotator_accuracy,
    settle_verdicts,
)

ANNOTATION_COLUMNS = ("item", "annotator", "control", "value")
SAMPLE_IDS = 20
"""How many item ids a rate carries as evidence."""


def jsonable(value: object) -> object:
    """Sorted-key dicts, lists, and floats rounded to 6 places, recursively."""
    if isinstance(value, Mapping):
        return {str(key): jsonable(value[key]) for key in sorted(value, key=str)}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, float):
        return round(value, 6)
    return value


def _with_item(annotations: pl.DataFrame) -> pl.DataFrame:
    """Annotations keyed by ``item`` (the sample's task_id).

    A pulled table that names ``record_id`` and ``task`` (the audit task) instead gets
    ``item = task:record_id``, which is how the sample builds task_id.
    """
    if "item" in annotations.columns or not {"record_id", "task"} <= set(annotations.columns):
        return annotations
    return annotations.with_columns(item=pl.col("task") + ":" + pl.col("record_id"))


def _annotated(annotations: pl.DataFrame, sample: pl.DataFrame) -> pl.DataFrame:
    """Annotations with their task's audit_task, draw flags and gold flag."""
    keyed = _with_item(annotations)
    missing = [name for name in ANNOTATION_COLUMNS if name not in keyed.columns]
    if missing:
        msg = f"annotations need columns {ANNOTATION_COLUMNS}; missing {missing}"
        raise ValueError(msg)
    tasks = sample.select(
        item="task_id",
        audit_task="audit_task",
        in_quality="in_quality",
        in_safety="in_safety",
        in_source_safety="in_source_safety",
        source_file="source_file",
        is_gold="is_gold",
    )
    typed = keyed.select(
        pl.col("item").cast(pl.Utf8),
        pl.col("annotator").cast(pl.Utf8),
        pl.col("control").cast(pl.Utf8),
        pl.col("value").cast(pl.Utf8),
        *([pl.col("lead_time").cast(pl.Float64)] if "lead_time" in keyed.columns else []),
        *([pl.col("role").cast(pl.Utf8)] if "role" in keyed.columns else []),
    )
    return typed.join(tasks, on="item", how="inner")


def _rule_rows(
    decided: pl.DataFrame, rules: tuple[RateRule, ...], *, per_source: bool
) -> pl.DataFrame:
    """Adjudicated answers the rules read, with ``passed``; per source adds the top-ups."""
    frames = []
    for rule in rules:
        drawn = pl.col(f"in_{rule.population}")
        if per_source and rule.population == "safety":
            drawn = drawn | pl.col("in_source_safety")
        frames.append(
            decided.filter(
                (pl.col("audit_task") == rule.audit_task)
                & (pl.col("control") == rule.control)
                & drawn
            ).with_columns(passed=pl.col("label").is_in(list(rule.passing)))
        )
    return pl.concat(frames)


def _counts(rows: pl.DataFrame) -> dict[str, object]:
    """n, passes, needs_review, rate, Wilson interval, one-sided 95% lower and upper bounds,
    and up to ``SAMPLE_IDS`` ids of the settled items that failed (else that passed)."""
    settled = rows.filter(pl.col("label").is_not_null())
    n, k = settled.height, int(settled["passed"].sum())
    failed = settled.filter(~pl.col("passed"))
    shown = (failed if failed.height else settled)["item"].sort().head(SAMPLE_IDS).to_list()
    counts: dict[str, object] = {
        "n": n,
        "passes": k,
        "needs_review": rows.height - n,
        "sample_ids": shown,
    }
    if n == 0:
        empty = {"rate": None, "ci_low": None, "ci_high": None}
        return counts | empty | {"lower_bound": None, "upper_bound": None}
    low, high = wilson_interval(k, n)
    bound = wilson_lower_bound(k, n)
    upper = 1.0 - wilson_lower_bound(n - k, n)
    return counts | {
        "rate": k / n,
        "ci_low": low,
        "ci_high": high,
        "lower_bound": bound,
        "upper_bound": upper,
    }


def _by_source(rows: pl.DataFrame) -> dict[str, object]:
    """Counts per declared source (else per source file); the per-source gate G2 reads these."""
    groups = rows.sort("source").group_by("source", maintain_order=True)
    return {str(source): _counts(group) for (source,), group in groups}


def _rate(decided: pl.DataFrame, rules: tuple[RateRule, ...]) -> dict[str, object]:
    """One rate: its controls and passing choices, counts, and per source for safety rates."""
    section: dict[str, object] = {
        "controls": [f"{rule.audit_task}.{rule.control}" for rule in rules],
        "passing": sorted({choice for rule in rules for choice in rule.passing}),
    }
    section |= _counts(_rule_rows(decided, rules, per_source=False))
    if any(rule.population == "safety" for rule in rules):
        section["by_source"] = _by_source(_rule_rows(decided, rules, per_source=True))
    return section


def _agreement(annotated: pl.DataFrame, kinds: Mapping[str, ControlKind]) -> dict[str, object]:
    """Agreement metrics per ``audit_task.control``."""
    result: dict[str, object] = {}
    for (task, control), group in annotated.sort("audit_task", "control").group_by(
        "audit_task", "control", maintain_order=True
    ):
        ratings = group.select("item", "annotator", "value")
        metrics = control_agreement(ratings, kind=kinds.get(str(control), "nominal"))
        result[f"{task}.{control}"] = {**metrics, "sample_ids": _double_ids(ratings)}
    return result


def _double_ids(ratings: pl.DataFrame) -> list[str]:
    """Up to ``SAMPLE_IDS`` ids of the items two or more annotators answered (agreement's items)."""
    double = ratings.filter(pl.col("annotator").n_unique().over("item") >= 2)
    return [str(item) for item in double["item"].unique().sort().head(SAMPLE_IDS).to_list()]


def gold_answers(sample: pl.DataFrame) -> pl.DataFrame:
    """The sample's gold answers in long form: item (task_id), control, value."""
    gold = sample.filter(pl.col("is_gold")).select("task_id", "gold_answer")
    rows = [
        (task_id, str(control), str(value))
        for task_id, answer in gold.iter_rows()
        for control, value in json.loads(answer).items()
    ]
    return pl.DataFrame(
        rows, schema={"item": pl.Utf8, "control": pl.Utf8, "value": pl.Utf8}, orient="row"
    )


def _privacy(decided: pl.DataFrame) -> dict[str, object]:
    """Items whose settled risk verdict is ``privacy``: personal data annotators found (G4)."""
    found = decided.filter((pl.col("control") == "risk") & (pl.col("label") == "privacy"))
    ids = found["item"].unique().sort().to_list()
    return {"items": len(ids), "sample_ids": ids[:SAMPLE_IDS]}


def _sample_counts(sample: pl.DataFrame) -> dict[str, object]:
    """How many tasks per audit task and purpose, doubled and gold."""

    def counts(column: str) -> dict[str, int]:
        grouped = sample.group_by(column).len().sort(column)
        return dict(zip(grouped[column].to_list(), grouped["len"].to_list(), strict=True))

    return {
        "tasks": sample.height,
        "double": int(sample["double"].sum()),
        "gold": int(sample["is_gold"].sum()),
        "by_task": counts("audit_task"),
        "by_purpose": counts("purpose"),
    }


def _annotators_only(annotated: pl.DataFrame) -> pl.DataFrame:
    """Annotators' rows: reviewers settle items but count in neither agreement nor accuracy."""
    if "role" not in annotated.columns:
        return annotated
    return annotated.filter(pl.col("role").fill_null("annotator") != REVIEWER)


def _settled(
    annotated: pl.DataFrame,
    sample: pl.DataFrame,
    control_kinds: Mapping[str, ControlKind],
    control_choices: Mapping[str, tuple[str, ...]],
    settle: SettleOptions,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Settled verdicts of the non-gold choice controls (with audit task, source file and draw
    flags), and the per-annotator gold accuracy table that weighted them."""
    choices = annotated.filter(
        ~pl.col("control").is_in(
            [name for name, kind in control_kinds.items() if kind in ("spans", "text")]
        )
    )
    gold_table = per_annotator_gold_accuracy(_annotators_only(annotated), gold_answers(sample))
    votes = choices.filter(~pl.col("is_gold"))
    role = ["role"] if "role" in votes.columns else []
    decided = settle_verdicts(
        votes.select(*ANNOTATION_COLUMNS, *role),
        accuracy=annotator_accuracy(gold_table, options=settle),
        choices=control_choices,
        options=settle,
    ).join(choices.select("item", "audit_task", "source_file", *DRAW_FLAGS).unique(), on="item")
    return decided, gold_table


def review_queue(
    annotations: pl.DataFrame,
    sample: pl.DataFrame,
    *,
    control_kinds: Mapping[str, ControlKind] = DEFAULT_CONTROL_KINDS,
    control_choices: Mapping[str, tuple[str, ...]] = DEFAULT_CONTROL_CHOICES,
    settle: SettleOptions = DEFAULT_SETTLE,
) -> pl.DataFrame:
    """(item, control, audit_task) still uncertain after truth inference: the reviewer's queue."""
    annotated = _annotated(annotations, sample)
    decided, _ = _settled(annotated, sample, control_kinds, control_choices, settle)
    return (
        decided.filter(pl.col("needs_review"))
        .select("item", "control", "audit_task")
        .sort("item", "control")
    )


def summarize_audit(
    annotations: pl.DataFrame,
    sample: pl.DataFrame,
    *,
    simulated: bool,
    rate_rules: Mapping[str, tuple[RateRule, ...]] = DEFAULT_RATE_RULES,
    control_kinds: Mapping[str, ControlKind] = DEFAULT_CONTROL_KINDS,
    control_choices: Mapping[str, tuple[str, ...]] = DEFAULT_CONTROL_CHOICES,
    settle: SettleOptions = DEFAULT_SETTLE,
    source_of: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The ``audit`` report section.

    ``source_of`` maps a source file to its declared source (来源, TC609-02); ``by_source``
    then groups by declared source, files not in the map by their own name.

    Keys: simulated, sample (counts), rates (per rate: n, passes, rate, ci_low, ci_high,
    lower_bound (one-sided 95%), needs_review, controls, passing; the safety rate adds
    by_source with the same counts per source file), agreement (per audit_task.control),
    annotators (gold accuracy per annotator), adjudication (items, disagreements, needs_review).
    """
    annotated = _annotated(annotations, sample)
    decided, gold_table = _settled(annotated, sample, control_kinds, control_choices, settle)
    mapping = dict(source_of or {})
    decided = decided.with_columns(
        source=pl.col("source_file").replace_strict(mapping, default=pl.col("source_file"))
        if mapping
        else pl.col("source_file")
    )
    annotated = _annotators_only(annotated)
    section = {
        "simulated": simulated,
        "source_grouping": "declared" if mapping else "file",
        "sample": _sample_counts(sample),
        "rates": {name: _rate(decided, rules) for name, rules in rate_rules.items()},
        "agreement": _agreement(annotated, control_kinds),
        "annotators": [row | {"simulated": simulated} for row in gold_table.iter_rows(named=True)],
        "adjudication": {
            "method": "dawid_skene_one_coin_gold_weighted",
            "min_posterior": settle.min_posterior,
            "items": decided.height,
            "disagreements": int(decided["disagreement"].sum()),
            "adjudicated": int(decided["adjudicated"].sum()),
            "needs_review": int(decided["needs_review"].sum()),
            "review_items": decided.filter(pl.col("needs_review"))["item"]
            .unique()
            .sort()
            .to_list(),
        },
        "privacy_reports": _privacy(decided),
    }
    return cast("dict[str, Any]", jsonable(section))
