"""Plain-text reader: one record per line, or one record per file."""

from __future__ import annotations

import polars as pl

from pipelines.ingest.compression import Payload
from pipelines.ingest.decode import chunks, complete_lines, split_lines
from pipelines.ingest.frame import bad_row, error_frame, frame_from_rows

__all__ = ["read_text_payload"]

_COLUMNS: dict[str, pl.DataType] = {"text": pl.String()}


def _line_chunk(piece: bytes, first_line: int) -> pl.DataFrame:
    """Lines of one chunk as text records; invalid UTF-8 lines quarantined."""
    lines, invalid = split_lines(piece, first_line)
    good = lines.select(
        "source_line",
        pl.col("line").alias("raw"),
        *(pl.lit(None, pl.String).alias(c) for c in ("_reason", "_field", "_detail")),
        pl.col("line").alias("text"),
    )
    bad = [bad_row(n, raw, "invalid_utf8", "line is not valid UTF-8") for n, raw in invalid]
    return pl.concat([good, frame_from_rows(bad, _COLUMNS)]).sort("source_line")


def _whole_file(payload: Payload) -> pl.DataFrame:
    """The whole file as one record."""
    try:
        text = payload.data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return error_frame(
            1, payload.data[:1000], "invalid_utf8", f"file is not valid UTF-8: {exc}"
        )
    if payload.truncated:
        return error_frame(1, payload.data[-200:], "truncated_archive", payload.problem)
    row = {"source_line": 1, "raw": text, "text": text.rstrip("\r\n")}
    return frame_from_rows([row], _COLUMNS)


def read_text_payload(payload: Payload, *, per_file: bool) -> pl.DataFrame:
    """A text file as a reader frame with a `text` column."""
    if per_file:
        return _whole_file(payload)
    body, tail_line, tail = complete_lines(payload)
    frames = [_line_chunk(piece, first) for first, piece in chunks(body)]
    if payload.truncated:
        frames.append(error_frame(tail_line, tail, "truncated_archive", payload.problem))
    if not frames:
        return frame_from_rows([], _COLUMNS)
    return pl.concat(frames, how="diagonal_relaxed")
