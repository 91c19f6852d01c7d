"""A second opinion on short or uncertain Latin-script texts: lingua, among the declared languages.

lid.176 has no features for many one- to three-word utterances ("Binabasa", "Kursus") and answers
with its label frequencies. lingua (``lingua-language-detector``, models shipped in the wheel, no
download) is built for short texts: restricted to the languages a submission declares, it picks
the most likely of them from character n-grams of one to five letters. It is consulted only where
``quality.langid_prior`` would otherwise fall back to lid.176's guess among declared languages.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

LINGUA_NAMES: dict[str, str] = {
    "en": "ENGLISH",
    "id": "INDONESIAN",
    "ms": "MALAY",
    "tl": "TAGALOG",
    "vi": "VIETNAMESE",
}
"""Declared languages (ISO 639-1) lingua judges here: the Latin-script languages of the base whose
texts reach lid.176 (the others are decided by their script)."""


def lingua_languages(declared: Iterable[str]) -> frozenset[str]:
    """The declared languages lingua can choose between."""
    return frozenset(declared) & frozenset(LINGUA_NAMES)


@cache
def _detector(langs: frozenset[str]) -> Any:
    """One detector per set of languages (building one is cheap; models load lazily, shared)."""
    from lingua import Language, LanguageDetectorBuilder

    chosen = [getattr(Language, LINGUA_NAMES[code]) for code in sorted(langs)]
    return LanguageDetectorBuilder.from_languages(*chosen).build()


MAX_CHARS = 400
"""Characters of a text lingua reads: as many as lid.176 is given (``max_chars`` in
``packs/candidates.yaml``); on a 6 KB document the whole text took ~40 ms, the first 400 ~2 ms."""


def lingua_vote(text: str, declared: Iterable[str]) -> tuple[str, float] | None:
    """lingua's most likely declared language for the first ``MAX_CHARS`` characters of `text`
    and its confidence, or None when fewer than two declared languages are lingua's or it finds
    no letters to judge.

    >>> lingua_vote("Binabasa", ["en", "id", "tl", "vi"])[0]
    'tl'
    """
    langs = lingua_languages(declared)
    if len(langs) < 2:
        return None
    values = _detector(langs).compute_language_confidence_values(text[:MAX_CHARS])
    if not values or values[0].value <= 0.0:
        return None
    codes = {name: code for code, name in LINGUA_NAMES.items()}
    return codes[values[0].language.name], float(values[0].value)
