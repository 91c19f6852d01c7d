"""`corpusgrade demo`: write the story's submissions, run each with progress, print the table.

The table (terminal and `OUT/summary.md`) is read back from the output folders
(`pipelines.summary`), never computed here.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from pipelines.cli.progress import labelstudio_epilogue, run_with_progress, summary_table
from pipelines.defs.resources import AuditMode
from pipelines.demo.story import StorySizes, StoryStep
from pipelines.summary import SummaryRow, markdown_table, read_summary

__all__ = ["run_story"]


def _write_summary(
    console: Console, out: Path, steps: list[StoryStep], rows: list[SummaryRow]
) -> None:
    """Print the summary table and write the same table to `out/summary.md`."""
    notes = ["What each step is meant to show:", *(f"- {s.name}: {s.expect}" for s in steps)]
    (out / "summary.md").write_text(markdown_table(rows, notes=notes), encoding="utf-8")
    Console(width=max(console.width, 160)).print(summary_table(rows, title="corpusgrade demo"))
    for row in rows:
        if row.explanation():
            console.print(f"{row.submission}: {row.explanation()}", markup=False)
    console.print(f"summary written to {out / 'summary.md'}")


def run_story(
    console: Console,
    out: Path,
    *,
    audit: AuditMode,
    generate_only: bool,
    keep_labelstudio: bool,
    sizes: StorySizes | None = None,
    rubric: Path | None = None,
) -> list[str]:
    """Write and run the demo story; print and write the summary; return failed submissions.

    `sizes` and `rubric` let tests run the same story smaller (default: the demo's sizes and
    the default rubric).
    """
    from pipelines.demo import DEMO_SEED
    from pipelines.demo.story import write_story

    steps = write_story(out / "submissions", seed=DEMO_SEED, sizes=sizes)
    for step in steps:
        console.print(f"wrote {step.name}: {step.folder} — {step.expect}")
    if generate_only:
        return []
    failed, outs = [], []
    for step in steps:
        result = out / "results" / step.folder.name
        outcome = run_with_progress(
            console, step.folder, out=result, audit=audit, rubric=rubric, label=step.name
        )
        for failure in outcome.failures:
            console.print(failure)
        if outcome.success:
            outs.append(result)
        else:
            failed.append(outcome.submission_id)
    _write_summary(console, out, steps, [read_summary(result) for result in outs])
    labelstudio_epilogue(console, audit=audit, keep=keep_labelstudio)
    return failed
