"""The output folder as one unit: a sha256 manifest of every file in it (`outputs.json`), and
publishing a run's outputs only when the run succeeded.

`outputs.json` lists the SHA-256 of every other file below OUT (records, quarantine, every report
format, curated data, envelope, verify state), so `corpusgrade verify` notices a one-byte change
to any of them before it opens one. A run exports into a staging folder beside OUT and moves the
files into place only on success; a failed run takes the previous run's outputs away and leaves
`run-failed.json`, so nothing stale looks current.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

__all__ = [
    "CONTRACT_NAMES",
    "FAILED_NAME",
    "MANIFEST_NAME",
    "check_outputs_manifest",
    "file_hashes",
    "mark_failed",
    "publish",
    "staging_folder",
    "write_outputs_manifest",
]

MANIFEST_NAME = "outputs.json"
FAILED_NAME = "run-failed.json"
CONTRACT_NAMES = frozenset(
    {
        "records.parquet",
        "quarantine.parquet",
        "report.json",
        "report.json.sha256",
        "report.html",
        "report.md",
        "envelope.json",
        "verify-state",
        "curated",
        MANIFEST_NAME,
        FAILED_NAME,
    }
)
"""Names a run may write in OUT; only these are ever replaced or removed there."""


def _sha256(path: Path) -> str:
    """Hex SHA-256 of one file, read in blocks."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def file_hashes(out: Path) -> dict[str, str]:
    """{posix path relative to `out`: sha256} of every file below `out` but `outputs.json`.

    Symlinks are listed by what they point at only if that is inside `out`; one pointing
    elsewhere is listed as `symlink` so that it can never match a recorded hash.
    """
    root = out.resolve()
    found: dict[str, str] = {}
    for parent, dirs, files in os.walk(root, followlinks=False):
        dirs.sort()
        for name in sorted(files) + [d for d in dirs if (Path(parent) / d).is_symlink()]:
            path = Path(parent) / name
            rel = path.relative_to(root).as_posix()
            if rel == MANIFEST_NAME:
                continue
            inside = path.resolve().is_relative_to(root) and path.resolve().is_file()
            found[rel] = _sha256(path) if inside else "symlink"
    return found


def write_outputs_manifest(out: Path) -> None:
    """Write `outputs.json`: the sha256 of every file in `out` (sorted, stable bytes)."""
    body = {"files": file_hashes(out), "version": 1}
    text = json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    (out / MANIFEST_NAME).write_text(text, encoding="utf-8")


def _recorded(out: Path) -> dict[str, str]:
    """The hashes `outputs.json` records; ValueError when it is missing or unreadable."""
    path = out / MANIFEST_NAME
    if not path.is_file():
        raise ValueError(
            f"{path} is missing: the output folder has no file manifest (written by "
            "`corpusgrade run` since issue 16); run the submission again"
        )
    try:
        data = json.loads(path.read_bytes())
        files = data["files"]
        if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
            raise TypeError("files must map paths to hashes")
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError(f"{path} is not a valid file manifest: {error}") from None
    return {str(k): v for k, v in files.items()}


def check_outputs_manifest(out: Path) -> list[str]:
    """Every file in `out` against `outputs.json`: changed, missing and added files, by name.

    Only hashing, no parsing: a corrupt Parquet or DuckDB file fails here in seconds instead
    of being opened.
    """
    try:
        recorded = _recorded(out)
    except ValueError as error:
        return [str(error)]
    return hash_differences("output file", recorded, file_hashes(out), by="outputs.json")


def hash_differences(
    kind: str, recorded: dict[str, str], found: dict[str, str], *, by: str
) -> list[str]:
    """Missing, added and changed files between two path → SHA-256 maps, one line each.

    `kind` names the files ("output file", "input file"); `by` names what recorded them.
    """
    problems: list[str] = []
    for rel in sorted(recorded.keys() | found.keys()):
        if rel not in found:
            problems.append(f"{kind} {rel} is missing ({by} records it)")
        elif rel not in recorded:
            problems.append(f"{kind} {rel} was added after the run (not in {by})")
        elif found[rel] != recorded[rel]:
            problems.append(
                f"{kind} {rel} was changed: SHA-256 {found[rel][:12]}…, "
                f"{by} records {recorded[rel][:12]}…"
            )
    return problems


def staging_folder(out: Path) -> Path:
    """A fresh, empty folder beside `out` (same file system, so moves are renames)."""
    staging = out.parent / f".{out.name}.staging-{os.getpid()}"
    _remove(staging)
    staging.mkdir(parents=True)
    return staging


def _remove(path: Path) -> None:
    """Remove a file, symlink or folder if present."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def _clear(out: Path, names: Iterable[str]) -> None:
    """Remove the run's own names from `out`, never anything else the folder holds."""
    for name in sorted(set(names)):
        _remove(out / name)


def publish(staging: Path, out: Path) -> None:
    """Move a finished run's files from `staging` into `out`, replacing the previous run's.

    Earlier outputs that this run did not write (a stale `curated/`, a `run-failed.json`)
    are removed too, so `out` holds exactly this run's outputs and its `outputs.json`.
    """
    out.mkdir(parents=True, exist_ok=True)
    names = [path.name for path in staging.iterdir()]
    _clear(out, CONTRACT_NAMES | set(names))
    for name in sorted(names, key=lambda n: n == MANIFEST_NAME):
        os.replace(staging / name, out / name)
    staging.rmdir()


def mark_failed(out: Path, *, submission_id: str, failures: Iterable[str]) -> None:
    """After a failed run: remove the previous run's outputs and say why in `run-failed.json`."""
    out.mkdir(parents=True, exist_ok=True)
    _clear(out, CONTRACT_NAMES)
    body: Mapping[str, object] = {"submission_id": submission_id, "failures": list(failures)}
    text = json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    (out / FAILED_NAME).write_text(text, encoding="utf-8")
