"""Shared fixtures: every test gets its own CORPUSGRADE_HOME and Dagster instance folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

# One real Label Studio server per session, for every package that asks for `live_server`.
pytest_plugins = ["tests.ls_server"]

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh workspace folder (asset files, registry, ledger, Dagster instance)."""
    folder = tmp_path / "home"
    monkeypatch.setenv("CORPUSGRADE_HOME", str(folder))
    monkeypatch.setenv("DAGSTER_HOME", str(folder / "dagster"))
    (folder / "dagster").mkdir(parents=True)
    yield folder
