"""Canonical JSON: one byte sequence per content, whatever the dict order or float noise."""

from __future__ import annotations

import hashlib
import json
import math

import pytest

from graders.report.canonical import (
    CanonicalError,
    canonical_bytes,
    canonical_float,
    digest,
    sha256_line,
)


def test_key_order_and_float_noise_do_not_change_the_bytes() -> None:
    a = {"b": 0.1 + 0.2, "a": {"y": [1, 2.0], "x": "评定"}}
    b = {"a": {"x": "评定", "y": [1, 2.0000000000001]}, "b": 0.3}
    assert canonical_bytes(a) == canonical_bytes(b)
    assert digest(a) == digest(b)


def test_bytes_are_utf8_sorted_and_end_in_one_newline() -> None:
    body = canonical_bytes({"z": "中文", "a": True, "m": None})
    text = body.decode("utf-8")
    assert "中文" in text
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert [line.split(":")[0].strip() for line in text.splitlines()[1:-1]] == ['"a"', '"m"', '"z"']
    assert json.loads(text) == {"z": "中文", "a": True, "m": None}


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1.0, "1.0"), (0.25, "0.25"), (-0.0, "0.0"), (1e-7, "0.0"), (123456.1234567, "123456.123457")],
)
def test_floats_have_fixed_notation(value: float, expected: str) -> None:
    assert canonical_float(value) == expected


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_nan_and_infinity_are_refused_with_their_location(bad: float) -> None:
    with pytest.raises(CanonicalError, match=r"\$\.grade\.total"):
        canonical_bytes({"grade": {"total": bad}})


def test_unsupported_types_are_refused() -> None:
    with pytest.raises(CanonicalError):
        canonical_bytes({"when": object()})


def test_digest_is_sha256_of_the_bytes_and_the_sidecar_is_sha256sum_format() -> None:
    value = {"a": 1}
    assert digest(value) == hashlib.sha256(canonical_bytes(value)).hexdigest()
    assert sha256_line(digest(value)) == f"{digest(value)}  report.json\n"
