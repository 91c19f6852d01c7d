"""Where the managed Label Studio lives on disk: its venv, data dir, state file and log.

Everything sits outside git under one home folder so that `up`, `down`, `status`, the Dagster
resource and the tests agree on the same files without passing paths around.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REQUIREMENTS_FILE = Path(__file__).with_name("server-requirements.txt")


def labelstudio_home() -> Path:
    """Return the server home: `$CORPUSGRADE_LS_HOME`, else `$CORPUSGRADE_HOME/labelstudio`.

    `CORPUSGRADE_HOME` defaults to `./.corpusgrade` (git-ignored).
    """
    explicit = os.environ.get("CORPUSGRADE_LS_HOME")
    if explicit:
        return Path(explicit).resolve()
    base = os.environ.get("CORPUSGRADE_HOME") or ".corpusgrade"
    return (Path(base) / "labelstudio").resolve()


@dataclass(frozen=True)
class ServerPaths:
    """The files of one managed server home; `venv_root` lets several homes share one venv."""

    home: Path
    venv_root: Path | None = None

    @property
    def venv(self) -> Path:
        """The server's own virtual environment (its pins clash with ours)."""
        return (self.venv_root or self.home) / "venv"

    @property
    def executable(self) -> Path:
        """The `label-studio` console script inside the venv."""
        return self.venv / "bin" / "label-studio"

    @property
    def install_marker(self) -> Path:
        """Holds the hash of the requirements the venv was built from."""
        return self.venv / ".corpusgrade-requirements.sha256"

    @property
    def data_dir(self) -> Path:
        """The server's `LABEL_STUDIO_BASE_DATA_DIR` (SQLite, media, credentials)."""
        return self.home / "data"

    @property
    def state_file(self) -> Path:
        """URL, token, pid and data dir of the running server (0600)."""
        return self.home / "state.json"

    @property
    def log_file(self) -> Path:
        """The server's stdout and stderr, for an operator who needs them."""
        return self.home / "server.log"


def credentials_file(data_dir: Path) -> Path:
    """The admin credentials live beside the data they unlock, so a copied data dir keeps them."""
    return data_dir / "corpusgrade-credentials.json"
