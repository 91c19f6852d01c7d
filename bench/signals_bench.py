"""Signals stage throughput: documents per second per core on ~1 KB multilingual documents.

Documents are built from ``../shared/data/langid_dev.jsonl``: sentences of one language joined
by newlines until the document reaches ~1 KB of UTF-8, languages in turn. The stage is the full
``add_content`` + ``add_signals`` (normalise, units, language ID, PII, heuristics) plus the
filter step. "Per core" is documents per CPU-second of this process (all threads), so it holds
whatever the machine's load; run with ``POLARS_MAX_THREADS=1`` for a one-core wall figure too.

    uv run python bench/signals_bench.py --docs 20000
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

import polars as pl

from quality.filters import apply_filters
from quality.langid import LanguageIdentifier
from quality.signals import add_content, add_signals

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "langid_dev.jsonl"


def build_docs(n_docs: int, *, target_bytes: int = 1024) -> pl.DataFrame:
    """Deterministic ~1 KB documents, cycling languages and their sentences."""
    by_lang: dict[str, list[str]] = defaultdict(list)
    for line in DATA.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        by_lang[record["lang"]].append(" ".join(record["text"].split()))
    langs = sorted(by_lang)
    cursor = dict.fromkeys(langs, 0)
    docs: list[str] = []
    for i in range(n_docs):
        lang = langs[i % len(langs)]
        sentences, size = [], 0
        while size < target_bytes:
            sentence = by_lang[lang][cursor[lang] % len(by_lang[lang])]
            cursor[lang] += 1
            sentences.append(sentence)
            size += len(sentence.encode("utf-8")) + 1
        docs.append("\n".join(sentences))
    return pl.DataFrame({"record_id": [f"d{i}" for i in range(n_docs)], "text": docs})


def main() -> None:
    """Time the signals stage in batches and print docs/s (wall) and docs per CPU-second."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--batch", type=int, default=5000)
    args = parser.parse_args()
    docs = build_docs(args.docs)
    identifier = LanguageIdentifier.default()
    identifier.identify(["warm up the model"])
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for start in range(0, docs.height, args.batch):
        batch = add_content(docs.slice(start, args.batch), dataset_type="text_corpus")
        tagged = add_signals(
            batch, dataset_type="text_corpus", declared_languages=[], identifier=identifier
        )
        apply_filters(tagged)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    mean_bytes = docs.select(pl.col("text").str.len_bytes().mean()).item()
    print(
        json.dumps(
            {
                "docs": docs.height,
                "mean_doc_bytes": round(mean_bytes),
                "wall_s": round(wall, 2),
                "cpu_s": round(cpu, 2),
                "docs_per_s_wall": round(docs.height / wall),
                "docs_per_cpu_s": round(docs.height / cpu),
            }
        )
    )


if __name__ == "__main__":
    main()
