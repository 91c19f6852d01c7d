"""JSON Schemas the CLI prints, looked up by name."""

from __future__ import annotations

from typing import Any


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema called `name` (manifest, report or rubric)."""
    if name == "manifest":
        from schemas.manifest import manifest_json_schema

        return manifest_json_schema()
    if name == "report":
        from schemas.report import Report

        return Report.model_json_schema()
    from graders.rubric import Rubric

    return Rubric.model_json_schema()
