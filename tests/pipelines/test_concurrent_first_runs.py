"""Two `corpusgrade run` processes started at once on an empty CORPUSGRADE_HOME (issue 16).

Before the init and run locks both failed (Dagster's SQLite storages got two migration heads) and
every later run in that home failed the same way. Now one initialises the workspace while the
other waits, both succeed, and the registry, the ledger and the Dagster instance stay intact.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.demo import generate_demo

pytestmark = pytest.mark.slow
CLI = [str(Path(sys.executable).parent / "corpusgrade")]


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "CORPUSGRADE_HOME": str(home), "DAGSTER_HOME": str(home / "dagster")}


def test_two_first_runs_at_once_both_succeed_and_leave_the_ledger_intact(tmp_path: Path) -> None:
    home = tmp_path / "fresh-home"  # not created: the first run to start makes it
    folders = generate_demo(tmp_path / "subs")
    pair = [folders[0], folders[2]]
    runs = [
        subprocess.Popen(
            [*CLI, "run", str(folder), "--out", str(tmp_path / f"out{i}"), "--audit", "none"],
            env=_env(home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i, folder in enumerate(pair)
    ]
    outputs = [run.communicate(timeout=1500) for run in runs]
    for run, (stdout, stderr) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, stdout[-2000:] + stderr[-2000:]
        assert "Traceback" not in stderr
    for i in range(2):
        assert (tmp_path / f"out{i}" / "report.json").is_file()

    verify = subprocess.run(
        [*CLI, "ledger", "verify"], env=_env(home), capture_output=True, text=True, check=False
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert re.search(r"ledger intact: 2 entries", verify.stdout), verify.stdout
    listed = subprocess.run(
        [*CLI, "ledger", "list"], env=_env(home), capture_output=True, text=True, check=False
    )
    assert all(folder.name in listed.stdout for folder in pair), listed.stdout

    # The Dagster instance is usable after both: its storages were migrated once.
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "from pipelines.runner import instance; "
            "print(sorted(r.status.value for r in instance().get_runs()))",
        ],
        env=_env(home),
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr[-2000:]
    assert check.stdout.strip() == "['SUCCESS', 'SUCCESS']", check.stdout
