"""CSV and TSV with a header row: Polars on the happy path, Python's csv module for a file with
ragged rows or invalid bytes."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

import polars as pl

from pipelines.ingest.compression import Payload
from pipelines.ingest.frame import bad_row, error_frame, frame_from_rows
from pipelines.ingest.kinds import Kind, kind_dtype
from pipelines.ingest.table import coerce_table

__all__ = ["read_csv_payload"]


def read_csv_payload(
    payload: Payload, *, separator: str, fields: Mapping[str, str], kinds: Mapping[str, Kind]
) -> pl.DataFrame:
    """CSV/TSV with a header row; Polars on the happy path, Python's csv module otherwise."""
    frame: pl.DataFrame | None = None
    try:
        payload.data.decode("utf-8")
        df = pl.read_csv(
            io.BytesIO(payload.data), separator=separator, infer_schema=False, has_header=True
        )
        frame = coerce_table(df, fields=fields, kinds=kinds)
    except (UnicodeDecodeError, pl.exceptions.PolarsError):
        frame = _csv_slow(payload.data, separator=separator, fields=fields, kinds=kinds)
    if payload.truncated:
        tail = error_frame(
            frame.height + 1, payload.data[-200:], "truncated_archive", payload.problem
        )
        frame = pl.concat([frame, tail], how="diagonal_relaxed")
    return frame


def _csv_slow(
    data: bytes, *, separator: str, fields: Mapping[str, str], kinds: Mapping[str, Kind]
) -> pl.DataFrame:
    """Row-by-row CSV: ragged rows are `malformed_line`, rows with bad bytes `invalid_utf8`."""
    text = data.decode("utf-8", "surrogateescape")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    header = next(reader, [])
    rows: list[dict[str, Any]] = []
    good: list[dict[str, Any]] = []
    for number, cells in enumerate(reader, start=1):
        raw = separator.join(cells)
        if any("\udc80" <= ch <= "\udcff" for ch in raw):
            rows.append(bad_row(number, raw, "invalid_utf8", "row is not valid UTF-8"))
        elif len(cells) != len(header):
            detail = f"expected {len(header)} fields, found {len(cells)}"
            rows.append(bad_row(number, raw, "malformed_line", detail))
        else:
            good.append({"_n": number, **dict(zip(header, cells, strict=True))})
    table = pl.DataFrame(good, schema={"_n": pl.Int64, **dict.fromkeys(header, pl.String)})
    coerced = coerce_table(table.drop("_n"), fields=fields, kinds=kinds)
    coerced = coerced.with_columns(source_line=table["_n"])
    columns = {c: kind_dtype(kinds[c]) for c in fields}
    merged = pl.concat([coerced, frame_from_rows(rows, columns)], how="diagonal_relaxed")
    return merged.sort("source_line", maintain_order=True)
