"""What the terminal shows during `run` and `demo`: per-stage progress and the summary table
(`corpusgrade demo`'s story itself is `pipelines.cli.demo`).

Progress comes from the run's own Dagster events (`pipelines.runner.StepProgress`); the summary
is read back from the output folders (`pipelines.summary`), never computed here.
"""

from __future__ import annotations

import os
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipelines.defs.resources import AuditMode, Engine
from pipelines.runner import RunOutcome, StepProgress, run_submission
from pipelines.summary import COLUMNS, SummaryRow, read_summary

__all__ = ["labelstudio_epilogue", "print_summary", "run_with_progress", "summary_table"]


def run_with_progress(
    console: Console,
    folder: Path,
    *,
    out: Path,
    audit: AuditMode,
    engine: Engine = "local",
    rubric: Path | None = None,
    label: str | None = None,
) -> RunOutcome:
    """Run one submission with a progress bar: stages done, the last stage and its row count."""
    name = label or folder.name
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task(f"{name}: starting (audit: {audit})", total=None)

        def show(step: StepProgress) -> None:
            rows = f" ({step.rows:,} rows)" if step.rows is not None else ""
            bar.update(
                task,
                completed=step.done,
                total=step.total,
                description=f"{name}: {step.step} done{rows}",
            )

        outcome = run_submission(
            folder, out=out, audit=audit, engine=engine, rubric=rubric, on_progress=show
        )
        bar.update(task, description=f"{name}: {'done' if outcome.success else 'failed'}")
    return outcome


def summary_table(rows: list[SummaryRow], *, title: str) -> Table:
    """The summary rows as a rich table."""
    table = Table(title=title, show_lines=False)
    for column in COLUMNS:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row.cells())
    return table


def print_summary(console: Console, outs: list[Path]) -> list[SummaryRow]:
    """Print the summary of each output folder (score, tier, award, failed gates, report)."""
    rows = [read_summary(out) for out in outs]
    Console(width=max(console.width, 160)).print(summary_table(rows, title="corpusgrade"))
    for row in rows:
        if row.explanation():
            console.print(f"{row.submission}: {row.explanation()}", markup=False)
    return rows


def labelstudio_epilogue(console: Console, *, audit: AuditMode, keep: bool) -> None:
    """Stop the managed Label Studio the demo started, or say where it runs and how to stop it."""
    if audit == "none" or os.environ.get("CORPUSGRADE_LS_URL"):
        return
    from pipelines.labelstudio.paths import ServerPaths, labelstudio_home
    from pipelines.labelstudio.server import down, login_hint
    from pipelines.labelstudio.state import load_state

    paths = ServerPaths(labelstudio_home())
    state = load_state(paths.state_file)
    if state is None:
        return
    if keep:
        console.print(login_hint(state))
        return
    down(paths)
    console.print(
        "Label Studio stopped (use --keep-labelstudio to keep it; "
        "`corpusgrade labelstudio up` starts it again)"
    )
