"""JSONL reader (plain, .gz, .zst): Polars decodes each chunk; a chunk with bad lines falls
back to line-by-line parsing so only the bad lines are quarantined."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import polars as pl

from pipelines.ingest.compression import Payload
from pipelines.ingest.decode import chunks, complete_lines, split_lines
from pipelines.ingest.frame import bad_row, error_frame, first_problem, frame_from_rows
from pipelines.ingest.kinds import Kind, convert_value, kind_dtype, kind_words

__all__ = ["read_jsonl_payload"]

SLOW_BATCH_LINES = 64


def _wrong_type(
    line: int, raw: str, field: str, source: str, kind: Kind, value: Any
) -> dict[str, Any]:
    """A quarantine row for a value of the wrong JSON type."""
    got = type(value).__name__
    detail = f"field '{source}' should be {kind_words(kind)}, got {got}"
    return bad_row(line, raw, "wrong_type", detail, field)


def _parse_line(
    line: int, raw: str, fields: Mapping[str, str], kinds: Mapping[str, Kind]
) -> dict[str, Any]:
    """Parse one JSON line in Python (the fallback path)."""
    try:
        obj = json.loads(raw)
    except ValueError as exc:
        return bad_row(line, raw, "malformed_json", f"not valid JSON: {exc}")
    if not isinstance(obj, dict):
        return bad_row(
            line, raw, "malformed_json", f"expected a JSON object, got {type(obj).__name__}"
        )
    row: dict[str, Any] = {"source_line": line, "raw": raw}
    for canonical, source in fields.items():
        ok, value = convert_value(kinds[canonical], obj.get(source))
        if not ok:
            return _wrong_type(line, raw, canonical, source, kinds[canonical], obj.get(source))
        row[canonical] = value
    return row


def _slow_chunk(
    lines: pl.DataFrame, fields: Mapping[str, str], kinds: Mapping[str, Kind]
) -> list[dict[str, Any]]:
    """Every line of a chunk through the Python parser."""
    return [
        _parse_line(number, raw, fields, kinds)
        for number, raw in zip(lines["source_line"], lines["line"], strict=True)
    ]


def _string_check(canonical: str, source: str) -> pl.Expr:
    """True where a text field decoded to a value but the JSON held no string there."""
    pattern = rf'"{re.escape(source)}"\s*:\s*"'
    return pl.col(canonical).is_not_null() & ~pl.col("raw").str.contains(pattern)


def _fast_chunk(
    lines: pl.DataFrame, fields: Mapping[str, str], kinds: Mapping[str, Kind]
) -> pl.DataFrame:
    """Decode a chunk with Polars; raises if any line is not decodable."""
    sources = dict.fromkeys(fields.values())
    dtype = pl.Struct({s: kind_dtype(_source_kind(s, fields, kinds)) for s in sources})
    trimmed = pl.col("raw").str.strip_chars()
    is_object = trimmed.str.starts_with("{") & trimmed.str.ends_with("}")
    decoded = pl.when(is_object).then(pl.col("raw")).otherwise(pl.lit("{}")).str.json_decode(dtype)
    frame = lines.rename({"line": "raw"}).with_columns(
        *(decoded.struct.field(s).alias(c) for c, s in fields.items()), _obj=is_object
    )
    problems: list[tuple[pl.Expr, str, str | None, str]] = [
        (~pl.col("_obj"), "malformed_json", None, "expected one JSON object on this line")
    ]
    problems.extend(
        (_string_check(c, s), "wrong_type", c, f"field '{s}' should be a string")
        for c, s in fields.items()
        if kinds[c] == "text"
    )
    return frame.with_columns(**first_problem(problems)).drop("_obj")


def _source_kind(source: str, fields: Mapping[str, str], kinds: Mapping[str, Kind]) -> Kind:
    """The kind to decode a source field as (the first canonical field mapped to it)."""
    return next(kinds[c] for c, s in fields.items() if s == source)


def _decode_lines(
    lines: pl.DataFrame, fields: Mapping[str, str], kinds: Mapping[str, Kind]
) -> pl.DataFrame:
    """Polars on the lines; if a line breaks it, halve and retry, Python only for small parts.

    Halving keeps the fast path for the good parts of a chunk: with 1% bad lines most of
    the data is still decoded by Polars.
    """
    columns = {c: kind_dtype(kinds[c]) for c in fields}
    order = ["source_line", "raw", "_reason", "_field", "_detail", *columns]
    try:
        return _fast_chunk(lines, fields, kinds).select(order)
    except pl.exceptions.PolarsError:
        if lines.height <= SLOW_BATCH_LINES:
            return frame_from_rows(_slow_chunk(lines, fields, kinds), columns).select(order)
    half = lines.height // 2
    parts = [_decode_lines(lines[:half], fields, kinds), _decode_lines(lines[half:], fields, kinds)]
    return pl.concat(parts, how="vertical_relaxed")


def _chunk_frame(
    piece: bytes, first_line: int, fields: Mapping[str, str], kinds: Mapping[str, Kind]
) -> pl.DataFrame:
    """One chunk: decoded lines plus the invalid UTF-8 lines set aside."""
    lines, invalid = split_lines(piece, first_line)
    columns = {c: kind_dtype(kinds[c]) for c in fields}
    bad = [bad_row(n, raw, "invalid_utf8", "line is not valid UTF-8") for n, raw in invalid]
    good = _decode_lines(lines, fields, kinds)
    merged = pl.concat([good, frame_from_rows(bad, columns)], how="vertical_relaxed")
    return merged.sort("source_line", maintain_order=True) if bad else merged


def read_jsonl_payload(
    payload: Payload, *, fields: Mapping[str, str], kinds: Mapping[str, Kind]
) -> pl.DataFrame:
    """All records of one JSONL payload as a reader frame, in line order."""
    body, tail_line, tail = complete_lines(payload)
    frames = [_chunk_frame(piece, first, fields, kinds) for first, piece in chunks(body)]
    if payload.truncated:
        frames.append(error_frame(tail_line, tail, "truncated_archive", payload.problem))
    if not frames:
        return frame_from_rows([], {c: kind_dtype(kinds[c]) for c in fields})
    return in_line_order(pl.concat(frames, how="diagonal_relaxed"))


def in_line_order(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` sorted by `source_line`; chunks arrive in order, so usually no sort (no copy)."""
    if frame["source_line"].is_sorted():
        return frame
    return frame.sort("source_line", maintain_order=True)
