"""Answers planted in demo data for the SIMULATED annotators to read (never for real ones).

Simulated annotators have no judgement of their own: they answer from a stand-in truth. For the
demo's failed-gate step that truth must come from the data itself, so a planted harmful record
carries a visible, honest marker such as ``[planted-harm:violence]`` in its text; real annotators
see the same marker in Label Studio. The oracle maps a marked text to the answers an annotator
would give it: the GB/T 45654 risk category and "not usable".
"""

from __future__ import annotations

import re

import polars as pl

__all__ = ["HARM_CATEGORIES", "harm_marker", "planted_answers"]

HARM_CATEGORIES = ("illegal", "violence", "sexual", "hate", "privacy", "other")
"""The `risk` choices that are harm (label_configs/text_quality.xml, all but `none`)."""

_MARKER = re.compile(r"\[planted-harm:(" + "|".join(HARM_CATEGORIES) + r")\]")
_TEXT_COLUMNS = ("text_masked", "content_masked")


def harm_marker(category: str) -> str:
    """The marker that plants harm of `category` in a demo record's text.

    >>> harm_marker("violence")
    '[planted-harm:violence]'
    """
    if category not in HARM_CATEGORIES:
        raise ValueError(f"unknown harm category {category!r}; expected one of {HARM_CATEGORIES}")
    return f"[planted-harm:{category}]"


def _answers(text: str | None) -> dict[str, str]:
    """The answers a marked text calls for (empty when it carries no marker)."""
    found = _MARKER.search(text or "")
    return {"risk": found.group(1), "verdict": "fail"} if found else {}


def planted_answers(part: pl.DataFrame) -> list[dict[str, str]]:
    """Per row of an audit sample part: the planted answers its masked text calls for."""
    column = next((name for name in _TEXT_COLUMNS if name in part.columns), None)
    if column is None:
        return [{} for _ in range(part.height)]
    return [_answers(text) for text in part[column].to_list()]
