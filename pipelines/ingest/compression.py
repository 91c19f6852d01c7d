"""File bytes in, UTF-8 bytes out: gz/zst decompression (every member, tolerating truncation,
bounded in size) and re-encoding from a declared encoding."""

from __future__ import annotations

import codecs
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import zstandard

from pipelines.ingest.limits import IngestError

__all__ = ["Payload", "read_payload", "transcode"]

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


def _normalise(encoding: str) -> str:
    """Canonical codec name, so 'UTF8' and 'utf-8' compare equal."""
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
