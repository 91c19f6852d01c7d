"""Both sides of a pair: a zh-vi parallel corpus is zh on one side and vi on the other."""

from __future__ import annotations

import polars as pl

from pipelines.measure import declared_matches, language_counts
from quality.signals import add_signals, summarize_signals

PAIRS = [
    ("这座城市明年将建造一所新学校。", "Thành phố sẽ xây dựng một trường học mới vào năm tới."),
    ("今天的天气非常好，我们去公园散步。", "Hôm nay thời tiết rất đẹp, chúng tôi đi dạo."),
    ("他在河内的一家银行工作了十年。", "Anh ấy đã làm việc ở một ngân hàng tại Hà Nội mười năm."),
]


def _pairs() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "record_id": [f"p{i}" for i in range(len(PAIRS))],
            "source": [s for s, _ in PAIRS],
            "target": [t for _, t in PAIRS],
            "source_lang": ["zh"] * len(PAIRS),
            "target_lang": ["vi"] * len(PAIRS),
        }
    )


def test_each_side_gets_its_own_language_and_script() -> None:
    out = add_signals(_pairs(), dataset_type="parallel_corpus", declared_languages=["zh", "vi"])
    assert out["src_lang"].to_list() == ["zh"] * 3
    assert out["tgt_lang"].to_list() == ["vi"] * 3
    assert out["src_script"].to_list() == ["Han"] * 3
    assert out["tgt_script"].to_list() == ["Latin"] * 3
    assert (out["tgt_n_units"] > 5).all()


def test_report_and_diversity_count_both_sides() -> None:
    out = add_signals(_pairs(), dataset_type="parallel_corpus", declared_languages=["zh", "vi"])
    section = summarize_signals(out, declared=["zh", "vi"])
    distribution = section["languages"]["distribution"]
    assert {k: v["records"] for k, v in distribution.items()} == {"vi": 3, "zh": 3}
    assert section["scripts"] == {"Han": 3, "Latin": 3}
    assert section["sides"]["target"]["languages"]["main_language"] == "vi"
    kept = out.with_columns(drop_reason=pl.lit(None, dtype=pl.String))
    assert language_counts(kept) == {"vi": 3, "zh": 3}
    assert declared_matches(kept) == 3
    only_zh = add_signals(_pairs(), dataset_type="parallel_corpus", declared_languages=["zh"])
    assert declared_matches(only_zh) == 0
