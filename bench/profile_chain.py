"""CPU seconds (this process and its workers) and wall time of one `bench/stages.py` body.

`bench/run_all.py` reports wall time, which on a shared machine says as much about the other
users as about the code. This runs one stage body (e.g. ``full_chain``, ``stream_full_chain``)
in this fresh process and adds up user + system CPU of the process and of every worker it
waited for (`RUSAGE_CHILDREN`: the spawn pools are shut down before the body returns), so the
headline "documents per CPU-second" holds whatever the load; the load average before and after
is printed beside the wall time.

    uv run python bench/profile_chain.py --stage full_chain --folder bench/work/run_all/sub_100000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(_ROOT))

from bench.stages import STAGE_FUNCTIONS  # noqa: E402


def cpu_seconds() -> tuple[float, float]:
    """User + system CPU so far of this process, and of its finished children (the workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def main() -> None:
    """Run the stage body; print its rows, CPU and wall seconds, rates and load as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stage", choices=sorted(STAGE_FUNCTIONS), required=True)
    parser.add_argument("--folder", type=Path, required=True)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    (own, workers), wall = cpu_seconds(), time.perf_counter()
    rows = STAGE_FUNCTIONS[args.stage](args.folder)
    (own_end, workers_end), wall = cpu_seconds(), time.perf_counter() - wall
    own, workers = own_end - own, workers_end - workers
    cpu = own + workers
    figures = {
        "stage": args.stage,
        "rows": rows,
        "cpu_s": round(cpu, 1),
        "main_cpu_s": round(own, 1),
        "workers_cpu_s": round(workers, 1),
        "wall_s": round(wall, 1),
        "docs_per_cpu_s": round(rows / cpu),
        "docs_per_wall_s": round(rows / wall),
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
