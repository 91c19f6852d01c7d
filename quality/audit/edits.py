"""Normalised edit distance between corrections (e.g. corrected translations).

Levenshtein distance divided by the longer string's length: 0 means identical, 1 nothing shared.
There is no native batch Levenshtein in our locked dependencies, so this loops over the pairs,
which are few (the double-annotated subset of an audit sample).
"""

from __future__ import annotations

import polars as pl

from quality.audit.pairs import answer_pairs, with_reference


def levenshtein(left: str, right: str) -> int:
    """Edit distance (insertions, deletions, substitutions) between two strings."""
    if len(left) < len(right):
        left, right = right, left
    previous = list(range(len(right) + 1))
    for i, char_left in enumerate(left, start=1):
        current = [i]
        for j, char_right in enumerate(right, start=1):
            cost = 0 if char_left == char_right else 1
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost))
        previous = current
    return previous[-1]


def _normalised(left: str, right: str) -> float:
    """Levenshtein distance over the longer length; two empty strings are identical."""
    longest = max(len(left), len(right))
    return levenshtein(left, right) / longest if longest else 0.0


def normalized_edit_distance(
    table: pl.DataFrame, *, reference: pl.DataFrame | None = None
) -> float | None:
    """Mean normalised edit distance between annotator pairs' texts, or against ``reference``.

    >>> t = pl.DataFrame({"item": [1, 1], "annotator": ["a", "b"], "value": ["kitten", "sitten"]})
    >>> round(normalized_edit_distance(t), 4)
    0.1667
    """
    answers = with_reference(table, reference).with_columns(pl.col("value").cast(pl.Utf8))
    pairs = answer_pairs(answers, use_reference=reference is not None)
    texts = answers.select("item", "annotator", "value")
    joined = pairs.join(texts, left_on=["item", "left"], right_on=["item", "annotator"]).join(
        texts, left_on=["item", "right"], right_on=["item", "annotator"], suffix="_right"
    )
    if joined.is_empty():
        return None
    distances = [
        _normalised(a, b) for a, b in zip(joined["value"], joined["value_right"], strict=True)
    ]
    return sum(distances) / len(distances)
