"""Record granularity (``unit``): is a record a document, a paragraph or a sentence?

Document-level rules (Gopher's minimum length and stop words, line and n-gram measures) make no
sense on sentence records: a clean sentence corpus used to be dropped whole by
``gopher_min_units``. The manifest may declare ``unit``; otherwise it is inferred here from the
records' length statistics and the report says which it was and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import polars as pl

Unit = Literal["document", "paragraph", "sentence"]
UNITS: tuple[Unit, ...] = ("document", "paragraph", "sentence")

DOCUMENT_MIN_CHARS = 1000
"""A median record this long (characters) is a document."""
DOCUMENT_MULTILINE_SHARE = 0.5
"""So is a table where at least this share of records has more than one line."""
SENTENCE_MAX_CHARS = 250
"""A median single-line record shorter than this is a sentence; longer ones are paragraphs."""


@dataclass(frozen=True)
class UnitDecision:
    """The unit the filters use, where it came from, and the statistics it was inferred from."""

    unit: Unit
    source: Literal["declared", "inferred"]
    median_chars: float
    multiline_share: float

    def to_report(self) -> dict[str, Any]:
        """JSON-able form for the report's ``filters`` section."""
        return {
            "unit": self.unit,
            "source": self.source,
            "median_chars": round(self.median_chars, 6),
            "multiline_share": round(self.multiline_share, 6),
        }


def length_statistics(texts: pl.Series) -> tuple[float, float]:
    """(median characters, share of records holding a line break) of non-empty texts."""
    filled = texts.cast(pl.String).fill_null("").str.strip_chars()
    non_empty = filled.filter(filled.str.len_chars() > 0)
    if non_empty.is_empty():
        return 0.0, 0.0
    median = non_empty.str.len_chars().median()
    multiline = non_empty.str.contains("\n").mean()
    return float(median or 0.0), float(multiline or 0.0)  # type: ignore[arg-type]


def infer_unit(median_chars: float, multiline_share: float) -> Unit:
    """The unit length statistics suggest.

    >>> infer_unit(90.0, 0.0), infer_unit(600.0, 0.1), infer_unit(400.0, 0.8)
    ('sentence', 'paragraph', 'document')
    """
    if median_chars >= DOCUMENT_MIN_CHARS or multiline_share >= DOCUMENT_MULTILINE_SHARE:
        return "document"
    if median_chars < SENTENCE_MAX_CHARS:
        return "sentence"
    return "paragraph"


def decide_unit(texts: pl.Series, *, declared: str | None) -> UnitDecision:
    """The declared unit if any, else the inferred one; the statistics are reported either way."""
    median, multiline = length_statistics(texts)
    if declared is not None:
        if declared not in UNITS:
            message = f"unit {declared!r} is not one of {', '.join(UNITS)}"
            raise ValueError(message)
        unit: Unit = declared
        return UnitDecision(unit, "declared", median, multiline)
    return UnitDecision(infer_unit(median, multiline), "inferred", median, multiline)
