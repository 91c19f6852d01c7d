"""Bytes in, lines out: decompression (gz/zst, tolerating truncation) and UTF-8 checks."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import polars as pl
import zstandard

from pipelines.ingest.limits import IngestError

__all__ = ["Payload", "chunks", "complete_lines", "read_payload", "split_lines", "transcode"]

CHUNK_BYTES = 32 * 1024 * 1024
INFLATE_STEP = 1024 * 1024


@dataclass(frozen=True)
class Payload:
    """The decompressed bytes of a file and whether the archive ended early."""

    data: bytes
    truncated: bool
    problem: str = ""


class _Inflater(Protocol):
    """The part of zlib / zstandard decompress objects that `_inflate` uses."""

    @property
    def eof(self) -> bool:
        """Whether the end of the member/frame was reached."""
        ...

    @property
    def unused_data(self) -> bytes:
        """Input after the end of the member/frame."""
        ...

    def decompress(self, data: bytes) -> bytes:
        """Decompress the next piece of input."""
        ...


def _inflate(
    raw: bytes, make: Callable[[], _Inflater], *, name: str, max_bytes: int
) -> tuple[bytes, bool, str]:
    """Decompress every member/frame; (data, truncated, problem); raise past `max_bytes`.

    Concatenated members (`cat a.gz b.gz`) are all read; a stream that breaks off or is
    corrupt keeps what came before, and the caller quarantines the rest.
    """
    out = bytearray()
    pending = raw
    while pending.strip(b"\0"):
        inflater = make()
        for start in range(0, len(pending), INFLATE_STEP):
            try:
                out += inflater.decompress(pending[start : start + INFLATE_STEP])
            except (zlib.error, zstandard.ZstdError) as exc:
                return bytes(out), True, f"corrupt compressed stream: {exc}"
            if len(out) > max_bytes:
                raise IngestError(f"{name}: decompresses to more than {max_bytes} bytes")
            if inflater.eof:
                pending = inflater.unused_data + pending[start + INFLATE_STEP :]
                break
        else:
            return bytes(out), True, "compressed stream ends early"
    return bytes(out), False, ""


def _gzip_inflater() -> _Inflater:
    """A gzip member decompressor."""
    return zlib.decompressobj(wbits=31)


def _zstd_inflater() -> _Inflater:
    """A zstd frame decompressor."""
    inflater: _Inflater = zstandard.ZstdDecompressor().decompressobj()
    return inflater


def read_payload(path: Path, *, max_bytes: int) -> Payload:
    """Read a file, decompressing `.gz` / `.zst` by suffix, at most `max_bytes` after that."""
    raw = path.read_bytes()
    suffix = path.suffix.lower()
    makers = {".gz": _gzip_inflater, ".zst": _zstd_inflater, ".zstd": _zstd_inflater}
    if suffix not in makers:
        return Payload(raw, False)
    data, truncated, problem = _inflate(raw, makers[suffix], name=path.name, max_bytes=max_bytes)
    return Payload(data, truncated, problem)


def chunks(data: bytes, *, size: int = CHUNK_BYTES) -> list[tuple[int, bytes]]:
    """Cut bytes at newlines into pieces of about `size`, each with its first line number."""
    pieces: list[tuple[int, bytes]] = []
    start, line = 0, 1
    while start < len(data):
        end = data.find(b"\n", min(start + size, len(data)) - 1)
        end = len(data) if end < 0 else end + 1
        piece = data[start:end]
        pieces.append((line, piece))
        line += piece.count(b"\n")
        start = end
    return pieces


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


def _normalise(encoding: str) -> str:
    """Canonical codec name, so 'UTF8' and 'utf-8' compare equal."""
    import codecs

    return codecs.lookup(encoding).name


def transcode(payload: Payload, encoding: str) -> Payload:
    """Re-encode a payload declared in another encoding to UTF-8, line by line on failure.

    Lines that do not decode in the declared encoding keep their bytes, so the reader
    quarantines them as invalid UTF-8 instead of silently replacing characters.
    """
    if _normalise(encoding) == "utf-8":
        return payload
    try:
        data = payload.data.decode(encoding).encode("utf-8")
    except UnicodeDecodeError:
        data = b"\n".join(_line_to_utf8(line, encoding) for line in payload.data.split(b"\n"))
    return Payload(data, payload.truncated, payload.problem)


def _line_to_utf8(line: bytes, encoding: str) -> bytes:
    """One line re-encoded, or its original bytes when it does not decode."""
    try:
        return line.decode(encoding).encode("utf-8")
    except UnicodeDecodeError:
        return line
