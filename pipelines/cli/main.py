"""Top-level commands of `corpusgrade`; sub-command groups live in sibling modules."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from pipelines.cli.errors import OneLineErrorGroup
from pipelines.cli.mounts import mount_subcommands

app = typer.Typer(
    name="corpusgrade",
    help="Dataset quality and grading pipeline (高质量数据集评定).",
    no_args_is_help=True,
    add_completion=False,
    cls=OneLineErrorGroup,
    pretty_exceptions_show_locals=False,
)
console = Console(stderr=True)


@app.callback()
def main(
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", help="show the full traceback of an error (also: CORPUSGRADE_DEBUG=1)"
        ),
    ] = False,
) -> None:
    """Dataset quality and grading pipeline (高质量数据集评定)."""


class Audit(StrEnum):
    """Where the human audit comes from."""

    none = "none"
    simulated = "simulated"
    labelstudio = "labelstudio"


class Engine(StrEnum):
    """Which engine runs the stage functions."""

    local = "local"
    ray = "ray"


class SchemaName(StrEnum):
    """The JSON Schemas `corpusgrade schema` can print."""

    manifest = "manifest"
    report = "report"
    rubric = "rubric"


SubmissionArg = Annotated[
    Path,
    typer.Argument(
        help="submission folder (manifest.yaml + data files)",
        exists=True,
        file_okay=False,
        resolve_path=True,
    ),
]


@app.command()
def validate(submission: SubmissionArg) -> None:
    """Check the manifest and every file; exit 1 listing file:line: field: problem."""
    from pipelines.ingest import validate_submission

    problems = validate_submission(submission)
    for line in problems:
        typer.echo(line)
    if problems:
        console.print(f"[red]{len(problems)} problem(s) in {submission}[/red]")
        raise typer.Exit(1)
    console.print(f"[green]{submission}: valid[/green]")


@app.command()
def run(
    submission: SubmissionArg,
    out: Annotated[Path, typer.Option("--out", help="folder for records.parquet, report.*")],
    audit: Annotated[Audit, typer.Option(help="human audit source")] = Audit.none,
    engine: Annotated[Engine, typer.Option(help="stage engine")] = Engine.local,
    rubric: Annotated[Path | None, typer.Option(help="rubric YAML (default: default-v1)")] = None,
) -> None:
    """Run a submission through the whole asset graph (in-process Dagster) and export it."""
    from pipelines.cli.progress import labelstudio_epilogue, print_summary, run_with_progress

    outcome = run_with_progress(
        console, submission, out=out, audit=audit.value, engine=engine.value, rubric=rubric
    )
    if outcome.error is not None:
        raise outcome.error
    for failure in outcome.failures:
        typer.echo(failure, err=True)
    if not outcome.success:
        console.print(f"[red]{outcome.submission_id}: run failed[/red] (partial outputs in {out})")
        raise typer.Exit(1)
    print_summary(console, [out])
    labelstudio_epilogue(console, audit=audit.value, keep=True)


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", help="where submissions and outputs go")] = Path(
        "demo-out"
    ),
    audit: Annotated[Audit, typer.Option(help="human audit source")] = Audit.none,
    generate_only: Annotated[bool, typer.Option(help="write the submissions, run nothing")] = False,
    keep_labelstudio: Annotated[
        bool, typer.Option(help="leave the local Label Studio running after the demo")
    ] = False,
) -> None:
    """Run the demo story: an award, an upgrade paid the difference, a refused copy, a failed gate.

    Ends with a table (also written to OUT/summary.md) read from the reports and the ledger.
    """
    from pipelines.cli.demo import run_story

    failed = run_story(
        console,
        out,
        audit=audit.value,
        generate_only=generate_only,
        keep_labelstudio=keep_labelstudio,
    )
    if failed:
        raise typer.Exit(1)


@app.command()
def schema(name: Annotated[SchemaName, typer.Argument()] = SchemaName.manifest) -> None:
    """Print a JSON Schema: the submission manifest, the report or the rubric."""
    from pipelines.cli.schemas import json_schema

    typer.echo(json.dumps(json_schema(name.value), ensure_ascii=False, indent=2))


mount_subcommands(app)
