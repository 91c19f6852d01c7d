"""A session-scoped real Label Studio server started from its own venv, shared by every test
module that asks for `live_server` (registered as a plugin by `tests/conftest.py`, so one server
runs per session however many packages use it).

The venv and a pre-migrated template data dir are cached under `.corpusgrade/labelstudio-test`
(git-ignored), so only the first session pays the install (~35 s) and the migrations (~35 s);
each session then starts on a fresh copy of the template in a few seconds.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest
from label_studio_sdk.client import LabelStudio

from pipelines.labelstudio.client import Connection, connect
from pipelines.labelstudio.install import InstallError
from pipelines.labelstudio.paths import ServerPaths
from pipelines.labelstudio.server import ServerError, down, up

REPO_ROOT = Path(__file__).resolve().parents[1]
CACHE = REPO_ROOT / ".corpusgrade" / "labelstudio-test"
SKIP_SWITCH = "CORPUSGRADE_SKIP_LABELSTUDIO_TESTS"
"""Set to 1 to skip (not fail) the server tests on a machine that cannot run the server."""


@dataclass(frozen=True)
class LiveServer:
    """A running server for the session: its paths, connection and an SDK client."""

    paths: ServerPaths
    connection: Connection
    client: LabelStudio


def _template(cache: Path) -> Path:
    """The pre-migrated data dir, made once by booting a server on it and stopping it."""
    template = cache / "template-data"
    ready = template / ".corpusgrade-template-ready"
    if ready.exists():
        return template
    if template.exists():
        shutil.rmtree(template)
    paths = ServerPaths(cache / "template-home", venv_root=cache)
    try:
        up(paths, data_dir=template, timeout=240.0)
    finally:
        down(paths)
    ready.write_text("migrated\n")
    return template


@pytest.fixture(scope="session")
def server_template() -> Path:
    """The pre-migrated template data dir (fails, never skips, when the server cannot start)."""
    try:
        return _template(CACHE)
    except (InstallError, ServerError) as error:
        if os.environ.get(SKIP_SWITCH) == "1":
            pytest.skip(f"Label Studio server unavailable ({SKIP_SWITCH}=1): {error}")
        pytest.fail(f"Label Studio server could not be installed or started: {error}")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Start Label Studio on a copy of the template data dir; stop it after the session."""
    try:
        template = _template(CACHE)
    except (InstallError, ServerError) as error:
        # A skip once turned a broken install green: failing is the default, skipping an opt-out
        # that CI never sets.
        if os.environ.get(SKIP_SWITCH) == "1":
            pytest.skip(f"Label Studio server unavailable ({SKIP_SWITCH}=1): {error}")
        pytest.fail(f"Label Studio server could not be installed or started: {error}")
    home = tmp_path_factory.mktemp("ls-home")
    data_dir = home / "data"
    shutil.copytree(template, data_dir)
    paths = ServerPaths(home, venv_root=CACHE)
    state = up(paths, data_dir=data_dir)
    connection = Connection(url=state.url, token=state.token)
    yield LiveServer(paths=paths, connection=connection, client=connect(connection))
    down(paths)


TASK_FIELDS: dict[str, list[str]] = {
    "text_quality": ["text"],
    "classification": ["text"],
    "ner": ["text"],
    "translation": ["source", "target"],
    "instruction": ["instruction", "input", "output"],
    "duplicate_pair": ["text_a", "text_b"],
}
"""The text fields each audit task's config shows an annotator (`<field>_masked` in the sample)."""


def sample_for(task: str, n: int, *, double_every: int = 3) -> pl.DataFrame:
    """A tiny audit sample with the masked columns the task's config reads."""
    ids = [f"r{i:05d}" for i in range(n)]
    columns: dict[str, list[object]] = {
        "record_id": ids,
        "double": [i % double_every == 0 for i in range(n)],
        "is_gold": [i % 5 == 0 for i in range(n)],
    }
    texts = [f"第{i}条 text number {i} with [PHONE]" for i in range(n)]
    for field in TASK_FIELDS[task]:
        columns[f"{field}_masked"] = texts
    if task == "classification":
        columns["label"] = ["news"] * n
    if task == "ner":
        columns["entities"] = [[{"start": 0, "end": 2, "label": "LOC"}]] * n
    return pl.DataFrame(columns)
