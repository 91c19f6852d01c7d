"""Digest and speed of ``add_pii_columns`` on fixed data sets, to show a speed-up changed nothing.

A digest is the SHA-256 of every row's masked text, PII count and PII types, per data set:
the bench corpus (``../shared/tools/make_bench_corpus.py`` output), ``langid_dev.jsonl``, every
language column of ``pud_parallel_dev.jsonl``, and the generated samples of
``tests/pii_samples.py`` (per-type seeds 0-2, names/addresses seeds 0-4, the negatives).

Run: ``uv run python bench/pii_equivalence.py --corpus /tmp/bench.jsonl --write digests.json``
on the old code, then ``--check digests.json`` on the new: it exits 1 when any digest differs.
Each run also prints docs/s per data set and the load average beside it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

import polars as pl

_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(_ROOT))  # the generated samples are test fixtures (tests/pii_samples.py)

from quality.pii import add_pii_columns  # noqa: E402
from tests.pii_samples import (  # noqa: E402
    generate_pii_samples,
    name_address_samples,
    negative_samples,
)

SHARED = _ROOT.parent / "shared" / "data"


def data_sets(corpus: Path | None) -> dict[str, list[str]]:
    """The texts of each data set, by name (sets whose file is missing are left out)."""
    sets: dict[str, list[str]] = {}
    if corpus is not None:
        sets["bench_corpus"] = pl.read_ndjson(corpus)["text"].to_list()
    langid = SHARED / "langid_dev.jsonl"
    if langid.is_file():
        sets["langid_dev"] = pl.read_ndjson(langid)["text"].to_list()
    pud = SHARED / "pud_parallel_dev.jsonl"
    if pud.is_file():
        frame = pl.read_ndjson(pud)
        sets["pud_parallel_dev"] = [
            t for c in frame.columns if c != "sent_id" for t in frame[c].to_list()
        ]
    samples = [s for seed in (0, 1, 2) for s in generate_pii_samples(seed=seed, per_type=200)]
    samples += [
        s
        for seed in range(5)
        for group in name_address_samples(seed=seed, per_group=100).values()
        for s in group
    ]
    samples += negative_samples()
    sets["pii_samples"] = [s.text for s in samples]
    return sets


def digest(frame: pl.DataFrame) -> str:
    """SHA-256 of the masked text, count and types of every row, in row order."""
    h = hashlib.sha256()
    for masked, count, types in frame.select("text_masked", "pii_count", "pii_types").iter_rows():
        h.update(json.dumps([masked, count, types], ensure_ascii=False).encode())
        h.update(b"\n")
    return h.hexdigest()


def measure(texts: list[str], repeat: int) -> tuple[str, float]:
    """Digest of the masked frame and the best docs/s of ``repeat`` runs."""
    frame = pl.DataFrame({"text": texts}, schema={"text": pl.String})
    best = float("inf")
    out = frame
    for _ in range(repeat):
        start = time.perf_counter()
        out = add_pii_columns(frame, columns=["text"])
        best = min(best, time.perf_counter() - start)
    return digest(out), frame.height / best


def main() -> int:
    """Print digests and speed; write them, or check them against a file written before."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, help="bench corpus JSONL (make_bench_corpus.py)")
    parser.add_argument("--write", type=Path, help="write the digests to this JSON file")
    parser.add_argument("--check", type=Path, help="compare the digests with this JSON file")
    parser.add_argument("--repeat", type=int, default=1, help="timed runs per set (best kept)")
    args = parser.parse_args()
    digests: dict[str, str] = {}
    for name, texts in data_sets(args.corpus).items():
        digests[name], rate = measure(texts, args.repeat)
        load = os.getloadavg()[0]
        head = digests[name][:16]
        print(f"{name:<18}{len(texts):>7} docs {rate:>9,.0f} docs/s  load {load:.1f}  {head}")
    if args.write:
        args.write.write_text(json.dumps(digests, indent=2) + "\n")
    if args.check:
        expected = json.loads(args.check.read_text())
        differ = [k for k in expected if k in digests and digests[k] != expected[k]]
        print("digests: " + ("DIFFER in " + ", ".join(differ) if differ else "identical"))
        return 1 if differ else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
