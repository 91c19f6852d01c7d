"""Fuzz benchmark: a few thousand generated hostile submissions through ingest, a sample through
`corpusgrade validate` and a few through `corpusgrade run`, counting what must stay at zero.

Run: ``uv run python bench/fuzz_bench.py [--cases 3000] [--cli 40] [--runs 3] [--seed 16]``.
The cases come from the hypothesis strategies of ``tests/fuzz/hostile.py`` (every format:
JSONL, CSV/TSV, text, Parquet, TMX, CoNLL, manifest YAML, symlinks, gzip bombs), spread evenly
over the kinds. Reported per kind and in total: cases tried, crashes (an exception that is not a
CorpusgradeError), tracebacks printed by the CLI, and count mismatches (kept + quarantined !=
read, or read != the lines that hold something). Target: 0, 0, 0. Results go to
``bench/results/fuzz.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # tests.fuzz.hostile holds the strategies

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

from tests.fuzz.hostile import STRATEGIES, Case, Outcome, check_case, write_case  # noqa: E402

RESULTS = REPO / "bench" / "results" / "fuzz.json"
CLI = [str(REPO / ".venv" / "bin" / "corpusgrade")]


def _generate(kind: str, count: int, seed_value: int) -> list[Case]:
    """`count` cases of one kind, reproducibly (hypothesis in generate-only mode)."""
    cases: list[Case] = []

    @seed(seed_value)
    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=STRATEGIES[kind]())
    def collect(case: Case) -> None:
        cases.append(case)

    collect()
    return cases


def _mismatch(outcome: Outcome) -> bool:
    """A broken count: kept + quarantined != read, or lines lost (a crash counts apart)."""
    return outcome.status != "crash" and any("read" in p or "add up" in p for p in outcome.problems)


def run_ingest(cases: list[Case], work: Path) -> tuple[list[Outcome], float]:
    """Check every case in process; the outcomes and the seconds it took."""
    outcomes = []
    start = time.perf_counter()
    for n, case in enumerate(cases):
        root, outside = work / f"s{n}", work / f"o{n}"
        outcomes.append(check_case(case, root, outside))
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(outside, ignore_errors=True)
    return outcomes, time.perf_counter() - start


def _cli(args: list[str], env: dict[str, str], timeout: float) -> dict[str, Any]:
    """One CLI call: exit code, whether it printed a traceback, its last stderr line."""
    try:
        done = subprocess.run(
            CLI + args, capture_output=True, text=True, env=env, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return {"exit": None, "traceback": False, "hang": True, "last": "timeout"}
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    return {
        "exit": done.returncode,
        "traceback": "Traceback (most recent call last)" in done.stderr + done.stdout,
        "hang": False,
        "last": lines[-1][:200] if lines else "",
    }


def run_cli(cases: list[Case], work: Path, *, command: str, timeout: float) -> list[dict[str, Any]]:
    """`corpusgrade validate` (or `run --audit none`) on each case, in a fresh workspace."""
    results = []
    for n, case in enumerate(cases):
        root = write_case(case, work / f"c{n}" / "submission", work / f"c{n}" / "outside")
        home = work / f"c{n}" / "home"
        env = {
            **os.environ,
            "CORPUSGRADE_HOME": str(home),
            "DAGSTER_HOME": str(home / "dagster"),
            "CORPUSGRADE_MAX_DECOMPRESSED_FILE_BYTES": str(1024**2),
            "CORPUSGRADE_MAX_RECORD_CHARS": "20000",
        }
        args = ["validate", str(root)]
        if command == "run":
            args = ["run", str(root), "--out", str(work / f"c{n}" / "out"), "--audit", "none"]
        result = _cli(args, env, timeout)
        results.append({"kind": case.kind, "command": command, **result})
        shutil.rmtree(work / f"c{n}", ignore_errors=True)
    return results


def summarize(outcomes: list[Outcome], cli: list[dict[str, Any]]) -> dict[str, Any]:
    """Per kind and in total: cases, crashes, tracebacks, count mismatches, other problems."""
    kinds = sorted({o.kind for o in outcomes})
    per_kind = {}
    for kind in kinds:
        mine = [o for o in outcomes if o.kind == kind]
        cli_mine = [c for c in cli if c["kind"] == kind]
        per_kind[kind] = {
            "cases": len(mine),
            "status": dict(Counter(o.status for o in mine)),
            "crashes": sum(o.status == "crash" for o in mine),
            "tracebacks": sum(c["traceback"] for c in cli_mine),
            "count_mismatches": sum(_mismatch(o) for o in mine),
            "other_problems": sum(bool(o.problems) and o.status != "crash" for o in mine),
            "rows_read": sum(o.read for o in mine),
        }
    return {
        "cases": len(outcomes),
        "crashes": sum(k["crashes"] for k in per_kind.values()),
        "tracebacks": sum(c["traceback"] for c in cli),
        "count_mismatches": sum(k["count_mismatches"] for k in per_kind.values()),
        "other_problems": sum(k["other_problems"] for k in per_kind.values()),
        "cli_calls": len(cli),
        "cli_bad_exit": sum(c["exit"] not in (0, 1) for c in cli),
        "cli_hangs": sum(c["hang"] for c in cli),
        "per_kind": per_kind,
    }


def _spread(cases: dict[str, list[Case]], count: int) -> list[Case]:
    """`count` cases taken round-robin over the kinds."""
    picked: list[Case] = []
    index = 0
    while len(picked) < count and any(len(v) > index for v in cases.values()):
        picked += [v[index] for v in cases.values() if len(v) > index][: count - len(picked)]
        index += 1
    return picked


def main() -> None:
    """Generate, check, print and write the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=3000, help="ingest cases in total")
    parser.add_argument("--cli", type=int, default=40, help="cases through `validate`")
    parser.add_argument("--runs", type=int, default=3, help="cases through `run --audit none`")
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    per_kind = max(1, args.cases // len(STRATEGIES))
    generated = {kind: _generate(kind, per_kind, args.seed) for kind in STRATEGIES}
    cases = [case for kind_cases in generated.values() for case in kind_cases]
    with tempfile.TemporaryDirectory(prefix="corpusgrade-fuzz-") as tmp:
        work = Path(tmp)
        outcomes, seconds = run_ingest(cases, work)
        cli = run_cli(_spread(generated, args.cli), work, command="validate", timeout=120)
        cli += run_cli(_spread(generated, args.runs), work, command="run", timeout=900)
    summary = summarize(outcomes, cli)
    crashes = [o.problems[0] for o in outcomes if o.status == "crash"][:5]
    problems = [p for o in outcomes if o.status != "crash" for p in o.problems][:10]
    result = {
        "bench": "fuzz",
        "seed": args.seed,
        "ingest_seconds": round(seconds, 1),
        "machine": {
            "cpus": os.cpu_count(),
            "load": os.getloadavg(),
            "python": platform.python_version(),
        },
        **summary,
        "first_crashes": crashes,
        "first_problems": problems,
        "cli_tracebacks": [c for c in cli if c["traceback"] or c["exit"] not in (0, 1)][:5],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"cases {summary['cases']}, crashes {summary['crashes']}, tracebacks "
        f"{summary['tracebacks']}, kept+quarantined!=read {summary['count_mismatches']} "
        f"(other problems {summary['other_problems']}; CLI calls {summary['cli_calls']}, "
        f"bad exits {summary['cli_bad_exit']}, hangs {summary['cli_hangs']}) "
        f"in {seconds:.0f} s of ingest -> {RESULTS.relative_to(REPO)}"
    )


if __name__ == "__main__":
    main()
