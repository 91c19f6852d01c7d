"""Which declared source (来源) each data file belongs to, for G2's per-source judgement.

A file entry of the manifest may name its `source`; otherwise, when the manifest declares
exactly one source, every file belongs to it. Files matched by neither keep their own name, and
the report's `source_grouping` says whether sources were declared.
"""

from __future__ import annotations

from collections.abc import Iterable
from fnmatch import fnmatchcase
from pathlib import PurePosixPath

from schemas.manifest import Manifest, SourceSpec

__all__ = ["declared_source_of", "source_label"]


def source_label(source: SourceSpec) -> str:
    """`类型:details` (or the type alone), the name G2 reports a source by."""
    return f"{source.type}:{source.details}" if source.details else str(source.type)


def _matches(path: str, pattern: str) -> bool:
    """A file (relative POSIX path) matches a manifest glob, whole path or by name."""
    return fnmatchcase(path, pattern) or PurePosixPath(path).match(pattern)


def declared_source_of(manifest: Manifest, files: Iterable[str]) -> dict[str, str]:
    """Source file -> declared source label, for the files whose source is declared."""
    only = manifest.sources[0] if len(manifest.sources) == 1 else None
    found: dict[str, str] = {}
    for path in sorted(set(files)):
        spec = next(
            (f for f in manifest.files if f.source is not None and _matches(path, f.path)), None
        )
        source = spec.source if spec is not None else only
        if source is not None:
            found[path] = source_label(source)
    return found
