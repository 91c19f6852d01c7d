"""The state file of a running server and the admin credentials of a data dir (both 0600).

The state file says where corpusgrade finds the server (url, token, pid, data dir). The
credentials file sits inside the data dir because Label Studio only honours username, password
and token on the first boot of a data dir: a copied (pre-migrated) data dir must carry them.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from pipelines.labelstudio.paths import credentials_file

ADMIN_USERNAME = "admin@corpusgrade.local"


@dataclass(frozen=True)
class ServerState:
    """Where a managed server runs and how to authenticate against it."""

    url: str
    token: str
    pid: int
    data_dir: str


@dataclass(frozen=True)
class Credentials:
    """The admin user created on the first boot of a data dir."""

    username: str
    password: str
    token: str


def write_private_json(path: Path, payload: dict[str, object]) -> None:
    """Write JSON readable by the owner only; the file never exists with wider permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(payload, handle, sort_keys=True, indent=2)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def save_state(path: Path, state: ServerState) -> None:
    """Record a running server."""
    write_private_json(path, asdict(state))


def load_state(path: Path) -> ServerState | None:
    """Return the recorded server, or None when nothing was recorded."""
    if not path.exists():
        return None
    return ServerState(**json.loads(path.read_text()))


def clear_state(path: Path) -> None:
    """Forget the recorded server."""
    path.unlink(missing_ok=True)


def load_or_create_credentials(data_dir: Path) -> Credentials:
    """Return the data dir's admin credentials, generating them before its first boot.

    The token is 40 hex characters like Label Studio's own legacy tokens; secrets (not a seeded
    generator) because it is a credential.
    """
    path = credentials_file(data_dir)
    if path.exists():
        return Credentials(**json.loads(path.read_text()))
    creds = Credentials(
        username=ADMIN_USERNAME,
        password=secrets.token_urlsafe(18),
        token=secrets.token_hex(20),
    )
    write_private_json(path, asdict(creds))
    return creds
