"""Small generated record tables for the audit sample tests."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest


def make_records(n: int, *, seed: int = 0, dataset_type: str = "text_corpus") -> pl.DataFrame:
    """``n`` records with signal columns: two files, three languages (one rare), a few drops."""
    rng = np.random.default_rng(seed)
    ids = [f"r{i:06d}" for i in range(n)]
    base = pl.DataFrame(
        {
            "record_id": ids,
            "source_file": rng.choice(["a.jsonl", "b.jsonl"], size=n),
            "lang": rng.choice(["zh", "vi", "lo"], size=n, p=[0.6, 0.38, 0.02]),
            "drop_reason": [None if i % 10 else "too_short" for i in range(n)],
        }
    )
    if dataset_type == "parallel_corpus":
        return base.with_columns(
            source=pl.Series([f"raw source {i}" for i in range(n)]),
            target=pl.Series([f"raw target {i}" for i in range(n)]),
            source_masked=pl.Series([f"source {i}" for i in range(n)]),
            target_masked=pl.Series([f"target {i}" for i in range(n)]),
            content_masked=pl.Series([f"source {i}\ntarget {i}" for i in range(n)]),
            source_lang=pl.lit("zh"),
            target_lang=pl.Series(rng.choice(["vi", "th"], size=n)),
        )
    text = base.with_columns(
        text=pl.Series([f"raw text {i} 13800138000" for i in range(n)]),
        text_masked=pl.Series([f"text {i} <PHONE>" for i in range(n)]),
        content_masked=pl.Series([f"text {i} <PHONE>" for i in range(n)]),
    )
    if dataset_type == "classification":
        return text.with_columns(label=pl.Series(rng.choice(["sport", "news", "food"], size=n)))
    return text


@pytest.fixture
def text_records() -> pl.DataFrame:
    """3,000 text_corpus records."""
    return make_records(3000)
