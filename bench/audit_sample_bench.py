"""Time the audit sample on a large generated record table and the metrics on a simulated audit.

    uv run python bench/audit_sample_bench.py --records 1000000

Generates ``--records`` parallel-corpus records (20 files x 3 language pairs, 10% dropped, 2%
near-duplicate removals), then prints the time to draw the audit sample, its sizes per task and
purpose, the byte-identical re-draw check, and the time to simulate 3 annotators and summarise.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import polars as pl

from quality.agreement import summarize_audit
from quality.audit.sample import draw_audit_sample
from quality.audit.simulate import simulate_annotations


def make_records(n: int, *, seed: int) -> pl.DataFrame:
    """``n`` records with the columns the sample reads (masked text, strata, drop reasons)."""
    rng = np.random.default_rng(seed)
    frame = pl.DataFrame(
        {
            "number": np.arange(n),
            "file": rng.integers(0, 20, n),
            "target_lang": rng.choice(["vi", "th", "lo"], size=n, p=[0.6, 0.35, 0.05]),
            "near": rng.random(n) < 0.02,
            "dropped": rng.random(n) < 0.10,
        }
    ).with_columns(
        record_id=pl.format("r{}", pl.col("number").cast(pl.Utf8).str.zfill(9)),
        source_file=pl.format("part-{}.jsonl", pl.col("file")),
    )
    text = pl.format("masked text {}", pl.col("record_id"))
    return frame.select(
        "record_id",
        "source_file",
        source_lang=pl.lit("zh"),
        target_lang="target_lang",
        source_masked=text,
        target_masked=pl.format("target {}", pl.col("record_id")),
        content_masked=text,
        lang=pl.lit("zh"),
        drop_reason=pl.when("near")
        .then(pl.lit("duplicate_near"))
        .when("dropped")
        .then(pl.lit("too_short")),
        dup_kind=pl.when("near").then(pl.lit("near")),
        dup_of=pl.when("near").then(pl.lit("r000000000")),
    )


def main() -> None:
    """Parse arguments, run the timings, print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args()
    records = make_records(args.records, seed=1)
    print(f"records: {records.height:,} (kept {records['drop_reason'].is_null().sum():,})")

    start = time.perf_counter()
    sample = draw_audit_sample(records, dataset_type="parallel_corpus", seed=args.seed)
    print(f"draw_audit_sample: {time.perf_counter() - start:.2f} s, {sample.height:,} tasks")
    again = draw_audit_sample(records, dataset_type="parallel_corpus", seed=args.seed)
    print(f"re-draw byte identical: {sample.write_csv() == again.write_csv()}")
    sizes = sample.group_by("audit_task", "purpose").agg(
        tasks=pl.len(), double=pl.col("double").sum()
    )
    print(sizes.sort("audit_task", "purpose"))

    truth = pl.Series(
        np.random.default_rng(2).choice(["pass", "fail"], sample.height, p=[0.97, 0.03])
    )
    start = time.perf_counter()
    answers = simulate_annotations(
        sample.with_columns(truth=truth),
        annotators=3,
        error_rates=[0.02, 0.05, 0.1],
        seed=3,
        truth_column="truth",
        choices=["pass", "fail"],
    ).with_columns(control=pl.lit("verdict"))
    section = summarize_audit(answers, sample, simulated=True)
    elapsed = time.perf_counter() - start
    print(f"simulate + summarize_audit ({answers.height:,} answers): {elapsed:.2f} s")
    safety = section["rates"]["safety"]
    overall = {key: value for key, value in safety.items() if key != "by_source"}
    print(f"safety rate (simulated): {overall}; per-source rates for {len(safety['by_source'])}")


if __name__ == "__main__":
    main()
