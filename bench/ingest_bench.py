"""Ingest throughput: a ~1 GB JSONL submission, clean and with 1% bad lines.

Run: ``uv run python bench/ingest_bench.py [--size-mb 1024] [--docs 50000]``. Builds the corpus
from ``../shared/tools/make_bench_corpus.py`` (repeated to the size asked) under
``bench/work/ingest/`` (git-ignored), then times ``ingest_submission`` on both copies and
prints MB/s. Targets: clean >= 20 MB/s; the 1%-bad copy no worse than 2x slower.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import yaml

from pipelines.ingest import ingest_submission
from schemas.manifest import Manifest

REPO = Path(__file__).resolve().parents[1]
TOOL = REPO / ".." / "shared" / "tools" / "make_bench_corpus.py"
WORK = REPO / "bench" / "work" / "ingest"
BAD_LINES = (
    b'{"text": "unterminated',
    b'{"text": "invalid \xff\xfe utf-8"}',
    b'{"text": 12345}',
    b'{"id": "no text field"}',
    b"plain garbage, not JSON",
)
MANIFEST = {
    "id": "bench-ingest",
    "title": "ingest benchmark",
    "owner": "bench",
    "owner_id": {"country": "CN", "number": "91310000MA1BENCH0J"},
    "dataset_type": "text_corpus",
    "category": "general",
    "domain": "news",
    "languages": ["vi", "th", "zh"],
    "license": "CC-BY-4.0",
    "openness": "public",
    "files": [{"path": "data/*.jsonl", "format": "jsonl", "fields": {"text": "text"}}],
}


def base_corpus(docs: int) -> Path:
    """The seeded synthetic corpus (made once, then reused)."""
    path = WORK / f"base-{docs}.jsonl"
    if not path.exists():
        command = [sys.executable, str(TOOL), "--docs", str(docs), "--out", str(path)]
        subprocess.run([*command, "--truth", str(WORK / "truth.jsonl")], check=True)
    return path


def write_submission(name: str, base: bytes, size: int, *, bad_every: int = 0) -> Path:
    """Repeat `base` up to `size` bytes; with `bad_every`, replace every n-th line by a bad one."""
    folder = WORK / name
    (folder / "data").mkdir(parents=True, exist_ok=True)
    (folder / "manifest.yaml").write_text(yaml.safe_dump(MANIFEST))
    lines = base.splitlines()
    written, number = 0, 0
    with (folder / "data" / "corpus.jsonl").open("wb") as out:
        while written < size:
            for line in lines:
                number += 1
                bad = bad_every and number % bad_every == 0
                row = BAD_LINES[number // bad_every % len(BAD_LINES)] if bad else line
                out.write(row + b"\n")
                written += len(row) + 1
    return folder


def measure(folder: Path) -> dict[str, float]:
    """Seconds, MB/s, records kept and quarantined for one ingest."""
    manifest = Manifest.model_validate(MANIFEST)
    size = (folder / "data" / "corpus.jsonl").stat().st_size
    start = time.perf_counter()
    result = ingest_submission(folder, manifest)
    seconds = time.perf_counter() - start
    return {
        "mb": size / 1e6,
        "seconds": seconds,
        "mb_per_s": size / 1e6 / seconds,
        "kept": result.records.height,
        "quarantined": result.quarantine.height,
    }


def main() -> None:
    """Build both submissions, ingest each once, print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--docs", type=int, default=50_000)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    base = base_corpus(args.docs).read_bytes()
    size = args.size_mb * 1024 * 1024
    clean = measure(write_submission("clean", base, size))
    bad = measure(write_submission("bad", base, size, bad_every=100))
    for name, row in (("clean", clean), ("1% bad", bad)):
        print(
            f"{name:7s} {row['mb']:8.1f} MB  {row['seconds']:7.1f} s  {row['mb_per_s']:6.1f} MB/s"
            f"  kept {row['kept']:,}  quarantined {row['quarantined']:,}"
        )
    ratio = clean["mb_per_s"] / bad["mb_per_s"]
    print(f"slowdown with 1% bad lines: {ratio:.2f}x (target <= 2x); clean target >= 20 MB/s")


if __name__ == "__main__":
    main()
