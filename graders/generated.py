"""G8's signal: records that read as chatbot output yet are not flagged as generated.

A cheap, offline, high-precision signal: boilerplate phrases large language models put in their
replies ("As an AI language model", "作为一个人工智能语言模型", "Regenerate response"), the kind of
list instruction-data cleaners use to drop unfiltered chat output. Its recall is low: paraphrased
or edited generated text passes unnoticed, and the report says which signal ran.
"""

from __future__ import annotations

import polars as pl

__all__ = ["GENERATED_MARKERS", "generated_suspects"]

GENERATED_MARKERS: tuple[str, ...] = (
    "as an ai language model",
    "as a large language model",
    "as an ai assistant",
    "i'm an ai language model",
    "i am an ai language model",
    "regenerate response",
    "i cannot fulfill that request",
    "my knowledge cutoff",
    "作为一个人工智能语言模型",
    "作为一个ai语言模型",
    "作为一个 ai 语言模型",
    "作为ai语言模型",
    "作为一个大型语言模型",
    "作为人工智能助手",
    "我是一个人工智能语言模型",
    "sebagai model bahasa ai",
    "là một mô hình ngôn ngữ ai",
    "bilang isang ai language model",
    "ในฐานะโมเดลภาษา ai",
)
"""Lower-case phrases; a record containing one is suspected machine-generated."""


def generated_suspects(records: pl.DataFrame, *, column: str = "content") -> list[str]:
    """Ids of records not flagged `generated` whose text holds an LLM boilerplate phrase.

    >>> df = pl.DataFrame({"record_id": ["a", "b"], "generated": [None, True],
    ...     "content": ["As an AI language model, I think", "As an AI language model"]})
    >>> generated_suspects(df)
    ['a']
    """
    if records.height == 0 or column not in records.columns:
        return []
    text = pl.col(column).cast(pl.Utf8).fill_null("").str.to_lowercase()
    has_flag = "generated" in records.columns
    flagged = pl.col("generated").fill_null(False) if has_flag else pl.lit(False)
    hit = text.str.contains_any(list(GENERATED_MARKERS)) & ~flagged
    return records.filter(hit)["record_id"].cast(pl.Utf8).sort().to_list()
