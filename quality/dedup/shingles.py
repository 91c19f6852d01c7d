"""Script-aware shingles for a batch of texts, as flat arrays of 32-bit hashes.

A record's unit is a whitespace/punctuation-delimited word for spaced scripts and a character for
CJK, Thai/Lao, Khmer and Burmese (whose words are not delimited by spaces); a shingle is `n`
consecutive units with `n` chosen per script family; text is lower-cased first. The whole batch
is processed as one UTF-32 array with NumPy, because a Python loop per record (or per shingle)
is the known bottleneck of MinHash dedup. A record with fewer units than `n` gets one shingle of
all its units, so short Thai or Khmer lines still take part; a record with no units gets none.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from quality.dedup.hashing import GOLDEN, U32, mix32, seeded_constants
from quality.dedup.scripts import FAMILIES, WORD_FAMILY, classify

LATIN_WORDS: tuple[bool, ...] = tuple(code == WORD_FAMILY for code in range(len(FAMILIES)))
"""Word units for the spaced (latin) family, characters elsewhere (the pre-0.2 scheme)."""

I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
_POSITION_KEYS = seeded_constants(0, 64, salt=0x5A1) | np.uint32(1)
_PREV_KEY = np.uint32(0x27D4EB2F)
_SLICE_CHARS = 262_144


@dataclass(frozen=True)
class ShingleBatch:
    """Shingle hashes of a batch: record i owns `hashes[offsets[i]:offsets[i + 1]]`."""

    hashes: U32
    offsets: I64
    family: npt.NDArray[np.int8]
    n_units: I64

    def of(self, index: int) -> U32:
        """Return the shingle hashes of record `index` (unsorted, may repeat)."""
        return self.hashes[self.offsets[index] : self.offsets[index + 1]]


def shingle_batch(
    texts: pl.Series | Sequence[str],
    *,
    sizes: Sequence[int],
    words: Sequence[bool] = LATIN_WORDS,
) -> ShingleBatch:
    """Shingle every text; `sizes[f]` is the shingle length in units for family code `f`, whose
    unit is a word where `words[f]` is True and a character otherwise."""
    parts = list(shingle_slices(texts, sizes=sizes, words=words))
    if len(parts) == 1:
        return parts[0]
    return _concat(parts)


def shingle_slices(
    texts: pl.Series | Sequence[str],
    *,
    sizes: Sequence[int],
    words: Sequence[bool] = LATIN_WORDS,
) -> Iterator[ShingleBatch]:
    """Yield shingle batches for consecutive slices of about `_SLICE_CHARS` characters.

    Slicing keeps the NumPy temporaries in the CPU cache (several times faster than one pass
    over a large batch) and bounds memory; each batch's offsets start at 0.
    """
    plan = SlicePlan.of(texts)
    for bounds in plan.bounds:
        yield plan.shingle(bounds, sizes=sizes, words=words)


@dataclass(frozen=True)
class SlicePlan:
    """Texts cut into slices of about `_SLICE_CHARS` characters, shingled one slice at a time."""

    series: pl.Series
    lengths: I64
    bounds: list[tuple[int, int]]

    @classmethod
    def of(cls, texts: pl.Series | Sequence[str]) -> SlicePlan:
        """Plan the slices of `texts` (nulls count as empty texts)."""
        series = texts if isinstance(texts, pl.Series) else pl.Series(list(texts), dtype=pl.Utf8)
        series = series.cast(pl.Utf8).fill_null("")
        lengths = series.str.len_chars().to_numpy().astype(np.int64)
        return cls(series=series, lengths=lengths, bounds=_slices(lengths))

    def shingle(
        self,
        bounds: tuple[int, int],
        *,
        sizes: Sequence[int],
        words: Sequence[bool] = LATIN_WORDS,
    ) -> ShingleBatch:
        """Shingle the records `bounds[0]:bounds[1]` (offsets start at 0)."""
        lo, hi = bounds
        return _shingle_slice(self.series.slice(lo, hi - lo), sizes, words)


def _slices(lengths: I64) -> list[tuple[int, int]]:
    """Split record indices into consecutive slices of roughly `_SLICE_CHARS` characters."""
    if len(lengths) == 0:
        return [(0, 0)]
    marks = np.arange(1, 1 + int(lengths.sum()) // _SLICE_CHARS) * _SLICE_CHARS
    bounds = np.searchsorted(np.cumsum(lengths), marks)
    cuts = sorted({0, len(lengths), *(int(c) + 1 for c in bounds if int(c) + 1 < len(lengths))})
    return list(itertools.pairwise(cuts))


def _concat(parts: list[ShingleBatch]) -> ShingleBatch:
    """Concatenate per-slice shingle batches into one, shifting the offsets."""
    shift = np.cumsum([0] + [int(p.offsets[-1]) for p in parts[:-1]])
    offsets = [parts[0].offsets[:1]] + [
        p.offsets[1:] + s for p, s in zip(parts, shift, strict=True)
    ]
    return ShingleBatch(
        hashes=np.concatenate([p.hashes for p in parts]),
        offsets=np.concatenate(offsets).astype(np.int64),
        family=np.concatenate([p.family for p in parts]),
        n_units=np.concatenate([p.n_units for p in parts]),
    )


def _shingle_slice(series: pl.Series, sizes: Sequence[int], words: Sequence[bool]) -> ShingleBatch:
    """Shingle one slice of texts in a single vectorised pass (case-folded here, per slice, so
    the whole column is never copied in lower case)."""
    series = series.str.to_lowercase()
    lengths = series.str.len_chars().to_numpy().astype(np.int64)
    n_docs = len(lengths)
    codepoints = np.frombuffer("".join(series.to_list()).encode("utf-32-le"), dtype=np.uint32)
    doc_start = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(lengths, out=doc_start[1:])
    is_sep, family = classify(codepoints)
    keep = ~is_sep
    doc_family = _doc_families(codepoints, keep, family, lengths)
    word_mode = np.repeat(np.asarray(words, dtype=np.bool_)[doc_family], lengths)
    unit_hash, n_units = _unit_hashes(codepoints, keep, word_mode, doc_start)
    size_per_doc = np.asarray(sizes, dtype=np.int32)[doc_family]
    hashes, counts = _ngram_hashes(unit_hash, n_units, size_per_doc)
    offsets = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return ShingleBatch(
        hashes=hashes, offsets=offsets, family=doc_family, n_units=n_units.astype(np.int64)
    )


def _doc_families(
    codepoints: npt.NDArray[np.uint32],
    keep: npt.NDArray[np.bool_],
    family: npt.NDArray[np.int8],
    lengths: I64,
) -> npt.NDArray[np.int8]:
    """Return each record's majority family among its non-separator code points (ties: latin)."""
    width = len(FAMILIES)
    doc = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
    code = doc[keep] * width + family[keep]
    counts = np.bincount(code, minlength=len(lengths) * width).reshape(len(lengths), width)
    return counts.argmax(axis=1).astype(np.int8)


def _unit_hashes(
    codepoints: npt.NDArray[np.uint32],
    keep: npt.NDArray[np.bool_],
    word_mode: npt.NDArray[np.bool_],
    doc_start: I64,
) -> tuple[U32, I32]:
    """Hash each unit (a word, or one character in character families); count units per record.

    A code point's contribution mixes it with its predecessor in the same unit, so the unit hash
    depends on letter order (not only on the letters) without a per-letter position array.
    """
    continues = np.zeros(len(keep), dtype=np.bool_)
    continues[1:] = keep[:-1] & word_mode[1:]
    continues[doc_start[:-1][doc_start[:-1] < len(keep)]] = False
    starts_full = keep & ~continues
    cum = np.zeros(len(keep) + 1, dtype=np.int32)
    np.cumsum(starts_full, out=cum[1:])
    n_units = cum[doc_start[1:]] - cum[doc_start[:-1]]
    kept_cp = codepoints[keep]
    starts = starts_full[keep]
    prev = np.zeros(len(kept_cp), dtype=np.uint32)
    prev[1:] = kept_cp[:-1]
    prev[starts] = 0
    mixed = mix32(kept_cp * GOLDEN + prev * _PREV_KEY)
    start_pos = np.flatnonzero(starts)
    if len(start_pos) == 0:
        return np.zeros(0, dtype=np.uint32), n_units
    return np.add.reduceat(mixed, start_pos, dtype=np.uint32), n_units


def _ngram_hashes(unit_hash: U32, n_units: I32, size_per_doc: I32) -> tuple[U32, I64]:
    """Combine `size` consecutive unit hashes per record into shingle hashes (position-keyed).

    Computed for every unit position with shifted views (no index arrays), then the positions
    where a full shingle starts are kept (or the first unit of a record shorter than `size`).
    """
    counts = np.where(n_units >= size_per_doc, n_units - size_per_doc + 1, np.minimum(n_units, 1))
    total = len(unit_hash)
    unit_end = np.cumsum(n_units, dtype=np.int32)
    remaining = np.repeat(unit_end, n_units) - np.arange(total, dtype=np.int32)
    size = np.repeat(size_per_doc, n_units)
    width = np.minimum(size, remaining)
    combined = unit_hash * _POSITION_KEYS[0]
    longest = int(size_per_doc.max()) if len(size_per_doc) else 0
    for k in range(1, min(longest, total)):
        term = unit_hash[k:] * _POSITION_KEYS[k]
        term *= width[: total - k] > k
        combined[: total - k] += term
    is_first = np.zeros(total, dtype=np.bool_)
    is_first[(unit_end - n_units)[n_units > 0]] = True
    valid = (remaining >= size) | is_first
    return mix32(combined[valid]), counts.astype(np.int64)
