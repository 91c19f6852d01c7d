"""Generated fixtures for dedup tests: seeded texts in each script family."""

from __future__ import annotations

import random

import polars as pl

SCRIPT_RANGES = {
    "latin": (0x61, 0x7A),
    "cjk": (0x4E00, 0x9FA5),
    "thai_lao": (0x0E01, 0x0E2E),
    "khmer": (0x1780, 0x17A2),
    "burmese": (0x1000, 0x1021),
}


def sentence(rng: random.Random, family: str, words: int = 8) -> str:
    """Return one random sentence in the family's script (spaced words only for latin)."""
    low, high = SCRIPT_RANGES[family]
    parts = [
        "".join(chr(rng.randint(low, high)) for _ in range(rng.randint(2, 6))) for _ in range(words)
    ]
    return (" " if family == "latin" else "").join(parts) + ("." if family == "latin" else "")


def document(seed: int, family: str, sentences: int = 20) -> list[str]:
    """Return a seeded document as a list of sentences."""
    rng = random.Random(f"{family}-{seed}")
    return [sentence(rng, family) for _ in range(sentences)]


def records(texts: list[str], *, ids: list[str] | None = None) -> pl.DataFrame:
    """Return a minimal record table for find_duplicates."""
    return pl.DataFrame(
        {
            "record_id": ids or [f"r{i:03d}" for i in range(len(texts))],
            "content_norm": texts,
            "drop_reason": [None] * len(texts),
        },
        schema_overrides={"drop_reason": pl.Utf8},
    )
