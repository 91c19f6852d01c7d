"""Script families for shingling: which code points are separators and which family a letter is.

Dedup needs one decision per record: shingle whitespace words (Latin and every other spaced
script) or characters (CJK and the unspaced Brahmic scripts Thai, Lao, Khmer, Burmese). Lookup
tables indexed by code point make that a vectorised NumPy gather instead of a loop per character.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import numpy as np
import numpy.typing as npt

FAMILIES: tuple[str, ...] = ("latin", "cjk", "thai_lao", "khmer", "burmese")
"""Script families, in the order of their integer codes; `latin` covers every spaced script."""

WORD_FAMILY = 0
"""Code of the family whose unit is a whitespace/punctuation-delimited word."""

TABLE_SIZE = 0x30000
"""Code points at or above this are treated as letters of the `latin` family, except CJK."""

_RANGES: dict[str, tuple[tuple[int, int], ...]] = {
    "cjk": (
        (0x2E80, 0x2FDF),
        (0x3040, 0x30FF),
        (0x3100, 0x31FF),
        (0x3400, 0x4DBF),
        (0x4E00, 0x9FFF),
        (0xF900, 0xFAFF),
        (0x20000, 0x2FFFF),
    ),
    "thai_lao": ((0x0E00, 0x0EFF),),
    "khmer": ((0x1780, 0x17FF), (0x19E0, 0x19FF)),
    "burmese": ((0x1000, 0x109F), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F)),
}


@cache
def family_table() -> npt.NDArray[np.int8]:
    """Return the family code of every code point below `TABLE_SIZE` (0 = latin/spaced)."""
    table = np.zeros(TABLE_SIZE, dtype=np.int8)
    for code, name in enumerate(FAMILIES):
        for low, high in _RANGES.get(name, ()):
            table[low : high + 1] = code
    return table


@cache
def separator_table() -> npt.NDArray[np.bool_]:
    """Return True for code points that separate units: spaces, punctuation, symbols, controls."""
    categories = (unicodedata.category(chr(cp))[0] for cp in range(TABLE_SIZE))
    return np.fromiter((c in "ZPSC" for c in categories), dtype=np.bool_, count=TABLE_SIZE)


@cache
def code_table() -> npt.NDArray[np.uint8]:
    """Return family code + 8 * is_separator per code point; the last entry (used for every code
    point beyond the table) is a latin letter."""
    table = family_table().astype(np.uint8) + separator_table().astype(np.uint8) * np.uint8(8)
    table[-1] = 0
    return table


def classify(
    codepoints: npt.NDArray[np.uint32],
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int8]]:
    """Return (is_separator, family code) for each code point of a flat UTF-32 array."""
    code = np.take(code_table(), codepoints, mode="clip")
    return code >= 8, (code & np.uint8(7)).astype(np.int8)
