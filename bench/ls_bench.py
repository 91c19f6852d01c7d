"""Label Studio push/pull figures: push 20,000 tasks (target <= 15 s), pull 20,000 annotated
tasks (target <= 60 s), against a real local server in its own venv.

Run: `uv run python bench/ls_bench.py [--tasks 20000]`. Uses the test cache's venv and template
data dir (`.corpusgrade/labelstudio-test`, made by the labelstudio tests) when present.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import polars as pl

from pipelines.labelstudio.client import Connection, connect
from pipelines.labelstudio.configs import load_config
from pipelines.labelstudio.paths import ServerPaths
from pipelines.labelstudio.pull import pull_annotations
from pipelines.labelstudio.push import push_sample
from pipelines.labelstudio.server import down, up

CACHE = Path(__file__).resolve().parents[1] / ".corpusgrade" / "labelstudio-test"


def sample(n: int) -> pl.DataFrame:
    """A text_quality audit sample of n masked records, 5% double-annotated."""
    return pl.DataFrame(
        {
            "record_id": [f"r{i:06d}" for i in range(n)],
            "text_masked": [
                f"样本 {i}: a masked text of moderate length [PHONE]" for i in range(n)
            ],
            "double": [i % 20 == 0 for i in range(n)],
        }
    )


def annotated_tasks(n: int) -> list[dict[str, object]]:
    """n tasks that arrive with one annotation each (the fast way to build a pull fixture)."""
    result = [{"from_name": "verdict", "to_name": "text", "type": "choices",
               "value": {"choices": ["pass" if i % 7 else "fail"]}} for i in range(2)]  # fmt: skip
    return [
        {
            "data": {"text": f"t{i}", "record_id": f"p{i:06d}", "corpusgrade_id": f"b:p{i}:0"},
            "meta": {"record_id": f"p{i:06d}", "copy": 0, "is_gold": False},
            "annotations": [{"result": [result[i % 2]], "lead_time": 3.0}],
        }
        for i in range(n)
    ]


def main() -> None:
    """Start a server on a fresh data dir, time push and pull, print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=20_000)
    n = parser.parse_args().tasks
    home = Path(tempfile.mkdtemp(prefix="ls-bench-"))
    template = CACHE / "template-data"
    if template.exists():
        shutil.copytree(template, home / "data")
    paths = ServerPaths(home, venv_root=CACHE if CACHE.exists() else None)
    state = up(paths, data_dir=home / "data", timeout=300)
    try:
        client = connect(Connection(url=state.url, token=state.token))
        config = load_config("text_quality")
        data = sample(n)
        started = time.perf_counter()
        pushed = push_sample(client, data, submission="bench", config=config)
        push_s = time.perf_counter() - started
        print(
            f"push {pushed.tasks_created} tasks ({n} records): {push_s:.1f} s (<= 15)", flush=True
        )
        started = time.perf_counter()
        again = push_sample(client, data, submission="bench", config=config)
        repush_s = time.perf_counter() - started
        print(f"re-push ({again.tasks_created} sent): {repush_s:.1f} s", flush=True)
        project = client.projects.create(title="bench pull", label_config=config.xml)
        client.projects.import_tasks(id=int(project.id or 0), request=annotated_tasks(n))  # type: ignore[arg-type]
        started = time.perf_counter()
        pulled = pull_annotations(client, project_id=int(project.id or 0), config=config)
        pull_s = time.perf_counter() - started
        print(f"pull {n} annotated tasks: {pull_s:.1f} s (<= 60)", flush=True)
    finally:
        down(paths)
        shutil.rmtree(home, ignore_errors=True)
    total = push_s + repush_s + pull_s
    print(f"rows pulled {pulled.annotations.height}; push + re-push + pull {total:.1f} s")


if __name__ == "__main__":
    main()
