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

__all__ = ["DecompressBudget", "Payload", "read_payload", "strip_bom", "transcode"]

INFLATE_STEP = 1024 * 1024
"""Most bytes one gzip step may produce (zlib's `max_length`), so a check runs every MiB."""
ZSTD_INPUT_STEP = 1024
"""zstd input fed per step: at zstd's worst ratio (~32,000:1) about 32 MiB out per step."""
BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Payload:
    """The decompressed bytes of a file and whether the archive ended early."""

    data: bytes
    truncated: bool
    problem: str = ""


@dataclass(kw_only=True)
class DecompressBudget:
    """Decompressed bytes allowed per file and for the whole submission, checked while
    streaming: a bomb stops when it crosses a limit, not after it has filled memory."""

    per_file: int
    per_submission: int
    used: int = 0

    def check(self, name: str, produced: int) -> None:
        """Raise IngestError when `produced` bytes of file `name` cross either limit."""
        if produced > self.per_file:
            raise IngestError(
                f"{name}: decompresses to more than {self.per_file} bytes, the limit per file "
                "(setting CORPUSGRADE_MAX_DECOMPRESSED_FILE_BYTES); split the file or raise it"
            )
        if self.used + produced > self.per_submission:
            raise IngestError(
                f"{name}: the submission's files decompress to more than {self.per_submission} "
                "bytes, the limit per submission (setting "
                "CORPUSGRADE_MAX_DECOMPRESSED_SUBMISSION_BYTES)"
            )

    def spend(self, name: str, produced: int) -> None:
        """Count a file's bytes against the submission (after checking them)."""
        self.check(name, produced)
        self.used += produced


class _Inflater(Protocol):
    """The part of zstandard decompress objects that `_unzstd` uses."""

    @property
    def eof(self) -> bool:
        """Whether the end of the frame was reached."""
        ...

    @property
    def unused_data(self) -> bytes:
        """Input after the end of the frame."""
        ...

    def decompress(self, data: bytes) -> bytes:
        """Decompress the next piece of input."""
        ...


def _gunzip(raw: bytes, check: Callable[[int], None]) -> tuple[bytes, bool, str]:
    """Every gzip member; (data, truncated, problem); `check(bytes so far)` after each step.

    zlib's `max_length` bounds each step's output, so a member that expands 1000:1 is stopped
    within one step of the limit. Concatenated members (`cat a.gz b.gz`) are all read; a
    stream that breaks off or is corrupt keeps what came before.
    """
    out = bytearray()
    pending = raw
    while pending.strip(b"\0"):
        inflater = zlib.decompressobj(wbits=31)
        data = pending
        while True:
            try:
                piece = inflater.decompress(data, INFLATE_STEP)
            except zlib.error as exc:
                return bytes(out), True, f"corrupt compressed stream: {exc}"
            out += piece
            check(len(out))
            data = inflater.unconsumed_tail
            if inflater.eof:
                pending = inflater.unused_data
                break
            if not data and not piece:
                return bytes(out), True, "compressed stream ends early"
    return bytes(out), False, ""


def _unzstd(raw: bytes, check: Callable[[int], None]) -> tuple[bytes, bool, str]:
    """Every zstd frame, fed `ZSTD_INPUT_STEP` bytes at a time; as `_gunzip`."""
    out = bytearray()
    pending = raw
    while pending.strip(b"\0"):
        inflater: _Inflater = zstandard.ZstdDecompressor().decompressobj()
        for start in range(0, len(pending), ZSTD_INPUT_STEP):
            try:
                out += inflater.decompress(pending[start : start + ZSTD_INPUT_STEP])
            except zstandard.ZstdError as exc:
                return bytes(out), True, f"corrupt compressed stream: {exc}"
            check(len(out))
            if inflater.eof:
                pending = inflater.unused_data + pending[start + ZSTD_INPUT_STEP :]
                break
        else:
            return bytes(out), True, "compressed stream ends early"
    return bytes(out), False, ""


def read_payload(path: Path, *, name: str, budget: DecompressBudget) -> Payload:
    """Read a file, decompressing `.gz` / `.zst` by suffix, within `budget`.

    `name` (the path relative to the submission) is what an error names.
    """
    suffix = path.suffix.lower()
    makers = {".gz": _gunzip, ".zst": _unzstd, ".zstd": _unzstd}
    if suffix not in makers:
        budget.spend(name, path.stat().st_size)
        return Payload(path.read_bytes(), False)
    data, truncated, problem = makers[suffix](
        path.read_bytes(), lambda produced: budget.check(name, produced)
    )
    budget.spend(name, len(data))
    return Payload(data, truncated, problem)


def strip_bom(payload: Payload) -> Payload:
    """The payload without a leading UTF-8 byte order mark (it is not part of the first record)."""
    if not payload.data.startswith(BOM):
        return payload
    return Payload(payload.data[len(BOM) :], payload.truncated, payload.problem)


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
