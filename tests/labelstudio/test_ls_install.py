"""The fresh-machine fallback: no uv anywhere, the server's venv built with venv + pip.

A fresh machine once had no uv on PATH and the bundled pip 23.2 stopped on an unpinned extra
(`smart-open[http]` from jsf); this builds the venv the same way, from the registry (~1 min).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.labelstudio import install
from pipelines.labelstudio.paths import ServerPaths


def test_the_pip_fallback_installs_a_server_that_imports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(install, "project_uv", lambda: None)
    python = shutil.which("python3.11", path="/usr/bin:/usr/local/bin") or sys.executable
    paths = ServerPaths(tmp_path / "ls-home")
    executable = install.install_server(paths, python=python)
    assert executable.exists()
    assert not (paths.venv / "bin" / "uv").exists()
    done = subprocess.run(
        [str(paths.venv / "bin" / "python"), "-c", "import label_studio, jsf, smart_open"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert install.is_installed(paths)
