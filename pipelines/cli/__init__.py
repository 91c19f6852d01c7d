"""The `corpusgrade` command: validate, run, demo, schema, and the service sub-commands."""

from __future__ import annotations

from pipelines.cli.main import app

__all__ = ["app"]
