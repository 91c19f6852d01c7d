"""Keep what is clean, drop what is not: per-language keep and catch rates of the filter step.

Corpus from ``../shared/tools/make_bench_corpus.py`` (``--out`` corpus, ``--truth`` side file):

    python ../shared/tools/make_bench_corpus.py --docs 20000 --out bench/work/c.jsonl \\
        --truth bench/work/t.jsonl
    uv run python bench/clean_bench.py --corpus bench/work/c.jsonl --truth bench/work/t.jsonl

Prints, per language (the generator's truth language): clean originals kept (target >= 95%),
injected noisy documents given a drop_reason (target >= 90%), and the reasons seen.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import polars as pl

from quality.filters import apply_filters
from quality.signals import add_content, add_signals


def load(corpus: Path, truth: Path, limit: int | None) -> pl.DataFrame:
    """Corpus rows with their truth kind (orig/exact/near/noisy) and true language."""
    docs = pl.read_ndjson(corpus, n_rows=limit)
    kinds = pl.read_ndjson(truth).select("id", "kind", pl.col("lang").alias("true_lang"))
    docs = docs.join(kinds, on="id", how="left", maintain_order="left")
    return docs.with_columns(
        pl.col("kind").fill_null("orig"),
        pl.col("true_lang").fill_null(pl.col("lang_declared")),
    ).rename({"id": "record_id"})


def rates(df: pl.DataFrame) -> pl.DataFrame:
    """Per language: originals kept share and noisy documents caught share."""
    dropped = pl.col("drop_reason").is_not_null()
    orig = pl.col("kind") == "orig"
    noisy = pl.col("kind") == "noisy"
    return (
        df.group_by("true_lang")
        .agg(
            orig.sum().alias("originals"),
            (orig & ~dropped).sum().alias("orig_kept"),
            noisy.sum().alias("noisy"),
            (noisy & dropped).sum().alias("noisy_caught"),
        )
        .with_columns(
            (pl.col("orig_kept") / pl.col("originals")).round(4).alias("kept_share"),
            (pl.col("noisy_caught") / pl.col("noisy")).round(4).alias("caught_share"),
        )
        .sort("true_lang")
    )


def main() -> None:
    """Run signals + filters on the corpus and print the per-language table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--truth", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    docs = load(args.corpus, args.truth, args.limit)
    declared = sorted(docs.get_column("true_lang").unique().to_list())
    start = time.perf_counter()
    records = add_content(docs, dataset_type="text_corpus")
    tagged = add_signals(records, dataset_type="text_corpus", declared_languages=declared)
    filtered = apply_filters(tagged)
    seconds = time.perf_counter() - start
    pl.Config.set_tbl_rows(60)
    print(rates(filtered))
    reasons = (
        filtered.filter(pl.col("drop_reason").is_not_null())
        .group_by("kind", "true_lang", "drop_reason")
        .len()
        .sort("kind", "true_lang", "len", descending=[False, False, True])
    )
    print(reasons)
    total = rates(filtered).select(pl.col("orig_kept", "originals", "noisy_caught", "noisy").sum())
    figures = {"docs": docs.height, "seconds": round(seconds, 2), **total.row(0, named=True)}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
