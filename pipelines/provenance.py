"""The I/O side of a report's provenance: file hashes, model hash, versions, git commit.

`graders.report.provenance.build_provenance` assembles the block; this module measures what it
needs from disk, package metadata and git. Paths in the result are relative to the submission
folder, so a run from another folder or `CORPUSGRADE_HOME` records the same provenance.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import polars as pl

from graders.report.canonical import digest
from graders.report.provenance import KEY_PACKAGES, build_provenance
from quality.langid import model_path, model_sha256

__all__ = [
    "annotations_sha256",
    "collect_provenance",
    "corpusgrade_version",
    "file_sha256",
    "git_commit",
    "input_file_hashes",
    "package_versions",
]

CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    """SHA-256 (hex) of a file's bytes, read in 1 MiB chunks."""
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            sha.update(chunk)
    return sha.hexdigest()


def input_file_hashes(folder: Path) -> list[dict[str, Any]]:
    """Every regular file below the submission folder (manifest included), sorted by path."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return [
        {
            "path": p.relative_to(folder).as_posix(),
            "sha256": file_sha256(p),
            "bytes": p.stat().st_size,
        }
        for p in files
    ]


def package_versions(names: Iterable[str] = KEY_PACKAGES) -> dict[str, str]:
    """Installed version of each package ("absent" when not installed), sorted by name."""
    versions: dict[str, str] = {}
    for name in sorted(names):
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def corpusgrade_version() -> str:
    """corpusgrade's installed version, else "unknown"."""
    try:
        return importlib.metadata.version("corpusgrade")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def git_commit(repo: Path | None = None) -> str:
    """`git rev-parse HEAD` of the checkout this code runs from, else "unknown"."""
    where = repo or Path(__file__).resolve().parents[1]
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=where, capture_output=True, text=True, check=False
        )
    except OSError:
        return "unknown"
    commit = done.stdout.strip()
    return commit if done.returncode == 0 and len(commit) == 40 else "unknown"


def annotations_sha256(annotations: pl.DataFrame | None) -> str | None:
    """SHA-256 of the annotation rows in canonical JSON (row order kept), None when empty."""
    if annotations is None or annotations.height == 0:
        return None
    return digest(annotations.to_dicts())


def collect_provenance(
    *,
    folder: Path,
    manifest_sha256: str,
    submission_sha256: str,
    rubric_version: str,
    rubric_sha256: str,
    seed: int,
    audit_source: str,
    annotations: pl.DataFrame | None,
) -> dict[str, Any]:
    """The report's provenance block for a submission folder and the run's settings."""
    return build_provenance(
        input_files=input_file_hashes(folder),
        manifest_sha256=manifest_sha256,
        submission_sha256=submission_sha256,
        rubric={"version": rubric_version, "sha256": rubric_sha256},
        langid_model={"file": model_path().name, "sha256": model_sha256()},
        seed=seed,
        software={"version": corpusgrade_version(), "git_commit": git_commit()},
        packages=package_versions(),
        audit_source=audit_source,
        audit_export_sha256=annotations_sha256(annotations),
    )
