"""`corpusgrade audit push|pull|review SUBMISSION`: the human audit by hand, outside Dagster.

`push` reads the submission's `audit_sample` asset file; `pull` writes the `annotations` asset
file (and `rejected` beside it) that the Dagster `annotations` asset would write, reviewers'
answers included (role `reviewer`); `review` pushes the items still uncertain to the
submission's review projects.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from pipelines.cli.errors import one_line
from pipelines.storage import asset_table
from schemas.errors import CorpusgradeError

# The Label Studio SDK and polars are imported inside the commands: importing the SDK alone
# takes seconds, and `corpusgrade --help` must not pay for it.

app = typer.Typer(no_args_is_help=True)


@contextmanager
def server_errors() -> Iterator[None]:
    """Turn a missing, unreachable or failing server into one line and exit code 2."""
    from pipelines.labelstudio.client import LabelStudioNotConfigured, LabelStudioUnavailable
    from pipelines.labelstudio.pull import ExportFailed

    server_faults: tuple[type[CorpusgradeError], ...] = (
        LabelStudioNotConfigured,
        LabelStudioUnavailable,
        ExportFailed,
    )
    try:
        yield
    except server_faults as error:
        typer.echo(f"error: {one_line(error)}", err=True)
        raise typer.Exit(code=2) from error


@app.command()
def push(submission: str) -> None:
    """Push the submission's audit sample: one project per audit task, only missing tasks."""
    import polars as pl

    from pipelines.labelstudio.client import connect, resolve_connection
    from pipelines.labelstudio.push import push_audit_sample

    path = asset_table("audit_sample", submission)
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


def sample_for_ids(submission: str) -> Path:
    """The audit sample's file, needed to map pulled record ids back; exit 2 when missing."""
    sample_path = asset_table("audit_sample", submission)
    if not sample_path.exists():
        typer.echo(
            f"error: no audit sample for {submission}: {sample_path} is missing, so pulled record "
            "ids cannot be mapped back to the submission's (run the pipeline, then push)",
            err=True,
        )
        raise typer.Exit(code=2)
    return sample_path


@app.command()
def pull(submission: str) -> None:
    """Pull, validate and store the submission's annotations; report each project's progress.

    Tasks carry surrogate record ids where an id holds PII; the stored annotations carry the
    owner's ids again (mapped through the audit sample with the workspace's record-id key).
    """
    import polars as pl

    from pipelines.labelstudio.client import connect, resolve_connection
    from pipelines.labelstudio.review import pull_with_reviews
    from pipelines.labelstudio.tasks import restore_record_ids

    with server_errors():
        client = connect(resolve_connection())
        pulled, progress = pull_with_reviews(client, submission=submission)
    sample = pl.read_parquet(sample_for_ids(submission), columns=["record_id"])
    target = asset_table("annotations", submission)
    target.parent.mkdir(parents=True, exist_ok=True)
    restore_record_ids(pulled.annotations, sample).write_parquet(target)
    restored = restore_record_ids(pulled.rejected, sample)
    restored.write_parquet(target.with_name(f"{submission}.rejected.parquet"))
    for item in progress:
        typer.echo(f"project {item.project_id}: {item.finished}/{item.tasks} tasks complete")
    rows, rejected = pulled.annotations.height, pulled.rejected.height
    typer.echo(f"{rows} annotation rows, {rejected} rejected -> {target}")


@app.command()
def review(submission: str) -> None:
    """Queue the items still uncertain after truth inference for a reviewer in Label Studio.

    Pulls the current annotations, computes the review queue and pushes the queued items not yet
    queued to the submission's review projects (one per audit task); `audit pull` then reads the
    reviewers' answers as final verdicts.
    """
    import polars as pl

    from pipelines.labelstudio.client import connect, resolve_connection
    from pipelines.labelstudio.review import pull_with_reviews, push_review
    from pipelines.labelstudio.tasks import restore_record_ids

    sample = pl.read_parquet(sample_for_ids(submission))
    with server_errors():
        connection = resolve_connection()
        client = connect(connection)
        pulled, _ = pull_with_reviews(client, submission=submission)
        annotations = restore_record_ids(pulled.annotations, sample)
        results = push_review(client, annotations, sample, submission=submission)
    if not results:
        typer.echo(f"{submission}: no item needs review")
    for result in results:
        url = f"{connection.url.rstrip('/')}/projects/{result.project_id}/"
        typer.echo(
            f"{result.title}: {result.tasks_total} items queued, {result.tasks_created} sent now "
            f"-> {url}"
        )
