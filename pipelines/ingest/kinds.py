"""What kind of value each canonical field holds, and how to check one in Python or Polars."""

from __future__ import annotations

import json
from typing import Any, Literal

import polars as pl

from schemas.records import ENTITY_DTYPE, TEXT_COLUMNS

__all__ = ["Kind", "convert_value", "field_kind", "kind_dtype"]

Kind = Literal["text", "scalar", "flag", "entities"]

_KIND_WORDS: dict[Kind, str] = {
    "text": "a string",
    "scalar": "a string or number",
    "flag": "true or false",
    "entities": "a list of {start, end, label}",
}
_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})


def field_kind(field: str, dataset_type: str) -> Kind:
    """The kind of value a canonical field must hold for a dataset type."""
    if field == "entities":
        return "entities"
    if field == "generated":
        return "flag"
    if field in TEXT_COLUMNS[dataset_type] or field == "source_details":
        return "text"
    return "scalar"


def kind_dtype(kind: Kind) -> pl.DataType:
    """The Polars dtype a field of this kind has in the record table."""
    if kind == "entities":
        return ENTITY_DTYPE
    return pl.Boolean() if kind == "flag" else pl.String()


def kind_words(kind: Kind) -> str:
    """How to say the kind in an error message."""
    return _KIND_WORDS[kind]


def _entity(value: Any) -> dict[str, Any] | None:
    """One entity as a dict, from {start, end, label} or [start, end, label]; None if bad."""
    if isinstance(value, list | tuple) and len(value) == 3:
        value = {"start": value[0], "end": value[1], "label": value[2]}
    if not isinstance(value, dict):
        return None
    start, end, label = value.get("start"), value.get("end"), value.get("label")
    if not (isinstance(start, int) and isinstance(end, int) and isinstance(label, str)):
        return None
    if not (_offset(start) and _offset(end) and start <= end):
        return None
    return {"start": start, "end": end, "label": label}


def _offset(value: Any) -> bool:
    """A character offset: a non-negative int (not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _flag(value: Any) -> tuple[bool, Any]:
    """Booleans, 0/1 and true/false/yes/no strings."""
    if isinstance(value, bool):
        return True, value
    if isinstance(value, int) and value in (0, 1):
        return True, bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return True, value.strip().lower() in _TRUE
    return False, None


def convert_value(kind: Kind, value: Any) -> tuple[bool, Any]:
    """(ok, converted value) for one Python value; None stays None (a missing value)."""
    if value is None:
        return True, None
    if kind == "text":
        return (True, value) if isinstance(value, str) else (False, None)
    if kind == "scalar":
        if isinstance(value, str):
            return True, value
        ok = isinstance(value, int | float | bool)
        return (True, json.dumps(value)) if ok else (False, None)
    if kind == "flag":
        return _flag(value)
    if not isinstance(value, list):
        return False, None
    entities = [_entity(item) for item in value]
    if any(entity is None for entity in entities):
        return False, None
    return True, entities
