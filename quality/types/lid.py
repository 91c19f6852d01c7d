"""Language labels for the type checks through the shared `quality.langid` identifier."""

from __future__ import annotations

from collections.abc import Sequence

from quality.langid import LanguageIdentifier


def language_labels(
    texts: Sequence[str | None], *, identifier: LanguageIdentifier | None = None
) -> list[str | None]:
    """One ISO code per text (None for empty text), judged in one batch call."""
    model = identifier or LanguageIdentifier.default()
    filled = [" ".join((text or "").split()) for text in texts]
    results = model.identify(filled)
    return [result.lang if text else None for text, result in zip(filled, results, strict=True)]
