"""The `corpusgrade verify OUT` command: re-check a grading report and say what differs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

__all__ = ["verify"]

console = Console(stderr=True)


def verify(
    out: Annotated[
        Path,
        typer.Argument(
            help="output folder of `corpusgrade run --out`", exists=True, file_okay=False
        ),
    ],
    rerun: Annotated[bool, typer.Option(help="re-run the submission and compare")] = True,
) -> None:
    """Check report.json's digest, the recorded inputs, and a fresh re-run; exit 1 on any change."""
    from pipelines.verify import rerun_submission, verify_output

    result = verify_output(out, rerun=rerun_submission if rerun else None)
    for problem in result.problems:
        typer.echo(f"FAIL: {problem}")
    for section in result.sections:
        typer.echo(f"FAIL: `{section}` differs from a re-run of the recorded inputs")
    if "provenance.corpusgrade" in result.sections:
        typer.echo(
            "note: corpusgrade's version or git commit differs from the recorded run; check out "
            "the commit in report.json (provenance.corpusgrade) to re-run with the same code"
        )
    if not result.ok:
        console.print(f"[red]{out}: verification failed[/red]")
        raise typer.Exit(1)
    console.print(f"[green]{out}: report verified[/green]")
