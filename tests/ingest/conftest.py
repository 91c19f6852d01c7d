"""Helpers that write a small submission folder (manifest + files) for ingest tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from schemas.manifest import Manifest

Submit = Callable[..., tuple[Path, Manifest]]


def manifest_data(dataset_type: str, files: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """A valid manifest dict for a test submission."""
    return {
        "id": "t",
        "title": "test",
        "owner": "tests",
        "owner_id": {"country": "CN", "number": "91110000600037341L"},
        "dataset_type": dataset_type,
        "category": "general",
        "domain": "news",
        "languages": ["vi"],
        "license": "CC-BY-4.0",
        "openness": "public",
        "files": files,
        **extra,
    }


@pytest.fixture
def submit(tmp_path: Path) -> Submit:
    """Write files (name -> bytes or text) and a manifest; return (folder, Manifest)."""

    def make(
        dataset_type: str,
        specs: list[dict[str, Any]],
        files: dict[str, bytes | str],
        **extra: Any,
    ) -> tuple[Path, Manifest]:
        root = tmp_path / "submission"
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            data = content.encode() if isinstance(content, str) else content
            path.write_bytes(data)
        manifest = manifest_data(dataset_type, specs, **extra)
        root.mkdir(parents=True, exist_ok=True)
        (root / "manifest.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True))
        return root, Manifest.model_validate(manifest)

    return make
