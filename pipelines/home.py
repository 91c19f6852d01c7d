"""Where corpusgrade keeps its state: the workspace folder `CORPUSGRADE_HOME`.

Everything the pipeline writes between runs (asset Parquet files, the DuckDB registry and ledger,
the Dagster instance, the Label Studio state) lives below one folder so an operator can back it up,
move it, or point two checkouts at the same one.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from schemas.errors import CorpusgradeError

HOME_ENV = "CORPUSGRADE_HOME"
DEFAULT_HOME = ".corpusgrade"
KEYWORDS_ENV = "CORPUSGRADE_SAFETY_KEYWORDS"
INIT_LOCK = ".init.lock"
RUN_LOCK = ".run.lock"
RUN_LOCK_TIMEOUT_S = 6 * 3600.0
RECORD_ID_KEY_FILE = "record-id.key"
RECORD_ID_KEY_ENV = "CORPUSGRADE_RECORD_ID_KEY"
REGISTRY_FILE = "registry.duckdb"
KEY_FINGERPRINT_CONTEXT = b"corpusgrade record-id key fingerprint\x00"


class WorkspaceBusyError(CorpusgradeError):
    """Another run kept the workspace locked for longer than the wait allows."""


class RecordIdKeyError(CorpusgradeError):
    """The workspace's record-id key is not 64 hex digits."""


def corpusgrade_home() -> Path:
    """The workspace folder from `CORPUSGRADE_HOME` (default `./.corpusgrade`), made if absent."""
    home = Path(os.environ.get(HOME_ENV) or DEFAULT_HOME).expanduser().resolve()
    home.mkdir(parents=True, exist_ok=True)
    return home


def _home(home: Path | None) -> Path:
    """`home` when given (a `pipelines.workspace.Workspace`'s), else `corpusgrade_home()`."""
    return home if home is not None else corpusgrade_home()


def inbox_dir(home: Path | None = None) -> Path:
    """Folder the inbox sensor watches: one sub-folder per submission."""
    path = _home(home) / "inbox"
    path.mkdir(parents=True, exist_ok=True)
    return path


def registry_path(home: Path | None = None) -> Path:
    """The DuckDB file holding the dedup registry and the award ledger."""
    return _home(home) / REGISTRY_FILE


def dagster_home() -> Path:
    """The Dagster instance folder shared by the CLI and `dagster dev` (the UI)."""
    path = corpusgrade_home() / "dagster"
    path.mkdir(parents=True, exist_ok=True)
    return path


def outputs_dir(submission_id: str, home: Path | None = None) -> Path:
    """Files written for a submission besides asset values: reports, the curated dataset."""
    path = _home(home) / "outputs" / submission_id
    path.mkdir(parents=True, exist_ok=True)
    return path


def keyword_library_path() -> Path | None:
    """The operator's safety keyword library, if `CORPUSGRADE_SAFETY_KEYWORDS` names a file."""
    value = os.environ.get(KEYWORDS_ENV)
    return Path(value).expanduser().resolve() if value else None


def _index_path(home: Path | None = None) -> Path:
    return _home(home) / "submissions.json"


@contextmanager
def init_lock(home: Path | None = None) -> Iterator[None]:
    """Hold the workspace's short lock: creating the Dagster instance's storage (its schema
    migrations), the submissions index. Two first runs on an empty home would otherwise both
    migrate the same SQLite files and break them."""
    with FileLock(str(_home(home) / INIT_LOCK), timeout=600):
        yield


@contextmanager
def run_lock(*, timeout: float = RUN_LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold the workspace's run lock: one `corpusgrade run` at a time per CORPUSGRADE_HOME.

    The registry and the ledger live in one DuckDB file that allows one writer; a second run
    waits (and says so) instead of failing on the DuckDB lock.
    """
    lock = FileLock(str(corpusgrade_home() / RUN_LOCK))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        print(
            f"another run is using {corpusgrade_home()}; waiting for it to finish",
            file=sys.stderr,
        )
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            msg = (
                f"{corpusgrade_home() / RUN_LOCK}: another run has held the workspace for over "
                f"{timeout:.0f} s; wait for it, or point CORPUSGRADE_HOME elsewhere"
            )
            raise WorkspaceBusyError(msg) from None
    try:
        yield
    finally:
        lock.release()


def record_id_key_path(home: Path | None = None) -> Path:
    """The file holding the workspace's record-id key (`record-id.key`, 64 hex digits)."""
    return _home(home) / RECORD_ID_KEY_FILE


def _parse_key(text: str, source: str) -> bytes:
    """32 bytes from 64 hex digits, or RecordIdKeyError naming where the text came from."""
    value = text.strip()
    try:
        key = bytes.fromhex(value)
    except ValueError:
        key = b""
    if len(key) != 32:
        msg = f"{source}: the record-id key must be 64 hex digits (32 random bytes)"
        raise RecordIdKeyError(msg)
    return key


def record_id_key(home: Path | None = None) -> bytes:
    """The workspace's secret for record-id surrogates (`quality.pii.public_record_id`).

    `CORPUSGRADE_RECORD_ID_KEY` (64 hex digits) wins; else `record-id.key` in the workspace,
    created with 32 random bytes on first use, under the init lock so two first runs agree on
    one key. The same key gives the same surrogates, so a re-run (and `verify`) reproduces the
    report byte for byte; a re-run on another machine needs the same key (copy the file, or set
    the variable). Keep it with the workspace, not with the reports.
    """
    if os.environ.get(RECORD_ID_KEY_ENV):
        return _parse_key(os.environ[RECORD_ID_KEY_ENV], RECORD_ID_KEY_ENV)
    path = record_id_key_path(home)
    if not path.exists():
        with init_lock(home):
            if not path.exists():
                temporary = path.with_suffix(f".{os.getpid()}.tmp")
                descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(descriptor, "w", encoding="ascii") as handle:
                    handle.write(secrets.token_hex(32) + "\n")
                os.replace(temporary, path)
    return _parse_key(path.read_text(encoding="ascii", errors="replace"), str(path))


def existing_record_id_key(home: Path) -> bytes | None:
    """The key a run in `home` would use, without creating one: the variable, else the file."""
    if os.environ.get(RECORD_ID_KEY_ENV):
        return _parse_key(os.environ[RECORD_ID_KEY_ENV], RECORD_ID_KEY_ENV)
    path = record_id_key_path(home)
    if not path.is_file():
        return None
    return _parse_key(path.read_text(encoding="ascii", errors="replace"), str(path))


def record_id_key_fingerprint(key: bytes) -> str:
    """A short public fingerprint of the record-id key (16 hex digits), never the key itself.

    `envelope.json` keeps it, so a re-run under another key (other surrogates, another report)
    is recognised as such instead of looking like a changed submission.
    """
    return hashlib.sha256(KEY_FINGERPRINT_CONTEXT + key).hexdigest()[:16]


def register_submission_folder(submission_id: str, folder: Path, home: Path | None = None) -> None:
    """Remember which folder holds a submission, so a partition key resolves to its files.

    Read, change and write happen under the init lock and the file is replaced whole, so two
    runs registering at once both stay in the index.
    """
    with init_lock(home):
        index = _read_index(home)
        index[submission_id] = str(folder.resolve())
        temporary = _index_path(home).with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(index, indent=2, sort_keys=True), encoding="utf-8")
        os.replace(temporary, _index_path(home))


def submission_folder(submission_id: str, home: Path | None = None) -> Path:
    """The folder of a submission: the registered one, else `inbox/<submission_id>`."""
    registered = _read_index(home).get(submission_id)
    if registered:
        return Path(registered)
    candidate = inbox_dir(home) / submission_id
    if candidate.is_dir():
        return candidate
    msg = (
        f"submission {submission_id!r} has no folder: neither registered by `corpusgrade run` nor "
        f"present in {inbox_dir(home)}"
    )
    raise FileNotFoundError(msg)


def _read_index(home: Path | None = None) -> dict[str, str]:
    path = _index_path(home)
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items()}
