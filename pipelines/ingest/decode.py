"""Bytes to lines: cut a payload into chunks at newlines and split them into numbered lines,
checking UTF-8 in Polars."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from pipelines.ingest.compression import Payload

__all__ = ["chunks", "complete_lines", "split_lines"]

CHUNK_BYTES = 32 * 1024 * 1024


def chunks(data: bytes, *, size: int = CHUNK_BYTES) -> Iterator[tuple[int, bytes]]:
    """Cut bytes at newlines into pieces of about `size`, each with its first line number.

    A generator: each piece is copied out of `data` only when the reader gets to it, so a large
    file is not held twice.
    """
    start, line = 0, 1
    while start < len(data):
        end = data.find(b"\n", min(start + size, len(data)) - 1)
        end = len(data) if end < 0 else end + 1
        piece = data[start:end]
        yield line, piece
        line += piece.count(b"\n")
        start = end


def _is_utf8(line: bytes) -> bool:
    """Whether one line decodes as UTF-8."""
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def split_lines(piece: bytes, first_line: int) -> tuple[pl.DataFrame, list[tuple[int, bytes]]]:
    """Split a chunk into (source_line, line) for valid UTF-8 lines and a list of invalid ones.

    Polars checks the UTF-8 of the whole chunk in one cast; only a chunk that fails is
    checked line by line, and then only the bad lines are set aside. No Python string is
    built per line. Blank lines are not records and are left out.
    """
    raw_lines = piece.split(b"\n")
    frame = pl.DataFrame(pl.Series("bytes", raw_lines, dtype=pl.Binary)).with_row_index(
        "source_line", offset=first_line
    )
    invalid: list[tuple[int, bytes]] = []
    try:
        lines = frame["bytes"].cast(pl.String)
    except pl.exceptions.ComputeError:
        valid = pl.Series([_is_utf8(line) for line in raw_lines], dtype=pl.Boolean)
        invalid = [(first_line + i, raw_lines[i]) for i in (~valid).arg_true()]
        frame = frame.filter(valid)
        lines = frame["bytes"].cast(pl.String)
    good = frame.select(
        pl.col("source_line").cast(pl.Int64),
        lines.str.strip_suffix("\r").alias("line"),
    )
    return good.filter(pl.col("line").str.contains(r"\S")), invalid


def complete_lines(payload: Payload) -> tuple[bytes, int, bytes]:
    """(complete lines, line number of the cut-off tail, tail) of a payload.

    For a truncated archive the last partial line is not a record: it goes to the
    quarantine with the `truncated_archive` row instead of being parsed.
    """
    if not payload.truncated:
        return payload.data, 0, b""
    cut = payload.data.rfind(b"\n") + 1
    body = payload.data[:cut]
    return body, body.count(b"\n") + 1, payload.data[cut:]
