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
from pipelines.ingest.strict import has_surrogate, json_depth, needs_python_check

__all__ = ["read_jsonl_payload"]

SLOW_BATCH_LINES = 64


def _wrong_type(
    line: int, raw: str, field: str, source: str, kind: Kind, value: Any
) -> dict[str, Any]:
    """A quarantine row for a value of the wrong JSON type."""
    got = type(value).__name__
    detail = f"field '{source}' should be {kind_words(kind)}, got {got}"
    return bad_row(line, raw, "wrong_type", detail, field)


def _too_deep(line: int, raw: str, max_depth: int) -> dict[str, Any] | None:
    """A `too_deep` quarantine row when the line nests deeper than `max_depth`, else None."""
    depth = json_depth(raw, stop=max_depth + 1)
    if depth <= max_depth:
        return None
    detail = (
        f"JSON nested more than {max_depth} levels deep, the limit "
        "(setting CORPUSGRADE_MAX_JSON_DEPTH)"
    )
    return bad_row(line, raw, "too_deep", detail)


def _surrogate(line: int, raw: str, row: Mapping[str, Any], fields: Mapping[str, str]) -> Any:
    """A `lone_surrogate` quarantine row for the first mapped field holding one, else None."""
    for canonical, source in fields.items():
        if has_surrogate(row.get(canonical)):
            detail = (
                f"field '{source}' holds a lone UTF-16 surrogate escape (\\ud800-\\udfff), "
                "which is no character; re-export the text as UTF-8"
            )
            return bad_row(line, raw, "lone_surrogate", detail, canonical)
    return None


def _parse_line(
    line: int, raw: str, fields: Mapping[str, str], kinds: Mapping[str, Kind], max_depth: int
) -> dict[str, Any]:
    """Parse one JSON line in Python (the fallback path)."""
    too_deep = _too_deep(line, raw, max_depth)
    if too_deep is not None:
        return too_deep
    try:
        obj = json.loads(raw)
    except (ValueError, RecursionError) as exc:
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
    surrogate: dict[str, Any] | None = _surrogate(line, raw, row, fields)
    return row if surrogate is None else surrogate


def _slow_chunk(
    lines: pl.DataFrame, fields: Mapping[str, str], kinds: Mapping[str, Kind], max_depth: int
) -> list[dict[str, Any]]:
    """Every line of a chunk through the Python parser."""
    return [
        _parse_line(number, raw, fields, kinds, max_depth)
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
    lines: pl.DataFrame, fields: Mapping[str, str], kinds: Mapping[str, Kind], max_depth: int
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
            rows = _slow_chunk(lines, fields, kinds, max_depth)
            return frame_from_rows(rows, columns).select(order)
    half = lines.height // 2
    parts = [
        _decode_lines(lines[:half], fields, kinds, max_depth),
        _decode_lines(lines[half:], fields, kinds, max_depth),
    ]
    return pl.concat(parts, how="vertical_relaxed")


def _chunk_frame(
    piece: bytes,
    first_line: int,
    fields: Mapping[str, str],
    kinds: Mapping[str, Kind],
    max_depth: int,
) -> pl.DataFrame:
    """One chunk: decoded lines, plus the invalid UTF-8 lines set aside and the lines that
    only the Python parser checks (surrogate escapes, deep nesting)."""
    lines, invalid = split_lines(piece, first_line)
    columns = {c: kind_dtype(kinds[c]) for c in fields}
    rows = [bad_row(n, raw, "invalid_utf8", "line is not valid UTF-8") for n, raw in invalid]
    careful = lines.select(needs_python_check(max_depth=max_depth)).to_series()
    if careful.any():
        rows += _slow_chunk(lines.filter(careful), fields, kinds, max_depth)
        lines = lines.filter(~careful)
    good = _decode_lines(lines, fields, kinds, max_depth)
    merged = pl.concat([good, frame_from_rows(rows, columns)], how="vertical_relaxed")
    return merged.sort("source_line", maintain_order=True) if rows else merged


def read_jsonl_payload(
    payload: Payload, *, fields: Mapping[str, str], kinds: Mapping[str, Kind], max_depth: int = 64
) -> pl.DataFrame:
    """All records of one JSONL payload as a reader frame, in line order.

    Lines nested deeper than `max_depth` are quarantined as `too_deep`, mapped fields holding
    a lone surrogate as `lone_surrogate`.
    """
    body, tail_line, tail = complete_lines(payload)
    frames = [_chunk_frame(piece, first, fields, kinds, max_depth) for first, piece in chunks(body)]
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


def read_jsonl_piece(
    piece: bytes,
    first_line: int,
    *,
    fields: Mapping[str, str],
    kinds: Mapping[str, Kind],
    max_depth: int = 64,
) -> pl.DataFrame:
    """The reader frame of one piece of a JSONL file (whole lines, numbered from `first_line`).

    The batched ingest (`pipelines.ingest.batched`) reads a large file piece by piece; the frame
    of each piece equals that piece's rows of `read_jsonl_payload`'s frame.
    """
    return in_line_order(_chunk_frame(piece, first_line, fields, kinds, max_depth))
