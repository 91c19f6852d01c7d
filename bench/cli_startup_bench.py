"""How long `corpusgrade --help` takes from a cold process (issue 17: target <= 1.5 s idle).

Runs the installed console script N times and prints the median and the best wall time, plus the
load average so a figure taken on a busy machine can be told apart. Usage:

    .venv/bin/python bench/cli_startup_bench.py [--runs 7] [--args "--help"]
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path


def time_command(command: list[str], runs: int) -> list[float]:
    """Wall seconds of each of `runs` runs of `command` (output discarded, must exit 0)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    """Time the CLI and print one JSON line of figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--args", default="--help")
    options = parser.parse_args()
    script = Path(sys.executable).with_name("corpusgrade")
    command = [str(script), *shlex.split(options.args)]
    times = time_command(command, options.runs)
    print(
        json.dumps(
            {
                "command": " ".join(["corpusgrade", *shlex.split(options.args)]),
                "runs": options.runs,
                "median_s": round(statistics.median(times), 3),
                "best_s": round(min(times), 3),
                "load_average_1m": round(os.getloadavg()[0], 2),
                "cpus": os.cpu_count(),
            }
        )
    )


if __name__ == "__main__":
    main()
