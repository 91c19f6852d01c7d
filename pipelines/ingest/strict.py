"""Strict parsing checks that the fast readers cannot make: JSON nesting depth and lone UTF-16
surrogates (a `\\ud800` escape decodes to no character; Parquet and Arrow cannot store it)."""

from __future__ import annotations

import re
from typing import Any

import polars as pl

__all__ = ["SURROGATE_ESCAPE", "has_surrogate", "json_depth", "needs_python_check"]

SURROGATE_ESCAPE = r"\\u[dD][89a-fA-F]"
"""A JSON `\\uD800`–`\\uDFFF` escape (half of a pair, or a lone surrogate)."""
_SURROGATE = re.compile("[\ud800-\udfff]")


def json_depth(raw: str, *, stop: int) -> int:
    """How deeply arrays/objects nest in one JSON text (brackets inside strings not counted).

    Counting stops at `stop`, so a line nested a million deep costs no more than one at `stop`.
    """
    depth = deepest = 0
    in_string = escaped = False
    for char in raw:
        if in_string:
            escaped = not escaped and char == "\\"
            in_string = escaped or char != '"'
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest >= stop:
                return deepest
        elif char in "]}":
            depth -= 1
    return deepest


def has_surrogate(value: Any) -> bool:
    """Whether a decoded JSON value (or any string inside it) holds a lone surrogate."""
    if isinstance(value, str):
        return _SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(has_surrogate(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(has_surrogate(v) for v in value)
    return False


def needs_python_check(*, max_depth: int) -> pl.Expr:
    """True for lines Polars must not decode: surrogate escapes (Polars turns a lone one into
    NUL or fails the chunk) and more opening brackets than `max_depth` (maybe too deep)."""
    line = pl.col("line")
    return line.str.contains(SURROGATE_ESCAPE) | (line.str.count_matches(r"[\[{]") > max_depth)
