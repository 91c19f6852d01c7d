"""Vectorised 32-bit mixing used by shingling and MinHash.

Everything here is plain NumPy unsigned arithmetic (wrapping modulo 2**32), so the values are the
same on every machine and every library version, and the registry can compare signatures written
by earlier runs. 32-bit rather than 64-bit because NumPy vectorises 32-bit multiplication (SIMD)
and not 64-bit: the whole shingling step is several times faster.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

U32 = npt.NDArray[np.uint32]

_M1 = np.uint32(0x85EBCA6B)
_M2 = np.uint32(0xC2B2AE35)
_S16 = np.uint32(16)
_S13 = np.uint32(13)
GOLDEN = np.uint32(0x9E3779B9)


def mix32(values: U32) -> U32:
    """Return the MurmurHash3 finaliser of each value (a bijection that spreads every input bit)."""
    z = values ^ (values >> _S16)
    z *= _M1
    z ^= z >> _S13
    z *= _M2
    z ^= z >> _S16
    return z


def seeded_constants(seed: int, count: int, *, salt: int) -> U32:
    """Return `count` well-spread 32-bit constants derived only from `seed` and `salt`."""
    start = (seed * 0x01000193 + salt * 0x9E3779B1 + (seed >> 32) * 0x85EBCA77) % (1 << 32)
    base = np.arange(1, count + 1, dtype=np.uint32) * GOLDEN + np.uint32(start)
    return mix32(mix32(base) ^ np.uint32(salt % (1 << 32)))
