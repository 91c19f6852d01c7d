"""PII benchmark: precision/recall per type on generated samples, and masking speed.

Run: ``uv run python bench/pii_bench.py``. Speed is measured on ~1 KB multilingual documents
built from ``../shared/data/langid_dev.jsonl`` (if present, else from the generated samples),
with a generated PII sentence planted in one document out of five.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import polars as pl

from quality.pii import add_pii_columns

_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(_ROOT))  # the generated samples are test fixtures (tests/pii_samples.py)

from tests.pii_samples import PiiSample, evaluate_pii, generate_pii_samples  # noqa: E402

SHARED = (
    next(
        (p for p in (_ROOT.parent / "shared", _ROOT.parents[1] / "shared") if p.exists()),
        _ROOT.parent / "shared",
    )
    / "data"
    / "langid_dev.jsonl"
)


def print_table(samples: list[PiiSample]) -> None:
    """Precision, recall and counts per PII type."""
    rates = evaluate_pii(samples)
    print(f"{'type':<11}{'tp':>6}{'fp':>6}{'fn':>6}{'precision':>11}{'recall':>9}")
    for kind, r in rates.items():
        print(
            f"{kind:<11}{r['tp']:>6.0f}{r['fp']:>6.0f}{r['fn']:>6.0f}"
            f"{r['precision']:>11.4f}{r['recall']:>9.4f}"
        )


def documents(samples: list[PiiSample], *, size: int = 1000, count: int = 5000) -> list[str]:
    """~``size``-byte documents of real sentences, one in five carrying a planted PII sentence."""
    if SHARED.is_file():
        sentences = pl.read_ndjson(SHARED)["text"].to_list()
    else:
        sentences = [s.text for s in samples if s.type is None]
    rng = random.Random(0)
    positives = [s.text for s in samples if s.type is not None]
    docs = []
    for i in range(count):
        parts = [rng.choice(positives)] if i % 5 == 0 else []
        while sum(len(p.encode()) for p in parts) < size:
            parts.append(rng.choice(sentences))
        docs.append(" ".join(parts))
    return docs


def speed(docs: list[str]) -> float:
    """Documents per second of ``add_pii_columns`` on one text column."""
    frame = pl.DataFrame({"text": docs})
    start = time.perf_counter()
    add_pii_columns(frame, columns=["text"])
    return frame.height / (time.perf_counter() - start)


def main() -> None:
    """Print the precision/recall table for three seeds, then the speed."""
    for seed in (0, 1, 2):
        print(f"\n== seed {seed}: 500 positives per type, 5,000 look-alike negatives")
        print_table(generate_pii_samples(seed=seed, per_type=500))
    docs = documents(generate_pii_samples(seed=9, per_type=50))
    mean_bytes = sum(len(d.encode()) for d in docs) / len(docs)
    print(f"\nadd_pii_columns: {speed(docs):,.0f} docs/s ({len(docs)} docs, {mean_bytes:.0f} B)")


if __name__ == "__main__":
    main()
