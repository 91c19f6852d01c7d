"""Parallel-corpus alignment benchmark on the PUD sample: shuffle a share of targets, then count.

Prints, per language pair and seed: recall on shuffled pairs and false-flag rate on true pairs
at the shipped rule (`t_misaligned`), plus recall at a 2% false-flag budget (oracle threshold on
`t_alignment_score`) to show the precision/recall trade-off. Run:
`uv run python bench/parallel_bench.py [path] [--share 0.2]`.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np
import polars as pl

from quality.types import check_types

PAIRS = [("en", "zh"), ("en", "th"), ("en", "id"), ("zh", "th")]
DEFAULT_DATA = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "pud_parallel_dev.jsonl"
)


def shuffled_pairs(
    rows: list[dict[str, str]], *, src: str, tgt: str, share: float, seed: int
) -> pl.DataFrame:
    """Pairs with `share` of targets permuted among themselves (no target stays in place)."""
    rng = random.Random(seed)
    picked = sorted(rng.sample(range(len(rows)), int(len(rows) * share)))
    moved = picked[:]
    while any(a == b for a, b in zip(picked, moved, strict=True)):
        rng.shuffle(moved)
    targets = [row[tgt] for row in rows]
    for slot, origin in zip(picked, moved, strict=True):
        targets[slot] = rows[origin][tgt]
    bad = np.zeros(len(rows), dtype=bool)
    bad[picked] = True
    return pl.DataFrame(
        {
            "record_id": [f"r{i}" for i in range(len(rows))],
            "source": [row[src] for row in rows],
            "target": targets,
            "source_lang": [src] * len(rows),
            "target_lang": [tgt] * len(rows),
            "shuffled": bad,
        }
    )


def measure(df: pl.DataFrame) -> dict[str, float]:
    """Recall and false-flag rate of the shipped rule and recall at a 2% false-flag budget."""
    bad = df["shuffled"].to_numpy()
    flagged = df["t_misaligned"].to_numpy()
    score = df["t_alignment_score"].to_numpy()
    threshold = np.quantile(score[~bad], 0.02)
    return {
        "recall": float(flagged[bad].mean()),
        "false_flag": float(flagged[~bad].mean()),
        "recall_at_2pct": float((score[bad] < threshold).mean()),
        "any_issue_false": float(
            df.filter(~pl.col("shuffled"))["t_issue"].is_not_null().to_numpy().mean()
        ),
    }


def main() -> None:
    """Run every pair on two seeds and print one line each."""
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--share", type=float, default=0.2)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.path.read_text(encoding="utf-8").splitlines()]
    for src, tgt in PAIRS:
        for seed in (7, 8):
            df = shuffled_pairs(rows, src=src, tgt=tgt, share=args.share, seed=seed)
            start = time.perf_counter()
            checked = check_types(df, dataset_type="parallel_corpus")
            seconds = time.perf_counter() - start
            result = measure(checked)
            print(
                f"{src}-{tgt} seed={seed} n={df.height} "
                + " ".join(f"{k}={v:.3f}" for k, v in result.items())
                + f" seconds={seconds:.2f}"
            )


if __name__ == "__main__":
    main()
