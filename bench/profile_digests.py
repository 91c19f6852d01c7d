"""Digests of the full chain's output table, to show a speed-up of the signals changed nothing.

The whole production chain (`quality.chain.CHAIN`: signals, safety screen, type checks, the
drop steps, dedup) runs in this process over fixed data sets, and every output column is
digested: SHA-256 of its name, dtype and values (as NDJSON), in row order. Data sets:

- ``bench_<N>``: the seeded bench corpus (``../shared/tools/make_bench_corpus.py --docs N``,
  seed 7) ingested as `bench/run_all.py` does (text corpus, the bench's languages);
- ``langid_dev``: every sentence of ``../shared/data/langid_dev.jsonl`` as a text corpus;
- ``pud_en_<xx>``: ``../shared/data/pud_parallel_dev.jsonl`` as a parallel corpus, English
  source and each other language as target; every step but the type checks, whose embedding
  model (35 CPU-s per 500 pairs) reads no signal column and is not what this guards.

Run ``uv run python bench/profile_digests.py --docs 2000 --write d.json`` on the old code, then
``--check d.json`` on the new: it exits 1 and names the columns when any digest differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(_ROOT))

from bench.run_all import LANGUAGES, build  # noqa: E402
from pipelines.ingest import ingest_submission  # noqa: E402
from quality.chain import CHAIN, ChainConfig, Step, run_chain  # noqa: E402
from quality.safety import load_keywords  # noqa: E402
from schemas.manifest import load_manifest  # noqa: E402

SHARED = _ROOT.parent / "shared" / "data"

DataSet = tuple[pl.DataFrame, ChainConfig, tuple[Step, ...] | None]
"""Records, their configuration and the steps to run (None: the whole chain)."""

_NO_EMBEDDING = tuple(step for step in CHAIN if step.name != "type_checks")

Digests = dict[str, dict[str, str]]
"""Per data set, per output column: the column's digest."""


def column_digests(frame: pl.DataFrame) -> dict[str, str]:
    """SHA-256 of each column's name, dtype and values (NDJSON, row order), by column."""
    out: dict[str, str] = {}
    for name in frame.columns:
        h = hashlib.sha256(f"{name}\t{frame.schema[name]}\n".encode())
        h.update(frame.select(name).write_ndjson().encode())
        out[name] = h.hexdigest()
    return out


def _config(dataset_type: str, **extra: str) -> ChainConfig:
    """A chain configuration with the bench's languages and the seed keyword library."""
    keywords = tuple(load_keywords(None))
    return ChainConfig(
        dataset_type=dataset_type,
        declared_languages=tuple(LANGUAGES),
        keywords=keywords,
        **extra,  # type: ignore[arg-type]
    )


def bench_set(docs: int, work: Path) -> DataSet:
    """The seeded bench corpus of `docs` documents, ingested, and its configuration."""
    folder = build(docs, work=work)
    manifest = load_manifest(folder / "manifest.yaml")
    records = ingest_submission(folder, manifest).records
    config = ChainConfig.for_manifest(manifest, keywords=load_keywords(None))
    return records, config, None


def shared_sets() -> dict[str, DataSet]:
    """The shared real text as a text corpus and as English-to-X parallel corpora."""
    sets: dict[str, DataSet] = {}
    langid = pl.read_ndjson(SHARED / "langid_dev.jsonl")
    ids = [f"l{i}" for i in range(langid.height)]
    records = pl.DataFrame({"record_id": ids, "text": langid["text"]})
    sets["langid_dev"] = (records, _config("text_corpus"), None)
    pud = pl.read_ndjson(SHARED / "pud_parallel_dev.jsonl")
    for lang in sorted(c for c in pud.columns if c not in ("sent_id", "en")):
        pairs = pud.select(
            pl.col("sent_id").alias("record_id"),
            pl.col("en").alias("source"),
            pl.col(lang).alias("target"),
        )
        config = _config("parallel_corpus", source_lang="en", target_lang=lang)
        sets[f"pud_en_{lang}"] = (pairs, config, _NO_EMBEDDING)
    return sets


def data_sets(docs: int, work: Path) -> dict[str, DataSet]:
    """Every data set (bench sample first), by name."""
    return {f"bench_{docs}": bench_set(docs, work), **shared_sets()}


def chain_digests(docs: int, work: Path, *, verbose: bool = False) -> Digests:
    """Run the whole chain over each data set; per-column digests of the output table."""
    out: Digests = {}
    for name, (records, config, steps) in data_sets(docs, work).items():
        cpu, wall = time.process_time(), time.perf_counter()
        table = run_chain(records, config, steps=steps).records
        out[name] = column_digests(table)
        if verbose:
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            load = os.getloadavg()[0]
            rows = f"{name:<14}{records.height:>7} rows"
            print(f"{rows}  cpu {cpu:6.1f} s  wall {wall:6.1f} s  load {load:.1f}")
    return out


def differences(expected: Digests, actual: Digests) -> list[str]:
    """`set:column` for every digest that differs, is missing or is new."""
    found: list[str] = []
    for name in sorted(expected.keys() | actual.keys()):
        old, new = expected.get(name, {}), actual.get(name, {})
        found += [
            f"{name}:{c}" for c in sorted(old.keys() | new.keys()) if old.get(c) != new.get(c)
        ]
    return found


def main() -> int:
    """Print timings; write the digests, or check them against a file written before."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=2000, help="bench corpus documents")
    parser.add_argument("--work", type=Path, help="where the bench corpus is built")
    parser.add_argument("--write", type=Path, help="write the digests to this JSON file")
    parser.add_argument("--check", type=Path, help="compare the digests with this JSON file")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="profile_digests_"))
    digests = chain_digests(args.docs, work, verbose=True)
    if args.write:
        args.write.write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n")
    if args.check:
        differ = differences(json.loads(args.check.read_text()), digests)
        print("digests: " + ("DIFFER in " + ", ".join(differ) if differ else "identical"))
        return 1 if differ else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
