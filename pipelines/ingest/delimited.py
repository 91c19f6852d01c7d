"""CSV and TSV with a header row: Polars when every record is one line, Python's csv module
(strict quoting, file line numbers) otherwise.

`source_line` is the file line a record starts on (the header is line 1). A quote that is not
closed where it should be is a `malformed_line` naming that line; reading goes on from the next
line, so a stray quote costs one record, not the rest of the file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import polars as pl

from pipelines.ingest.compression import Payload
from pipelines.ingest.frame import bad_row, error_frame, frame_from_rows
from pipelines.ingest.kinds import Kind, kind_dtype
from pipelines.ingest.table import coerce_table

__all__ = ["read_csv_payload"]

FIELD_SIZE_LIMIT = 64 * 1024 * 1024
"""Python's csv refuses fields over 128 KiB by default; records are bounded by too_long."""


def read_csv_payload(
    payload: Payload, *, separator: str, fields: Mapping[str, str], kinds: Mapping[str, Kind]
) -> pl.DataFrame:
    """CSV/TSV with a header row as a reader frame; `source_line` is the file line."""
    frame = _csv_fast(payload.data, separator=separator, fields=fields, kinds=kinds)
    if frame is None:
        frame = _csv_slow(payload.data, separator=separator, fields=fields, kinds=kinds)
    if payload.truncated:
        tail = error_frame(
            payload.data.count(b"\n") + 1,
            payload.data[-200:],
            "truncated_archive",
            payload.problem,
        )
        frame = pl.concat([frame, tail], how="diagonal_relaxed")
    return frame


def _physical_lines(data: bytes) -> int:
    """Lines in the file (a last line without a newline counts)."""
    return data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)


def _csv_fast(
    data: bytes, *, separator: str, fields: Mapping[str, str], kinds: Mapping[str, Kind]
) -> pl.DataFrame | None:
    """Polars, when the file is valid UTF-8 and each record is exactly one line; else None.

    Only then is row n on file line n + 1. A quoted newline, a quote left open (Polars merges
    the following lines into one field) or a blank line changes the count, and the strict
    Python reader takes over.
    """
    try:
        data.decode("utf-8")
        df = pl.read_csv(io.BytesIO(data), separator=separator, infer_schema=False, has_header=True)
    except (UnicodeDecodeError, pl.exceptions.PolarsError):
        return None
    blank = b"\n\n" in data or b"\n\r\n" in data or data.startswith((b"\n", b"\r\n"))
    if blank or df.height != _physical_lines(data) - 1:
        return None
    return coerce_table(df, fields=fields, kinds=kinds, first_row=2)


def _split_lines(text: str) -> list[str]:
    """The file's lines with their newlines (only `\\n` ends a line, as in the other readers)."""
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def _looks_merged(inner: Sequence[str], separator: str, width: int) -> bool:
    """Whether a line wholly inside a quoted field reads as a row of `width` fields.

    That is what a quote left open looks like: the following rows swallowed into one field.
    (The record's last line, where the quote closes, is not looked at: it always ends a row.)
    """
    rows = list(csv.reader(inner, delimiter=separator))
    return bool(rows) and any(len(cells) == width for cells in rows)


def _records(lines: Sequence[str], separator: str) -> Iterator[tuple[int, int, list[str] | str]]:
    """(first line, last line, cells or a problem) of each record, 1-based file lines.

    A record the strict reader rejects, or a quoted field whose lines look like rows of
    their own, is reported on its first line and reading restarts on the line after it.
    """
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_SIZE_LIMIT))
    position, width = 0, 0
    while position < len(lines):
        source = (lines[i] for i in range(position, len(lines)))
        reader = csv.reader(source, delimiter=separator, strict=True)
        consumed = 0
        try:
            for cells in reader:
                first, last = position + consumed + 1, position + reader.line_num
                if (
                    width
                    and last > first
                    and _looks_merged(lines[first : last - 1], separator, width)
                ):
                    yield first, first, f"a quote opened here is closed on line {last}"
                    position = first
                    break
                width = width or len(cells)
                yield first, last, cells
                consumed = reader.line_num
            else:
                return
        except csv.Error as exc:
            first = position + consumed + 1
            yield first, first, str(exc)
            position = first


def _csv_slow(
    data: bytes, *, separator: str, fields: Mapping[str, str], kinds: Mapping[str, Kind]
) -> pl.DataFrame:
    """Row-by-row CSV: ragged rows and quoting errors are `malformed_line`, rows with bad bytes
    `invalid_utf8`; blank lines are not records."""
    lines = _split_lines(data.decode("utf-8", "surrogateescape"))
    header: list[str] | None = None
    rows: list[dict[str, Any]] = []
    good: list[dict[str, Any]] = []
    good_lines: list[int] = []
    for first, last, cells in _records(lines, separator):
        raw = "".join(lines[first - 1 : last])
        if isinstance(cells, str) or header is None:
            if isinstance(cells, str):
                detail = f"quoting error ({cells}); check the quotes on this line"
                rows.append(bad_row(first, raw, "malformed_line", detail))
            elif cells:
                header = [_column_name(cell) for cell in cells]
            continue
        problem = _row_problem(raw, cells, header)
        if problem is not None:
            rows.append(bad_row(first, raw, *problem))
        elif cells:
            good.append(dict(zip(header, cells, strict=True)))
            good_lines.append(first)
    table = pl.DataFrame(good, schema=dict.fromkeys(header or [], pl.String))
    coerced = coerce_table(table, fields=fields, kinds=kinds)
    coerced = coerced.with_columns(source_line=pl.Series(good_lines, dtype=pl.Int64))
    columns = {c: kind_dtype(kinds[c]) for c in fields}
    merged = pl.concat([coerced, frame_from_rows(rows, columns)], how="diagonal_relaxed")
    return merged.sort("source_line", maintain_order=True)


def _column_name(cell: str) -> str:
    """A header cell as a column name: bytes that are not UTF-8 become U+FFFD (no column of
    the manifest can name them, so the column's records are quarantined as missing it)."""
    return cell.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _row_problem(raw: str, cells: list[str], header: list[str]) -> tuple[str, str] | None:
    """(reason, detail) for a row that cannot be a record; None for a good or blank row."""
    if any("\udc80" <= ch <= "\udcff" for ch in raw):
        return "invalid_utf8", "row is not valid UTF-8"
    if cells and len(cells) != len(header):
        return "malformed_line", f"expected {len(header)} fields, found {len(cells)}"
    return None
