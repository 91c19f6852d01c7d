"""Type-aware validation: per-record `t_` signals and per-submission measures by dataset type.

`check_types` dispatches on `dataset_type` (parallel_corpus, instruction, classification, ner);
`text_corpus` has no type-specific checks and gets only an empty `t_issue`. `summarize_types`
returns the report's `types` section.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from quality.langid import LanguageIdentifier
from quality.types import summary
from quality.types.classification import check_classification
from quality.types.instruction import check_instruction
from quality.types.ner import check_ner
from quality.types.parallel import check_parallel

DATASET_TYPES = ("text_corpus", "classification", "ner", "instruction", "parallel_corpus")

__all__ = [
    "DATASET_TYPES",
    "LanguageIdentifier",
    "check_types",
    "summarize_types",
]


def check_types(
    df: pl.DataFrame,
    *,
    dataset_type: str,
    source_lang: str | None = None,
    target_lang: str | None = None,
    label_set: Sequence[str] | None = None,
    ner_scheme: str | None = None,
    identifier: LanguageIdentifier | None = None,
) -> pl.DataFrame:
    """Add the type's `t_` signal columns and `t_issue`; rows and their order are kept.

    >>> check_types(pl.DataFrame({"text": ["a"]}), dataset_type="text_corpus")["t_issue"].to_list()
    [None]
    """
    if dataset_type == "parallel_corpus":
        return check_parallel(
            df, source_lang=source_lang, target_lang=target_lang, identifier=identifier
        )
    if dataset_type == "instruction":
        return check_instruction(
            df, identifier=identifier, source_lang=source_lang, target_lang=target_lang
        )
    if dataset_type == "classification":
        return check_classification(df, label_set=label_set)
    if dataset_type == "ner":
        return check_ner(df, label_set=label_set, ner_scheme=ner_scheme)
    if dataset_type == "text_corpus":
        return df.with_columns(t_issue=pl.lit(None, dtype=pl.Utf8))
    message = f"unknown dataset_type {dataset_type!r}; expected one of {', '.join(DATASET_TYPES)}"
    raise ValueError(message)


def summarize_types(df: pl.DataFrame, *, dataset_type: str) -> dict[str, Any]:
    """The report's `types` section: issue rates, flag rates and the type's own measures."""
    section: dict[str, Any] = {"dataset_type": dataset_type, **summary.issue_rates(df)}
    section["flags"] = summary.flag_rates(df)
    if dataset_type == "parallel_corpus":
        section["alignment_score"] = summary.distribution(df["t_alignment_score"])
        section["length_ratio"] = summary.distribution(df["t_length_ratio"])
    elif dataset_type == "classification":
        section["class_balance"] = summary.class_balance(df["label"].cast(pl.Utf8))
        noisy = df["t_conflicting_duplicate"] | df["t_near_conflict"]
        section["label_noise_estimate"] = summary.rounded(noisy.cast(pl.Float64).mean())
        judged = df["t_mislabel_suspect"].drop_nulls()
        section["mislabel_suspect_rate"] = (
            summary.rounded(judged.cast(pl.Float64).mean()) if judged.len() else None
        )
    elif dataset_type == "instruction":
        section["sides"] = summary.sides(df, {"prompt": "t_prompt_", "output": "t_output_"})
    elif dataset_type == "ner":
        section["entity_density"] = summary.distribution(df["t_entity_density"])
        section["entities"] = int(df["t_entity_count"].sum())
    return section
