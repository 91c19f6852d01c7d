"""Path safety: expand a manifest glob to files that are really inside the submission folder.

Every file that will be opened is checked, not only what the glob matched: a folder dataset's
files (an HF `.arrow` file may be a symlink to a dataset elsewhere) are each resolved too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath

from pipelines.ingest.limits import IngestError, IngestLimits
from schemas.manifest import FileSpec

__all__ = ["file_size", "resolve_files"]


def _check_pattern(pattern: str) -> None:
    """Reject absolute globs and `..` before touching the file system."""
    posix = PurePosixPath(pattern.replace("\\", "/"))
    if posix.is_absolute() or (len(pattern) > 1 and pattern[1] == ":"):
        raise IngestError(f"{pattern}: absolute paths are not allowed; use a relative glob")
    if ".." in posix.parts:
        raise IngestError(f"{pattern}: '..' is not allowed; files must be inside the submission")


def _inside(root: Path, path: Path) -> Path:
    """Return the resolved path, or raise if it (e.g. through a symlink) leaves `root`."""
    resolved = path.resolve()
    if not resolved.is_relative_to(root):
        shown = path.relative_to(root) if path.is_relative_to(root) else path
        raise IngestError(f"{shown}: points outside the submission folder (symlink?)")
    return resolved


def _folder_entries(folder: Path) -> list[Path]:
    """Every file and folder below `folder`, without following symlinks."""
    found: list[Path] = []
    for parent, dirs, files in os.walk(folder, followlinks=False):
        found.extend(Path(parent) / name for name in sorted(dirs) + sorted(files))
    return found


def _check_folder(root: Path, folder: Path) -> None:
    """Every entry of a folder dataset stays inside `root` and is a plain file or folder.

    A FIFO or device would block or stream forever when opened, so it is refused as well.
    """
    for entry in _folder_entries(folder):
        resolved = _inside(root, entry)
        mode = resolved.stat().st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            raise IngestError(
                f"{entry.relative_to(root)}: not a regular file (a pipe or device?); "
                "a submission holds files only"
            )


def file_size(path: Path) -> int:
    """Bytes of a file, or of every file below a folder (a saved HF dataset)."""
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def _wanted(path: Path, spec: FileSpec) -> bool:
    """HF datasets are folders; every other format is a regular file."""
    return path.is_dir() if spec.format == "hf_dataset" else path.is_file()


def resolve_files(root: Path, spec: FileSpec, *, limits: IngestLimits) -> list[Path]:
    """Files matching `spec.path` inside `root`, sorted, checked for escapes and size."""
    _check_pattern(spec.path)
    base = root.resolve()
    matches = sorted(base.glob(spec.path))
    for match in matches:
        _inside(base, match)
    files = [m for m in matches if _wanted(m.resolve(), spec)]
    for folder in (f for f in files if f.resolve().is_dir()):
        _check_folder(base, folder)
    if not files:
        raise IngestError(f"{spec.path}: no {spec.format} file matches this glob")
    for file in files:
        size = file_size(file.resolve())
        if size > limits.max_file_bytes:
            raise IngestError(
                f"{file.relative_to(base)}: {size} bytes is over the limit of "
                f"{limits.max_file_bytes} bytes per file"
            )
    return files
