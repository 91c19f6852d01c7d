"""Script-aware shingles for a batch of texts, as flat arrays of 32-bit hashes.

A record's unit is a whitespace/punctuation-delimited word for spaced scripts and a character for
CJK, Thai/Lao, Khmer and Burmese (whose words are not delimited by spaces); a shingle is `n`
consecutive units with `n` chosen per script family. The whole batch is processed as one UTF-32
array with NumPy, because a Python loop per record (or per shingle) is the known bottleneck of
MinHash dedup. A record with fewer units than `n` gets one shingle of all its units, so short
Thai or Khmer lines still take part; a record with no units gets no shingles.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from quality.dedup.hashing import GOLDEN, U32, mix32, seeded_constants
from quality.dedup.scripts import FAMILIES, WORD_FAMILY, classify

I64 = npt.NDArray[np.int64]
_POSITION_KEYS = seeded_constants(0, 64, salt=0x5A1)
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


def shingle_batch(texts: pl.Series | Sequence[str], *, sizes: Sequence[int]) -> ShingleBatch:
    """Shingle every text; `sizes[f]` is the shingle length in units for family code `f`.

    Works through the texts in slices of about `_SLICE_CHARS` characters so the NumPy temporaries
    stay in the CPU cache (several times faster than one pass over a large batch).
    """
    series = texts if isinstance(texts, pl.Series) else pl.Series(list(texts), dtype=pl.Utf8)
    series = series.fill_null("")
    lengths = series.str.len_chars().to_numpy().astype(np.int64)
    parts = [_shingle_slice(series.slice(lo, hi - lo), sizes) for lo, hi in _slices(lengths)]
    if not parts:
        return _shingle_slice(series, sizes)
    return _concat(parts)


def _slices(lengths: I64) -> list[tuple[int, int]]:
    """Split record indices into consecutive slices of roughly `_SLICE_CHARS` characters."""
    bounds = np.searchsorted(
        np.cumsum(lengths), np.arange(1, 1 + lengths.sum() // _SLICE_CHARS) * _SLICE_CHARS
    )
    cuts = sorted({0, len(lengths), *(int(c) + 1 for c in bounds if int(c) + 1 < len(lengths))})
    return list(itertools.pairwise(cuts))


def _concat(parts: list[ShingleBatch]) -> ShingleBatch:
    """Concatenate per-slice shingle batches into one, shifting the offsets."""
    shift = np.cumsum([0] + [int(p.offsets[-1]) for p in parts[:-1]])
    offsets = np.concatenate(
        [parts[0].offsets[:1]] + [p.offsets[1:] + s for p, s in zip(parts, shift, strict=True)]
    )
    return ShingleBatch(
        hashes=np.concatenate([p.hashes for p in parts]),
        offsets=offsets.astype(np.int64),
        family=np.concatenate([p.family for p in parts]),
        n_units=np.concatenate([p.n_units for p in parts]),
    )


def _shingle_slice(series: pl.Series, sizes: Sequence[int]) -> ShingleBatch:
    """Shingle one slice of texts in a single vectorised pass."""
    lengths = series.str.len_chars().to_numpy().astype(np.int64)
    joined = "".join(series.to_list())
    codepoints = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    doc = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    is_sep, family = classify(codepoints)
    doc_family = _doc_families(doc[~is_sep], family[~is_sep], len(lengths))
    token_hash, token_doc = _unit_hashes(codepoints, doc, ~is_sep, doc_family)
    n_units = np.bincount(token_doc, minlength=len(lengths)).astype(np.int64)
    size_per_doc = np.asarray(sizes, dtype=np.int64)[doc_family]
    hashes, counts = _ngram_hashes(token_hash, n_units, size_per_doc)
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return ShingleBatch(hashes=hashes, offsets=offsets, family=doc_family, n_units=n_units)


def _doc_families(doc: I64, family: npt.NDArray[np.int8], n_docs: int) -> npt.NDArray[np.int8]:
    """Return each record's majority family among its non-separator code points (ties: latin)."""
    width = len(FAMILIES)
    counts = np.bincount(doc * width + family, minlength=n_docs * width).reshape(n_docs, width)
    return counts.argmax(axis=1).astype(np.int8)


def _unit_hashes(
    codepoints: npt.NDArray[np.uint32],
    doc: I64,
    keep: npt.NDArray[np.bool_],
    doc_family: npt.NDArray[np.int8],
) -> tuple[U32, I64]:
    """Hash each unit (a word, or one character in character families) from its code points."""
    same_doc_as_prev = np.empty(len(doc), dtype=np.bool_)
    same_doc_as_prev[:1] = False
    np.equal(doc[1:], doc[:-1], out=same_doc_as_prev[1:])
    prev_kept = np.empty(len(doc), dtype=np.bool_)
    prev_kept[:1] = False
    prev_kept[1:] = keep[:-1]
    continues_word = prev_kept & same_doc_as_prev & (doc_family[doc] == WORD_FAMILY)
    starts = (keep & ~continues_word)[keep]
    kept_cp = codepoints[keep]
    start_pos = np.flatnonzero(starts)
    unit_of = np.cumsum(starts) - 1
    pos_in_unit = (np.arange(len(kept_cp)) - start_pos[unit_of]).astype(np.uint32)
    mixed = mix32(kept_cp * GOLDEN + pos_in_unit)
    if len(start_pos) == 0:
        return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.int64)
    unit_hash = mix32(np.add.reduceat(mixed, start_pos))
    return unit_hash, doc[keep][start_pos]


def _ngram_hashes(unit_hash: U32, n_units: I64, size_per_doc: I64) -> tuple[U32, I64]:
    """Combine `size` consecutive unit hashes per record into shingle hashes (position-keyed)."""
    counts = np.where(n_units >= size_per_doc, n_units - size_per_doc + 1, np.minimum(n_units, 1))
    first_unit = np.zeros(len(n_units), dtype=np.int64)
    np.cumsum(n_units[:-1], out=first_unit[1:])
    shingle_doc = np.repeat(np.arange(len(n_units), dtype=np.int64), counts)
    shingle_start = np.zeros(len(shingle_doc), dtype=np.int64)
    if len(shingle_doc):
        offsets = np.zeros(len(counts), dtype=np.int64)
        np.cumsum(counts[:-1], out=offsets[1:])
        local = np.arange(len(shingle_doc), dtype=np.int64) - offsets[shingle_doc]
        shingle_start = first_unit[shingle_doc] + local
    width = np.minimum(size_per_doc, n_units)[shingle_doc]
    combined = np.zeros(len(shingle_doc), dtype=np.uint32)
    last = max(len(unit_hash) - 1, 0)
    for k in range(int(width.max()) if len(width) else 0):
        take = width > k
        index = np.minimum(shingle_start + k, last)
        term = mix32(unit_hash[index] ^ _POSITION_KEYS[k])
        combined += np.where(take, term, np.uint32(0))
    return mix32(combined), counts
