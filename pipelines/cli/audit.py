"""`corpusgrade audit push|pull SUBMISSION`: the human audit by hand, outside Dagster.

`push` reads the submission's `audit_sample` asset file; `pull` writes the `annotations` asset
file (and `rejected` beside it) that the Dagster `annotations` asset would write.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl
import typer

from pipelines.home import corpusgrade_home
from pipelines.labelstudio.client import (
    LabelStudioNotConfigured,
    LabelStudioUnavailable,
    connect,
    resolve_connection,
)
from pipelines.labelstudio.pull import ExportFailed, pull_submission
from pipelines.labelstudio.push import push_audit_sample

app = typer.Typer(no_args_is_help=True)


@contextmanager
def server_errors() -> Iterator[None]:
    """Turn a missing, unreachable or failing server into one line and exit code 2."""
    try:
        yield
    except (LabelStudioNotConfigured, LabelStudioUnavailable, ExportFailed) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=2) from error


def asset_file(asset: str, submission: str) -> Path:
    """Where the IO manager keeps an asset's Parquet for a submission."""
    return corpusgrade_home() / "assets" / asset / f"{submission}.parquet"


@app.command()
def push(submission: str) -> None:
    """Push the submission's audit sample: one project per audit task, only missing tasks."""
    path = asset_file("audit_sample", submission)
    if not path.exists():
        typer.echo(f"no audit sample for {submission}: {path} is missing (run the pipeline)")
        raise typer.Exit(code=2)
    with server_errors():
        client = connect(resolve_connection())
        results = push_audit_sample(client, pl.read_parquet(path), submission=submission)
    for result in results:
        typer.echo(
            f"{result.title}: project {result.project_id}, {result.tasks_total} tasks, "
            f"{result.tasks_created} sent now"
        )


@app.command()
def pull(submission: str) -> None:
    """Pull, validate and store the submission's annotations; report each project's progress."""
    with server_errors():
        client = connect(resolve_connection())
        pulled, progress = pull_submission(client, submission=submission)
    target = asset_file("annotations", submission)
    target.parent.mkdir(parents=True, exist_ok=True)
    pulled.annotations.write_parquet(target)
    pulled.rejected.write_parquet(target.with_name(f"{submission}.rejected.parquet"))
    for item in progress:
        typer.echo(f"project {item.project_id}: {item.finished}/{item.tasks} tasks complete")
    rows, rejected = pulled.annotations.height, pulled.rejected.height
    typer.echo(f"{rows} annotation rows, {rejected} rejected -> {target}")
