"""One line per user-fixable fault: the CLI's click group catches `CorpusgradeError`.

A `CorpusgradeError` (bad manifest, missing ledger, no Label Studio server ...) is printed as
`error: <message>` on stderr with exit code 1; anything else is a bug and keeps its traceback.
`corpusgrade --debug ...` (or `CORPUSGRADE_DEBUG=1`) shows the traceback of user errors too.
"""

from __future__ import annotations

import os
from typing import Any

import typer
from typer.core import TyperGroup

from schemas.errors import CorpusgradeError

__all__ = ["DEBUG_ENV", "OneLineErrorGroup", "one_line"]

DEBUG_ENV = "CORPUSGRADE_DEBUG"
"""Set to 1 to see the traceback of user errors (same as `--debug`)."""


def one_line(error: BaseException) -> str:
    """The error's message folded onto one line (multi-line messages joined with ' | ')."""
    parts = [line.strip() for line in str(error).splitlines() if line.strip()]
    return " | ".join(parts) or type(error).__name__


def debug_requested(ctx: Any) -> bool:
    """True when `--debug` was given or `CORPUSGRADE_DEBUG=1` is set."""
    return bool(ctx.params.get("debug")) or os.environ.get(DEBUG_ENV) == "1"


class OneLineErrorGroup(TyperGroup):
    """The top-level group: user errors become `error: ...` on stderr and exit 1."""

    def invoke(self, ctx: Any) -> Any:
        """Run the command; fold a `CorpusgradeError` into one line unless debugging.

        `ctx` is typer's vendored click context (typed `Any`: typer keeps that class private).
        """
        try:
            return super().invoke(ctx)
        except CorpusgradeError as error:
            if debug_requested(ctx):
                raise
            typer.echo(f"error: {one_line(error)}", err=True)
            raise typer.Exit(code=1) from error
