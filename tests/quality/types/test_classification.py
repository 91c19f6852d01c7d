"""Classification checks: label set, mixed types, conflicting duplicates, confident learning."""

from __future__ import annotations

import random

import polars as pl

from quality.types import check_types, summarize_types


def test_unknown_mixed_and_conflicting_labels() -> None:
    df = pl.DataFrame(
        {
            "record_id": ["a", "b", "c", "d", "e", "f"],
            "text": ["Great film!", "great film", "Awful plot.", "Fine.", "Loved it", "Meh"],
            "label": ["pos", "neg", "neg", "neutral", "pos", "3"],
        }
    )
    out = check_types(df, dataset_type="classification", label_set=["pos", "neg"])
    assert out["t_issue"].to_list() == [
        "class_near_duplicate_conflict",
        "class_near_duplicate_conflict",
        None,
        "class_label_unknown",
        None,
        "class_label_mixed_type",
    ]
    section = summarize_types(out, dataset_type="classification")
    assert section["class_balance"]["classes"]["pos"] == 2
    assert section["mislabel_suspect_rate"] is None  # too little data for confident learning


def test_confident_learning_flags_planted_mislabels() -> None:
    rng = random.Random(0)
    sport = ["match", "goal", "team", "coach", "league", "score"]
    money = ["bank", "stock", "price", "market", "loan", "profit"]
    texts, labels = [], []
    for i in range(120):
        words, label = (sport, "sport") if i % 2 == 0 else (money, "finance")
        texts.append(" ".join(rng.choice(words) for _ in range(8)))
        labels.append(label)
    planted = [3, 10, 47, 88]
    for i in planted:
        labels[i] = "sport" if labels[i] == "finance" else "finance"
    df = pl.DataFrame({"record_id": [str(i) for i in range(120)], "text": texts, "label": labels})
    out = check_types(df, dataset_type="classification")
    flagged = set(out.with_row_index().filter(pl.col("t_mislabel_suspect"))["index"].to_list())
    assert len(set(planted) & flagged) >= 3
    assert len(flagged) <= 10
    again = check_types(df, dataset_type="classification")
    assert again["t_mislabel_suspect"].to_list() == out["t_mislabel_suspect"].to_list()
