"""Gold items: known answers mixed into the audit sample to score annotators.

Two sources: known-bad items the pipeline constructs from the submission itself (a translation
paired with another record's target, a text given another record's label, an instruction given
another record's response, a text whose words are shuffled into word salad), and an
operator-supplied gold file passed in as a DataFrame.
Answers are JSON objects keyed by label-config control name.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import numpy as np
import polars as pl

from quality.audit.strata import AUDIT_TASKS, quality_task

GOLD_COLUMNS = ("record_id", "audit_task", "gold_answer")

SHUFFLED_FIELD: dict[str, str] = {
    "parallel_corpus": "target_masked",
    "classification": "label",
    "instruction": "output_masked",
}
"""The field a constructed known-bad item takes from a different record, per type."""

SCRAMBLED_FIELD: dict[str, str] = {"text_corpus": "text_masked"}
"""The field a constructed known-bad item shuffles into word salad, per type."""

MIN_SHUFFLED_WORDS = 8
"""Texts with fewer space-separated words (Thai, Chinese, short lines) shuffle characters."""

KNOWN_BAD_ANSWER: dict[str, dict[str, str]] = {
    "parallel_corpus": {"verdict": "not_a_translation"},
    "classification": {"label_check": "incorrect"},
    "instruction": {"alignment": "ignores"},
    "text_corpus": {"verdict": "fail"},
}
"""What a careful annotator answers on a constructed item (control name -> choice)."""

GOLD_STRATUM = "gold"


def canonical_answer(answer: Mapping[str, object]) -> str:
    """The gold answer as canonical JSON (sorted keys, no spaces) so samples are byte stable."""
    return json.dumps(answer, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _rotated(picked: pl.DataFrame, field: str) -> pl.Series:
    """``field`` moved one place on, so no record keeps its own value (a derangement)."""
    values = picked[field]
    return values.shift(-1).fill_null(values.first()) if values.len() > 1 else values


def _scrambled(values: pl.Series, *, seed: int) -> pl.Series:
    """Each text with its words (or, for texts without enough spaces, characters) shuffled.

    Word salad is unusable whatever the language, so a careful annotator fails it. A few dozen
    texts per sample, so a Python loop is fine here.
    """
    rng = np.random.default_rng([seed, 2])
    out: list[str | None] = []
    for text in values.to_list():
        if not text:
            out.append(text)
            continue
        words = text.split()
        units = words if len(words) >= MIN_SHUFFLED_WORDS else list(text.replace(" ", ""))
        order = rng.permutation(len(units))
        out.append((" " if units is words else "").join(units[i] for i in order))
    return pl.Series(values.name, out, dtype=pl.Utf8)


def construct_gold_items(
    kept: pl.DataFrame, *, dataset_type: str, seed: int, count: int
) -> pl.DataFrame:
    """Up to ``count`` known-bad items built by rotating one field among sampled records
    (pairs, labels, responses) or by shuffling a text's words (text corpora).

    Returns no rows for types without a construction rule, or with fewer than two distinct
    values to rotate (rotation would not make the item wrong); items the change left equal are
    left out.
    """
    field = SHUFFLED_FIELD.get(dataset_type) or SCRAMBLED_FIELD.get(dataset_type)
    if field is None or field not in kept.columns or count <= 0 or kept.height < 2:
        return pl.DataFrame()
    ordered = kept.sort("record_id")
    keys = np.random.default_rng([seed, 1]).random(ordered.height)
    picked = ordered[np.argsort(keys, kind="stable")[:count].tolist()]
    if dataset_type in SCRAMBLED_FIELD:
        bad = _scrambled(picked[field], seed=seed)
    else:
        bad = _rotated(picked, field)
    shuffled = picked.with_columns(bad.alias(field))
    changed = shuffled.filter(pl.col(field) != picked[field])
    return changed.with_columns(
        record_id=pl.lit("gold-") + pl.col("record_id"),
        audit_task=pl.lit(quality_task(dataset_type)),
        stratum=pl.lit(GOLD_STRATUM),
        gold_answer=pl.lit(canonical_answer(KNOWN_BAD_ANSWER[dataset_type])),
    )


def _canonical_json(text: str) -> str:
    """Re-encode one operator answer canonically; it must be a JSON object."""
    answer = json.loads(text)
    if not isinstance(answer, dict):
        msg = f"gold_answer must be a JSON object of control -> answer, got {text!r}"
        raise ValueError(msg)
    return canonical_answer(answer)


def load_gold(gold: pl.DataFrame, *, records: pl.DataFrame | None = None) -> pl.DataFrame:
    """Validate an operator gold table (record_id, audit_task, gold_answer JSON, masked text).

    Data columns the gold table lacks are taken from ``records`` (record_id plus masked data
    columns only) for ids found there, so an operator can point at submission records without
    copying their text.
    """
    missing = [name for name in GOLD_COLUMNS if name not in gold.columns]
    if missing:
        msg = f"gold table needs columns {GOLD_COLUMNS}; missing {missing}"
        raise ValueError(msg)
    unknown = sorted(set(gold["audit_task"].to_list()) - set(AUDIT_TASKS))
    if unknown:
        msg = f"gold audit_task values {unknown} are not audit tasks {AUDIT_TASKS}"
        raise ValueError(msg)
    answers = [_canonical_json(text) for text in gold["gold_answer"].cast(pl.Utf8).to_list()]
    table = gold.with_columns(
        gold_answer=pl.Series(answers, dtype=pl.Utf8), stratum=pl.lit(GOLD_STRATUM)
    )
    if records is None:
        return table
    fill = [name for name in records.columns if name not in table.columns]
    return table.join(records.select("record_id", *fill), on="record_id", how="left")
