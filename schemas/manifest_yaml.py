"""Reading `manifest.yaml` safely: inside its submission folder, bounded in size, no aliases.

A manifest is a small hand-written file. A symlink to a file elsewhere, a multi-megabyte file
or YAML aliases (`*name`, which let 1 KB expand to gigabytes when printed) are refused before
anything is built from them, each with a message naming the file, the line and what to do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

__all__ = ["MAX_MANIFEST_BYTES", "MAX_MANIFEST_DEPTH", "ManifestYamlError", "read_manifest_yaml"]

MAX_MANIFEST_BYTES = 1024 * 1024
MAX_MANIFEST_DEPTH = 32
"""Deepest nesting of lists/mappings allowed: a real manifest nests 4 deep; PyYAML recurses per
level, so `[[[[…` 1,000 deep would end in a RecursionError instead of a message."""


class ManifestYamlError(ValueError):
    """A manifest file refused before parsing; `problem` is one `file: line: what` line."""

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(problem)


class _NoAliasLoader(yaml.SafeLoader):
    """PyYAML's safe loader that refuses aliases and deep nesting as soon as it meets them."""

    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        """Compose the next node; an alias or a node nested too deep is an error naming its line."""
        event = self.peek_event()
        line = event.start_mark.line + 1 if event.start_mark else 0
        where = f"{Path(str(self.name)).name}: line {line}"
        if isinstance(event, yaml.AliasEvent):
            raise ManifestYamlError(
                f"{where}: YAML alias *{event.anchor} is not allowed in a manifest; write the "
                "value out in full"
            )
        if self.depth >= MAX_MANIFEST_DEPTH:
            raise ManifestYamlError(
                f"{where}: nested more than {MAX_MANIFEST_DEPTH} levels deep; a manifest needs "
                "far fewer"
            )
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _contained(file: Path) -> Path:
    """The resolved manifest file; it must lie inside the folder it is found in."""
    folder = file.parent.resolve()
    resolved = file.resolve()
    if not resolved.is_relative_to(folder):
        raise ManifestYamlError(
            f"{file.name}: points outside the submission folder (symlink to {resolved}?); "
            "put the manifest itself in the folder"
        )
    return resolved


def read_manifest_yaml(file: Path) -> Any:
    """The parsed YAML of a manifest file, or ManifestYamlError / yaml.YAMLError."""
    resolved = _contained(file)
    size = resolved.stat().st_size
    if size > MAX_MANIFEST_BYTES:
        raise ManifestYamlError(
            f"{file.name}: {size} bytes is over the limit of {MAX_MANIFEST_BYTES} bytes for a "
            "manifest; list files with globs instead of one by one"
        )
    text = resolved.read_bytes().decode("utf-8")
    loader = _NoAliasLoader(text)
    loader.name = str(file)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
