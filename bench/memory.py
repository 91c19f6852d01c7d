"""Peak memory of a process and all its descendants (worker processes included), as PSS.

`ru_maxrss` covers one process only; a stage that runs its batches in worker processes needs
the sum over the process tree at each moment. RSS would count pages shared between processes
(the interpreter, libraries, fork-shared buffers) once per process; PSS splits each shared page
between the processes that map it, so the sum is the tree's real footprint. A daemon thread
samples /proc every 0.2 s.

Also a command: ``python bench/memory.py -- corpusgrade run SUB --out OUT --audit none`` runs
the command and prints its seconds and peak PSS over its process tree as one JSON line.
``python bench/memory.py --per-step SUB OUT`` runs the submission in this process
(`run_submission`, audit none) and adds the peak PSS and seconds of each asset step: the samples
taken between one finished step and the next belong to the next (the steps run one at a time).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path


def _children(pid: int) -> list[int]:
    """Direct children of `pid` (Linux /proc)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _pss(pid: int) -> int:
    """Proportional set size of one process in bytes (0 if it has gone)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        return 0
    return 0


def tree_pss(pid: int) -> int:
    """PSS bytes of `pid` and every descendant, now."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += _pss(current)
        stack += _children(current)
    return total


class TreePeak:
    """Samples `tree_pss(pid)` (default: this process) until stopped; `peak` in bytes."""

    def __init__(self, interval: float = 0.2, pid: int | None = None) -> None:
        self.peak = 0
        self.samples: list[tuple[float, int]] = []
        self._pid = os.getpid() if pid is None else pid
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreePeak:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            now = tree_pss(self._pid)
            self.peak = max(self.peak, now)
            self.samples.append((time.perf_counter(), now))
            self._stop.wait(self._interval)


def measure(command: list[str]) -> dict[str, float | int]:
    """Run `command`; return its exit code, seconds and peak PSS (MiB) over its process tree."""
    start = time.perf_counter()
    process = subprocess.Popen(command)
    with TreePeak(pid=process.pid) as tree:
        code = process.wait()
    seconds = time.perf_counter() - start
    return {"exit_code": code, "seconds": round(seconds, 1), "peak_pss_mib": tree.peak // 2**20}


def per_step(
    samples: list[tuple[float, int]], finished: list[tuple[float, str]], start: float
) -> dict[str, dict[str, float | int]]:
    """Peak PSS (MiB) and seconds of each step from timed samples and step finish times."""
    steps: dict[str, dict[str, float | int]] = {}
    begin = start
    for end, step in finished:
        inside = [pss for at, pss in samples if begin <= at <= end]
        peak = max(inside, default=0) // 2**20
        steps[step] = {"peak_pss_mib": peak, "seconds": round(end - begin, 1)}
        begin = end
    return steps


def measure_steps(folder: Path, out: Path) -> dict[str, object]:
    """Run `folder` in this process (audit none): totals and the peak and time of each step."""
    from pipelines.runner import StepProgress, run_submission

    finished: list[tuple[float, str]] = []

    def note(step: StepProgress) -> None:
        finished.append((time.perf_counter(), step.step))

    start = time.perf_counter()
    with TreePeak() as tree:
        outcome = run_submission(folder, out=out, audit="none", on_progress=note)
    seconds = time.perf_counter() - start
    return {
        "success": outcome.success,
        "seconds": round(seconds, 1),
        "peak_pss_mib": tree.peak // 2**20,
        "steps": per_step(tree.samples, finished, start),
    }


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if arguments[:1] == ["--per-step"]:
        print(json.dumps(measure_steps(Path(arguments[1]), Path(arguments[2])), indent=1))
        sys.exit(0)
    if arguments[:1] == ["--"]:
        arguments = arguments[1:]
    print(json.dumps(measure(arguments)))
