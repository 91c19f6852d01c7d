"""Start, stop and inspect the project's own Label Studio server (`corpusgrade labelstudio ...`).

`up` is idempotent: a recorded server that answers `/health` is reused. The server runs in its
own process group on a free port on 127.0.0.1 with the network-calling features switched off, and
its environment is scrubbed of the plain names it would otherwise read (PORT, HOST, ...).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from pipelines.labelstudio.install import install_server
from pipelines.labelstudio.paths import ServerPaths
from pipelines.labelstudio.state import (
    Credentials,
    ServerState,
    clear_state,
    load_or_create_credentials,
    load_state,
    save_state,
)
from schemas.errors import CorpusgradeError

SCRUBBED_ENV = ("PORT", "HOST", "USERNAME", "PASSWORD", "DEBUG", "DATABASE_NAME")
NO_NETWORK_ENV = {
    "LATEST_VERSION_CHECK": "false",
    "SENTRY_DSN": "",
    "FRONTEND_SENTRY_DSN": "",
    "COLLECT_ANALYTICS": "false",
}


class ServerError(CorpusgradeError, RuntimeError):
    """The managed server did not start or stop as asked."""


@dataclass(frozen=True)
class ServerStatus:
    """What `status` reports."""

    running: bool
    url: str | None
    pid: int | None
    data_dir: str | None


def is_healthy(url: str, *, timeout: float = 2.0) -> bool:
    """True when `GET /health` answers 200 with status UP."""
    try:
        response = httpx.get(f"{url}/health", timeout=timeout)
    except httpx.HTTPError:
        return False
    return response.status_code == 200 and response.json().get("status") == "UP"


def free_port() -> int:
    """Ask the kernel for a free port on 127.0.0.1 (the server silently moves off a busy one)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(data_dir: Path) -> dict[str, str]:
    """The server's environment: ours minus the names it misreads, plus no-network switches."""
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
    env.update(NO_NETWORK_ENV)
    env["LABEL_STUDIO_BASE_DATA_DIR"] = str(data_dir)
    return env


def up(paths: ServerPaths, *, data_dir: Path | None = None, timeout: float = 120.0) -> ServerState:
    """Install if needed, start the server (unless one already answers) and record its state."""
    current = load_state(paths.state_file)
    if current is not None and is_healthy(current.url):
        return current
    executable = install_server(paths)
    directory = (data_dir or paths.data_dir).resolve()
    discard_unfinished_first_boot(directory)
    first_boot = not directory.exists() or not any(directory.iterdir())
    directory.mkdir(parents=True, exist_ok=True)
    if first_boot:
        (directory / BOOTING_MARKER).touch()
    creds = load_or_create_credentials(directory)
    port = free_port()
    command = start_command(executable, port=port, creds=creds)
    paths.home.mkdir(parents=True, exist_ok=True)
    with paths.log_file.open("ab") as log:
        process = subprocess.Popen(
            command,
            env=server_env(directory),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    state = ServerState(
        url=f"http://127.0.0.1:{port}", token=creds.token, pid=process.pid, data_dir=str(directory)
    )
    save_state(paths.state_file, state)
    _wait_healthy(state, process, timeout=timeout, log=paths.log_file)
    (directory / BOOTING_MARKER).unlink(missing_ok=True)
    return state


BOOTING_MARKER = ".corpusgrade-first-boot"
"""Present in a new data dir until its first server answered /health."""


def discard_unfinished_first_boot(directory: Path) -> None:
    """Remove a data dir whose first boot never answered /health.

    An interrupted first boot leaves a half-migrated SQLite database that Label Studio cannot
    start from again ("table ... already exists"); it holds no annotations, so start afresh.
    Data dirs without the marker (booted before, or not made by us) are never touched.
    """
    if (directory / BOOTING_MARKER).exists():
        shutil.rmtree(directory)


def _wait_healthy(
    state: ServerState, process: subprocess.Popen[bytes], *, timeout: float, log: Path
) -> None:
    """Poll `/health` on exactly the chosen port until it answers or the server dies."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if is_healthy(state.url, timeout=1.0):
            return
        if process.poll() is not None:
            message = f"Label Studio exited with code {process.returncode}; see {log}"
            raise ServerError(message)
        time.sleep(0.5)
    _kill_group(state.pid)
    message = f"Label Studio did not answer {state.url}/health within {timeout:.0f} s; see {log}"
    raise ServerError(message)


def down(paths: ServerPaths, *, timeout: float = 20.0) -> bool:
    """Stop the recorded server; return False when none was recorded."""
    state = load_state(paths.state_file)
    if state is None:
        return False
    _kill_group(state.pid, timeout=timeout)
    clear_state(paths.state_file)
    return True


def status(paths: ServerPaths) -> ServerStatus:
    """Report whether the recorded server answers `/health`."""
    state = load_state(paths.state_file)
    if state is None:
        return ServerStatus(running=False, url=None, pid=None, data_dir=None)
    return ServerStatus(
        running=is_healthy(state.url), url=state.url, pid=state.pid, data_dir=state.data_dir
    )


def _kill_group(pid: int, *, timeout: float = 20.0) -> None:
    """Terminate the server's process group (it forks workers), escalating to SIGKILL."""
    try:
        group = os.getpgid(pid)
    except ProcessLookupError:
        return
    os.killpg(group, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return
        time.sleep(0.2)
    os.killpg(group, signal.SIGKILL)


def _alive(pid: int) -> bool:
    """True while the process exists and is not a zombie we must reap."""
    try:
        reaped, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        reaped = 0
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
    return reaped == 0


def start_command(executable: Path, *, port: int, creds: Credentials) -> list[str]:
    """The `label-studio start` command line for one boot.

    Values go in `--option=value` form: a generated password may start with "-", which argparse
    would otherwise read as the next option ("--password: expected one argument").
    """
    return [
        str(executable), "start", "--no-browser", "--internal-host=127.0.0.1",
        f"--port={port}", f"--username={creds.username}", f"--password={creds.password}",
        f"--user-token={creds.token}", "--enable-legacy-api-token",
    ]  # fmt: skip
