"""Canonical JSON for report.json: one byte sequence per content, and its SHA-256 digest.

Sorted keys, two-space indentation, UTF-8 (non-ASCII kept), floats in fixed notation with at most
six decimals (so float noise below 1e-6 and `-0.0` never change the bytes), NaN and infinity
refused, one trailing newline. The digest is taken over exactly these bytes.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["CanonicalError", "canonical_bytes", "canonical_float", "digest", "sha256_line"]

INDENT = "  "


class CanonicalError(ValueError):
    """A value has no canonical JSON form (NaN, infinity, or an unsupported type)."""


def canonical_float(value: float, *, where: str = "$") -> str:
    """A float in fixed notation, rounded to 6 places, trailing zeros dropped (`1.0`, `0.25`).

    >>> canonical_float(0.1 + 0.2)
    '0.3'
    """
    if not math.isfinite(value):
        msg = f"{where}: {value!r} is not allowed in a report (NaN and infinity have no JSON form)"
        raise CanonicalError(msg)
    text = f"{round(value, 6):.6f}".rstrip("0")
    text = text + "0" if text.endswith(".") else text
    return "0.0" if text in ("-0.0", "0.0") else text


def _scalar(value: Any, where: str) -> str:
    """JSON text of a scalar; bool before int because bool is an int in Python."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return canonical_float(value, where=where)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    msg = f"{where}: {type(value).__name__} has no canonical JSON form"
    raise CanonicalError(msg)


def _encode(value: Any, depth: int, where: str) -> str:
    """Recursive encoder: mappings with sorted string keys, sequences in order."""
    pad, inner = INDENT * depth, INDENT * (depth + 1)
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        keys = sorted(value)
        if not all(isinstance(k, str) for k in keys):
            raise CanonicalError(f"{where}: object keys must be strings")
        items = [
            f"{inner}{json.dumps(k, ensure_ascii=False)}: "
            + _encode(value[k], depth + 1, f"{where}.{k}")
            for k in keys
        ]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        if not value:
            return "[]"
        items = [f"{inner}{_encode(v, depth + 1, f'{where}[{i}]')}" for i, v in enumerate(value)]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return _scalar(value, where)


def canonical_bytes(value: Any) -> bytes:
    """The canonical UTF-8 bytes of a JSON-able value, ending in one newline.

    >>> canonical_bytes({"b": 1.0, "a": [0.5]}).decode()
    '{\\n  "a": [\\n    0.5\\n  ],\\n  "b": 1.0\\n}\\n'
    """
    return (_encode(value, 0, "$") + "\n").encode("utf-8")


def digest(value: Any) -> str:
    """SHA-256 (hex) of the canonical bytes of `value`."""
    return hashlib.sha256(canonical_bytes(value)).hexdigest()


def sha256_line(hex_digest: str, *, name: str = "report.json") -> str:
    """The `report.json.sha256` file body, in `sha256sum -c` format."""
    return f"{hex_digest}  {name}\n"
