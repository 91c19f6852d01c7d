"""Parallel-corpus checks on literal pairs and on the real PUD sample with shuffled targets."""

from __future__ import annotations

import json
import random
from pathlib import Path

import polars as pl
import pytest

from quality.types import check_types, summarize_types

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
    out = check_types(df, dataset_type="parallel_corpus")
    shuffled = out["record_id"].is_in([f"r{i}" for i in picked])
    flagged = out["t_misaligned"]
    assert flagged.filter(~shuffled).mean() <= 0.03  # type: ignore[operator]
    assert flagged.filter(shuffled).mean() >= 0.3  # type: ignore[operator]
    section = summarize_types(out, dataset_type="parallel_corpus")
    assert section["records"] == len(rows)
    assert 0 < section["alignment_score"]["p50"] <= 1
