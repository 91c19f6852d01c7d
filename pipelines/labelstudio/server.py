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
from pipelines.labelstudio.paths import ServerPaths, credentials_file
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


class ServerExited(ServerError):
    """The server process ended before it answered /health."""


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


FIRST_BOOT_TIMEOUT = 900.0
"""Seconds to wait for /health by default: a first boot runs ~200 migrations (83 s seen on two
loaded cores, several minutes when more work shares them)."""


def up(
    paths: ServerPaths, *, data_dir: Path | None = None, timeout: float = FIRST_BOOT_TIMEOUT
) -> ServerState:
    """Install if needed, start the server (unless one already answers) and record its state.

    A recorded server that is still booting (an earlier `up` ran out of time) is waited for, not
    restarted: killing it mid-migration is what made every retry start from zero.
    """
    current = load_state(paths.state_file)
    if current is not None:
        if is_healthy(current.url):
            return current
        if is_server_process(current.pid):
            return _await_boot(current, paths, timeout=timeout)
    executable = install_server(paths)
    directory = (data_dir or paths.data_dir).resolve()
    interrupted = (directory / BOOTING_MARKER).exists()
    if not directory.exists() or not any(directory.iterdir()):
        directory.mkdir(parents=True, exist_ok=True)
        (directory / BOOTING_MARKER).touch()
    try:
        return _boot(executable, paths, directory, timeout=timeout)
    except ServerExited:
        if not interrupted:
            raise
    # An interrupted first boot may leave a half-migrated SQLite database that Label Studio cannot
    # start from ("table ... already exists"); it holds no annotations, so start afresh once.
    discard_unfinished_first_boot(directory)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / BOOTING_MARKER).touch()
    return _boot(executable, paths, directory, timeout=timeout)


def _boot(executable: Path, paths: ServerPaths, directory: Path, *, timeout: float) -> ServerState:
    """Start `label-studio` on `directory`, record its state and wait until it answers."""
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
    return _await_boot(state, paths, timeout=timeout, process=process)


def _await_boot(
    state: ServerState,
    paths: ServerPaths,
    *,
    timeout: float,
    process: subprocess.Popen[bytes] | None = None,
) -> ServerState:
    """Wait for /health; once it answers, the data dir is no longer a first boot."""
    _wait_healthy(state, process, timeout=timeout, log=paths.log_file)
    (Path(state.data_dir) / BOOTING_MARKER).unlink(missing_ok=True)
    return state


def is_server_process(pid: int) -> bool:
    """True when `pid` is alive and (where /proc tells) is a Label Studio process."""
    if not _alive(pid):
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    if not cmdline.exists():
        return True
    text = cmdline.read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    return "label-studio" in text or "label_studio" in text


def login_hint(state: ServerState) -> str:
    """Where the server is, how to log in and how to stop it (for the CLI and the demo)."""
    creds = load_or_create_credentials(Path(state.data_dir))
    return (
        f"Label Studio is running at {state.url} (user {creds.username}, password in "
        f"{credentials_file(Path(state.data_dir))}); stop it with `corpusgrade labelstudio down`"
    )


BOOTING_MARKER = ".corpusgrade-first-boot"
"""Present in a new data dir until its first server answered /health."""


def discard_unfinished_first_boot(directory: Path) -> None:
    """Remove a data dir whose first boot never answered /health.

    Called only after a start on it failed: a half-migrated SQLite database holds no
    annotations. Data dirs without the marker (booted before, or not made by us) are never
    touched.
    """
    if (directory / BOOTING_MARKER).exists():
        shutil.rmtree(directory)


def _wait_healthy(
    state: ServerState, process: subprocess.Popen[bytes] | None, *, timeout: float, log: Path
) -> None:
    """Poll `/health` on exactly the chosen port until it answers or the server dies.

    On timeout the server is left running (a slow first boot finishes in the background) and its
    state stays recorded, so the next `up` waits for the same process.
    """
    deadline = time.monotonic() + timeout
    while True:
        if is_healthy(state.url, timeout=1.0):
            return
        code = process.poll() if process is not None else (None if _alive(state.pid) else -1)
        if code is not None:
            message = f"Label Studio exited with code {code} before answering; see {log}"
            raise ServerExited(message)
        if time.monotonic() >= deadline:
            break
        time.sleep(0.5)
    message = (
        f"Label Studio did not answer {state.url}/health within {timeout:.0f} s; it is still "
        f"starting (pid {state.pid}): run `corpusgrade labelstudio up --timeout 1800` to keep "
        f"waiting or `corpusgrade labelstudio down` to stop it; see {log}"
    )
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
