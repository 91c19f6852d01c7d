"""What the audit sample stratifies on and which task and columns each dataset type gets.

The task names match the label configs in ``label_configs/`` (one per audit task).
"""

from __future__ import annotations

import polars as pl

from schemas.records import TEXT_COLUMNS

QUALITY_TASK: dict[str, str] = {
    "text_corpus": "text_quality",
    "classification": "classification",
    "ner": "ner",
    "instruction": "instruction",
    "parallel_corpus": "translation",
}
"""The quality review task per dataset type."""

SAFETY_TASK = "text_quality"
"""Every type's safety sample is reviewed with the text quality and safety config."""

DUPLICATE_TASK = "duplicate_pair"

AUDIT_TASKS = (
    "text_quality",
    "translation",
    "classification",
    "ner",
    "instruction",
    DUPLICATE_TASK,
)

EXTRA_DATA_COLUMNS: dict[str, tuple[str, ...]] = {
    "classification": ("label",),
    "ner": ("entities",),
    "parallel_corpus": ("source_lang", "target_lang"),
}
"""Non-text fields the annotators need to see (labels to check, spans to review, languages)."""

UNKNOWN = "und"
SEPARATOR = "|"


def _known(dataset_type: str) -> str:
    """``dataset_type`` itself, or a clear error naming the known types."""
    if dataset_type not in QUALITY_TASK:
        msg = f"unknown dataset_type {dataset_type!r}; expected one of {sorted(QUALITY_TASK)}"
        raise ValueError(msg)
    return dataset_type


def quality_task(dataset_type: str) -> str:
    """The quality review task for ``dataset_type``."""
    return QUALITY_TASK[_known(dataset_type)]


def _part(name: str, columns: list[str]) -> pl.Expr:
    """One stratum component, ``und`` when the column is absent or null."""
    if name not in columns:
        return pl.lit(UNKNOWN)
    return pl.col(name).cast(pl.Utf8).fill_null(UNKNOWN)


def stratum_expr(dataset_type: str, columns: list[str]) -> pl.Expr:
    """source_file | language | label: the parallel type uses its language pair, the
    classification type adds its label, the others the detected language."""
    if dataset_type == "parallel_corpus":
        lang = pl.concat_str(
            _part("source_lang", columns), pl.lit("-"), _part("target_lang", columns)
        )
    else:
        lang = _part("lang", columns)
    parts = [_part("source_file", columns), lang]
    if dataset_type == "classification":
        parts.append(_part("label", columns))
    return pl.concat_str(parts, separator=SEPARATOR).alias("stratum")


def data_columns(dataset_type: str, columns: list[str]) -> list[str]:
    """The columns an audit task may carry: masked text, masked content and needed fields.

    Raw text columns are never listed: only ``*_masked`` text leaves the pipeline.
    """
    masked = [f"{name}_masked" for name in TEXT_COLUMNS[_known(dataset_type)]]
    wanted = [*masked, "content_masked", *EXTRA_DATA_COLUMNS.get(dataset_type, ()), "lang"]
    return [name for name in wanted if name in columns]
