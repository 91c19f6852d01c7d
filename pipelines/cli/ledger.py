"""`corpusgrade ledger`: list, explain and verify the award ledger's entries.

A typer sub-app; the main CLI mounts it with `app.add_typer(ledger_app, name="ledger")`. It only
reads the ledger: entries are appended by the pipeline's `ledger_entry` asset.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from pipelines.home import registry_path

if TYPE_CHECKING:
    from graders.ledger import Ledger

# graders.ledger (DuckDB, polars, the rubric) is imported inside the commands and `_ledger`:
# `corpusgrade --help` must not pay for it.

__all__ = ["app"]

app = typer.Typer(
    name="ledger", help="List and explain award ledger entries.", no_args_is_help=True
)

PathOption = Annotated[
    Path | None, typer.Option("--path", help="ledger DuckDB file (default: the workspace registry)")
]
LangOption = Annotated[str, typer.Option("--lang", help="zh or en")]


def _ledger(path: Path | None) -> Ledger:
    from graders.ledger import Ledger

    return Ledger(path or registry_path())


def _fail(exc: Exception) -> typer.Exit:
    Console(stderr=True).print(f"[red]{exc}[/red]")
    return typer.Exit(code=1)


@app.command("list")
def list_entries(path: PathOption = None) -> None:
    """Show every entry in order: submission, owner, tier, entitlement, payment, decision."""
    from graders.ledger import LedgerTamperedError

    try:
        entries = _ledger(path).entries()
    except LedgerTamperedError as exc:
        raise _fail(exc) from exc
    table = Table(title="award ledger")
    for column in ("#", "recorded", "submission", "owner", "tier", "entitled", "paid", "decision"):
        table.add_column(column)
    for e in entries:
        table.add_row(
            str(e.entry_no),
            e.recorded_at,
            e.submission_id,
            e.owner,
            e.tier or "-",
            f"{e.entitled_yuan:,.0f}",
            f"{e.award_yuan:,.0f}",
            e.decision,
        )
    Console(width=160).print(table)


@app.command("explain")
def explain_entry(entry_no: int, path: PathOption = None, lang: LangOption = "en") -> None:
    """Explain one entry in plain words (Chinese with --lang zh)."""
    from graders.ledger import LedgerTamperedError

    ledger = _ledger(path)
    try:
        entries = {entry.entry_no: entry for entry in ledger.entries()}
    except LedgerTamperedError as exc:
        raise _fail(exc) from exc
    if entry_no not in entries:
        raise _fail(KeyError(f"no ledger entry {entry_no}"))
    text = ledger.explain(entries[entry_no])
    typer.echo(text.zh if lang == "zh" else text.en)


@app.command("verify")
def verify(path: PathOption = None) -> None:
    """Check the hash chain; exit 1 if an entry was edited or removed outside the ledger."""
    from graders.ledger import LedgerTamperedError

    ledger = _ledger(path)
    try:
        entries = ledger.verify()
    except LedgerTamperedError as exc:
        raise _fail(exc) from exc
    typer.echo(f"ledger intact: {len(entries)} entries, head {ledger.head()}")
