"""datatrove's side of the benchmark, run inside bench/.venv-datatrove (never the project's venv).

Usage (run_all.py calls it): ``python bench/datatrove_pipeline.py --corpus DIR --work W --lid L
--tasks 2``. DIR holds the corpus split into one JSONL file per task (datatrove shards by file).
Two timed pipelines on the same corpus and the same cores (workers = tasks):
(1) heuristics + language: GopherQualityFilter and LanguageFilter (fastText lid.176, given as a
local file because the machine has no internet), (2) its 4-stage MinHash dedup on the whole
corpus. Prints one JSON line: seconds per pipeline, documents kept, and the removed duplicate ids
(from the dedup filter's exclusion writer) for run_all.py to score against the truth.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import shutil
import time
from pathlib import Path


def heuristics(corpus: Path, work: Path, tasks: int) -> tuple[float, int]:
    """Run Gopher quality + language filters; return (seconds, documents kept)."""
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.filters import GopherQualityFilter, LanguageFilter
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    out = work / "filtered"
    start = time.perf_counter()
    LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(corpus), glob_pattern="*.jsonl", id_key="id"),
            GopherQualityFilter(),
            LanguageFilter(languages=None, language_threshold=0.65),
            JsonlWriter(str(out)),
        ],
        tasks=tasks,
        workers=tasks,
        logging_dir=str(work / "logs" / "filters"),
    ).run()
    return time.perf_counter() - start, count_docs(out)


def minhash(corpus: Path, work: Path, tasks: int) -> tuple[float, list[str]]:
    """Run the MinHash dedup (signatures, buckets, clusters, filter); return (seconds, removed)."""
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.dedup.minhash import (
        MinhashConfig,
        MinhashDedupBuckets,
        MinhashDedupCluster,
        MinhashDedupFilter,
        MinhashDedupSignature,
    )
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    config = MinhashConfig()
    sigs, buckets, clusters = work / "sigs", work / "buckets", work / "clusters"
    reader = JsonlReader(str(corpus), glob_pattern="*.jsonl", id_key="id")
    logs = work / "logs"
    stages = [
        ([reader, MinhashDedupSignature(str(sigs), config=config)], tasks),
        ([MinhashDedupBuckets(str(sigs), str(buckets), config=config)], config.num_buckets),
        ([MinhashDedupCluster(str(buckets), str(clusters), config=config)], 1),
        (
            [
                reader,
                MinhashDedupFilter(
                    str(clusters), exclusion_writer=JsonlWriter(str(work / "removed"))
                ),
                JsonlWriter(str(work / "deduped")),
            ],
            tasks,
        ),
    ]
    start = time.perf_counter()
    for number, (pipeline, n_tasks) in enumerate(stages):
        LocalPipelineExecutor(
            pipeline=pipeline,
            tasks=n_tasks,
            workers=tasks,
            logging_dir=str(logs / f"minhash{number}"),
        ).run()
    return time.perf_counter() - start, read_ids(work / "removed")


def count_docs(folder: Path) -> int:
    """Number of documents in the (gzipped) JSONL files of `folder`."""
    return len(read_ids(folder))


def read_ids(folder: Path) -> list[str]:
    """The ids of the documents in the (gzipped) JSONL files of `folder`, sorted."""
    ids: list[str] = []
    for path in sorted(folder.glob("*.jsonl*")):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            ids.extend(str(json.loads(line)["id"]) for line in handle if line.strip())
    return sorted(ids)


def install_lid(model: Path) -> None:
    """Put the local fastText model where datatrove caches its download, marked complete, so
    every worker process finds it and nothing is fetched from the internet."""
    from datatrove.io import cached_assets_path
    from datatrove.utils.lid import FT176LID
    from fsspec.core import strip_protocol

    folder = cached_assets_path(library_name="datatrove", namespace="lid", subfolder="ft176")
    name = strip_protocol(FT176LID.MODEL_URL).replace("/", "_")
    target = Path(folder) / name
    if not Path(f"{target}.completed").exists():
        shutil.copyfile(model, target)
        Path(f"{target}.completed").touch()


def main() -> None:
    """Run both pipelines and print the figures as one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--lid", type=Path, required=True, help="local lid.176 fastText model")
    parser.add_argument("--tasks", type=int, default=2)
    args = parser.parse_args()
    install_lid(args.lid)
    filter_seconds, kept = heuristics(args.corpus, args.work, args.tasks)
    dedup_seconds, removed = minhash(args.corpus, args.work, args.tasks)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    peak = max(peak, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    figures = {
        "filter_seconds": filter_seconds,
        "dedup_seconds": dedup_seconds,
        "kept_after_filters": kept,
        "removed_duplicates": removed,
        "peak_rss_mb": peak / 1024,
    }
    print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    main()
