"""`labelstudio up` on a slow machine: a boot that runs out of time is waited for, not wiped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipelines.labelstudio.paths import ServerPaths
from pipelines.labelstudio.server import BOOTING_MARKER, ServerError, down, is_healthy, up
from pipelines.labelstudio.state import load_state


def _home(tmp_path: Path, template: Path) -> tuple[ServerPaths, Path]:
    """A server home on a copy of the migrated template, sharing the cached venv."""
    paths = ServerPaths(tmp_path / "ls-home", venv_root=template.parent)
    data = paths.home / "data"
    shutil.copytree(template, data)
    return paths, data


def test_a_boot_that_runs_out_of_time_is_left_running_and_the_next_up_waits_for_it(
    server_template: Path, tmp_path: Path
) -> None:
    """A fixed timeout killed the slow first boot, so every retry started from zero."""
    paths, data = _home(tmp_path, server_template)
    try:
        with pytest.raises(ServerError, match="still starting"):
            up(paths, data_dir=data, timeout=0.1)
        first = load_state(paths.state_file)
        assert first is not None
        state = up(paths, data_dir=data, timeout=300.0)
        assert state.pid == first.pid
        assert is_healthy(state.url)
    finally:
        down(paths)


def test_an_interrupted_first_boot_is_resumed_not_wiped(
    server_template: Path, tmp_path: Path
) -> None:
    """A data dir marked 'first boot' that can still start keeps its files."""
    paths, data = _home(tmp_path, server_template)
    (data / BOOTING_MARKER).touch()
    kept = data / "kept-by-resume.txt"
    kept.write_text("written before the interruption\n", encoding="utf-8")
    try:
        state = up(paths, data_dir=data, timeout=300.0)
        assert is_healthy(state.url)
        assert kept.exists()
        assert not (data / BOOTING_MARKER).exists()
    finally:
        down(paths)
