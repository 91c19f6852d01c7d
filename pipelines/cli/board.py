"""`corpusgrade board --out DIR`: the committee page (HTML + CSV) over the ledger and reports.

Reads the ledger through `graders.ledger.Ledger.entries()` and each submission's
`outputs/<id>/report.json`; copies each found report.html next to the page so its links work
offline. Budgets are set by the operator per year (`--budget 2026=5000000`). Without `--out`
the page goes to `CORPUSGRADE_HOME/board/`, where the Dagster UI's report asset links to it.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

import typer

from schemas.errors import CorpusgradeError

__all__ = ["BOARD_FOLDER", "BudgetError", "board", "parse_budgets"]

BOARD_FOLDER = "board"
"""The board's default folder under CORPUSGRADE_HOME; the Dagster report asset links to it."""


class BudgetError(CorpusgradeError, ValueError):
    """A `--budget` value that is not `YEAR=YUAN`."""


def parse_budgets(values: list[str]) -> dict[str, Decimal]:
    """`["2026=5000000"]` → `{"2026": Decimal("5000000")}`; a clear error for anything else."""
    budgets: dict[str, Decimal] = {}
    for value in values:
        year, _, amount = value.partition("=")
        try:
            parsed = Decimal(amount)
        except InvalidOperation:
            parsed = Decimal("NaN")
        if not (year.isdigit() and len(year) == 4) or not parsed.is_finite() or parsed < 0:
            message = f"--budget {value!r}: expected YEAR=YUAN, e.g. --budget 2026=5000000"
            raise BudgetError(message)
        budgets[year] = parsed
    return budgets


def _reports(outputs: Path, ids: set[str]) -> dict[str, dict[str, Any]]:
    """report.json of each submission that has one under `outputs/<id>/`."""
    found = {}
    for sid in sorted(ids):
        path = outputs / sid / "report.json"
        if path.is_file():
            found[sid] = json.loads(path.read_text(encoding="utf-8"))
    return found


def board(
    out: Annotated[
        Path | None,
        typer.Option("--out", help="folder for board.html and board.csv [default: HOME/board]"),
    ] = None,
    budget: Annotated[
        list[str] | None, typer.Option(help="a year's budget in yuan, YEAR=YUAN (repeatable)")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="last meeting's date (YYYY-MM-DD): rows changed since")
    ] = None,
) -> None:
    """Write the committee board: every graded submission, awards, totals against the budget."""
    from graders.report.board import board_csv, board_html, board_rows, board_totals
    from pipelines.workspace import Workspace

    budgets = parse_budgets(budget or [])
    workspace = Workspace.current()
    out = out if out is not None else workspace.home / BOARD_FOLDER
    entries = workspace.ledger().entries()
    outputs = workspace.home / "outputs"
    reports = _reports(outputs, {e.submission_id for e in entries})
    rows = board_rows(entries, reports, since=since)
    totals = board_totals(rows, budgets=budgets)
    out.mkdir(parents=True, exist_ok=True)
    for sid in reports:
        html = outputs / sid / "report.html"
        if html.is_file():
            (out / sid).mkdir(exist_ok=True)
            shutil.copyfile(html, out / sid / "report.html")
    (out / "board.html").write_text(board_html(rows, totals, since=since), encoding="utf-8")
    (out / "board.csv").write_text(board_csv(rows), encoding="utf-8")
    typer.echo(f"{out / 'board.html'}: {len(rows)} submissions")
