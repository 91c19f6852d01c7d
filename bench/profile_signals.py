"""CPU seconds per step of the chain and per sub-step of `add_signals`, on the bench corpus.

Each step of `quality.chain.CHAIN` runs in this process over the ingested bench corpus (built
by ``bench/run_all.py:build``); the calls `quality.signals.add_signals` makes (normalise, PII,
scripts, language ID, heuristics...) are wrapped with timers for the run, so the split follows
the code as it is. CPU seconds are `time.process_time` (all threads of this process); the load
average is printed beside them, since wall time depends on the other users of the machine.

    uv run python bench/profile_signals.py --docs 20000 [--work /tmp/bench] [--cprofile out.prof]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any

import polars as pl

_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(_ROOT))

import quality.signals as signals_module  # noqa: E402
from bench.run_all import build  # noqa: E402
from pipelines.ingest import ingest_submission  # noqa: E402
from quality.chain import CHAIN, ChainConfig, run_chain  # noqa: E402
from quality.safety import load_keywords  # noqa: E402
from schemas.manifest import load_manifest  # noqa: E402

SUB_STEPS = (
    "normalize_with_flags",
    "add_pii_columns",
    "normalize_texts",
    "script_counts",
    "add_language_columns",
    "add_side_signals",
    "add_heuristic_signals",
)
"""The names `quality.signals` calls that get a timer (those it does not import are skipped)."""

Times = dict[str, list[float]]
"""Per name: [CPU seconds, wall seconds]."""


def _timed(name: str, function: Callable[..., Any], times: Times) -> Callable[..., Any]:
    """`function` that adds its CPU and wall seconds to `times[name]`."""

    @wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            times[name][0] += time.process_time() - cpu
            times[name][1] += time.perf_counter() - wall

    return run


@contextmanager
def sub_step_timers(times: Times) -> Iterator[None]:
    """Wrap the sub-steps `quality.signals` calls with timers for the duration of the block."""
    saved = {n: getattr(signals_module, n) for n in SUB_STEPS if hasattr(signals_module, n)}
    try:
        for name, function in saved.items():
            setattr(signals_module, name, _timed(name, function, times))
        yield
    finally:
        for name, function in saved.items():
            setattr(signals_module, name, function)


def bench_records(docs: int, work: Path) -> tuple[pl.DataFrame, ChainConfig]:
    """The ingested bench corpus of `docs` documents and its configuration."""
    folder = build(docs, work=work)
    manifest = load_manifest(folder / "manifest.yaml")
    records = ingest_submission(folder, manifest).records
    return records, ChainConfig.for_manifest(manifest, keywords=load_keywords(None))


def profile(records: pl.DataFrame, config: ChainConfig) -> dict[str, Any]:
    """CPU and wall seconds per chain step and per `add_signals` sub-step over `records`."""
    steps: Times = defaultdict(lambda: [0.0, 0.0])
    subs: Times = defaultdict(lambda: [0.0, 0.0])
    df = records
    with sub_step_timers(subs):
        for step in CHAIN:
            cpu, wall = time.process_time(), time.perf_counter()
            result = run_chain(df, config, steps=[step])
            df, config = result.records, result.config
            steps[step.name][0] += time.process_time() - cpu
            steps[step.name][1] += time.perf_counter() - wall
    total = sum(cpu for cpu, _ in steps.values())
    return {
        "docs": records.height,
        "load": round(os.getloadavg()[0], 2),
        "cpu_s": round(total, 2),
        "docs_per_cpu_s": round(records.height / total),
        "steps": {k: [round(c, 2), round(w, 2)] for k, (c, w) in steps.items()},
        "signals_sub_steps": {k: [round(c, 2), round(w, 2)] for k, (c, w) in subs.items()},
    }


def main() -> None:
    """Build/ingest the corpus, profile the chain, print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/profile_signals"))
    parser.add_argument("--cprofile", type=Path, help="also write cProfile stats here")
    args = parser.parse_args()
    records, config = bench_records(args.docs, args.work)
    run_chain(records.head(50), config)  # load the models outside the timed run
    profiler = cProfile.Profile() if args.cprofile else None
    if profiler is not None:
        profiler.enable()
    figures = profile(records, config)
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.cprofile)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
