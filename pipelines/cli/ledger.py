"""`corpusgrade ledger`: list, explain, verify and export the award ledger.

A typer sub-app; the main CLI mounts it with `app.add_typer(ledger_app, name="ledger")`. It only
reads the ledger (entries are appended by the pipeline's `ledger_entry` asset) and never creates
a ledger file: a mistyped `--path` is an error naming the path.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from schemas.errors import CorpusgradeError

if TYPE_CHECKING:
    from graders.ledger import ChainHead
    from pipelines.ledger import Ledger

# The ledger modules (DuckDB, polars) are imported inside the commands: `corpusgrade --help`
# must not pay for them.

__all__ = ["app", "ledger_rows"]

app = typer.Typer(
    name="ledger",
    help="List, explain, verify and export award ledger entries.",
    no_args_is_help=True,
)

PathOption = Annotated[
    Path | None, typer.Option("--path", help="ledger DuckDB file (default: the workspace registry)")
]
LangOption = Annotated[str, typer.Option("--lang", help="zh or en")]
HeadOption = Annotated[
    str | None,
    typer.Option("--head", help="a chain head N:HASH kept elsewhere (a report, the minutes)"),
]
HeadFileOption = Annotated[
    Path | None, typer.Option("--head-file", help="a file holding a chain head N:HASH")
]
LIST_COLUMNS = (
    "#",
    "submission",
    "owner",
    "owner id",
    "tier",
    "novel/survivors",
    "entitled",
    "paid before",
    "paid",
    "decision",
)


def _ledger(path: Path | None) -> Ledger:
    """The ledger at --path (which must exist), else the workspace's."""
    from pipelines.ledger import Ledger
    from pipelines.workspace import Workspace

    return Ledger(path, create=False) if path is not None else Workspace.current().ledger()


@contextmanager
def _one_line_errors() -> Iterator[None]:
    """Print a user-fixable fault as one line on stderr and exit 1."""
    try:
        yield
    except CorpusgradeError as exc:
        Console(stderr=True, width=400).print(f"[red]{exc}[/red]", highlight=False)
        raise typer.Exit(code=1) from exc


def _head(head: str | None, head_file: Path | None) -> ChainHead | None:
    from graders.ledger import LedgerError, parse_head

    if head is not None:
        return parse_head(head)
    if head_file is not None:
        if not head_file.is_file():
            raise LedgerError(f"{head_file}: head file not found")
        return parse_head(
            head_file.read_text(encoding="utf-8").split("\n")[0], where=str(head_file)
        )
    return None


def ledger_rows(ledger: Ledger) -> list[tuple[str, ...]]:
    """The rows `ledger list` prints (verified), one tuple per entry."""
    return [
        (
            str(e.entry_no),
            e.submission_id,
            e.owner,
            e.owner_id,
            e.tier or "-",
            f"{e.novel_records}/{e.survivors}",
            f"{e.entitled_yuan:,.0f}",
            f"{e.previous_paid_yuan:,.0f}",
            f"{e.award_yuan:,.0f}",
            e.decision,
        )
        for e in ledger.entries()
    ]


@app.command("list")
def list_entries(path: PathOption = None) -> None:
    """Show every entry in order: submission, owner, tier, novelty, entitlement, payment."""
    with _one_line_errors():
        ledger = _ledger(path)
        rows = ledger_rows(ledger)
        head = ledger.head()
    table = Table(title=f"award ledger (head {head})")
    for column in LIST_COLUMNS:
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    Console(width=200).print(table)


@app.command("explain")
def explain(entry_no: int, path: PathOption = None, lang: LangOption = "en") -> None:
    """Explain one entry in plain words (Chinese with --lang zh)."""
    with _one_line_errors():
        from graders.ledger import explain_entry

        text = explain_entry(_ledger(path).entry(entry_no))
    typer.echo(text.zh if lang == "zh" else text.en)


@app.command("verify")
def verify(
    path: PathOption = None, head: HeadOption = None, head_file: HeadFileOption = None
) -> None:
    """Check the hash chain and the chain head; exit 1 on an edit, a cut tail or a rewrite."""
    with _one_line_errors():
        current = _ledger(path).verify(head=_head(head, head_file))
    typer.echo(f"ledger intact: {current.entries} entries, head {current}")


@app.command("export")
def export(
    out: Annotated[Path, typer.Argument(help="file to write: .csv or .json")],
    path: PathOption = None,
    head: HeadOption = None,
) -> None:
    """Write the verified ledger for the committee's minutes, with its head and SHA-256."""
    with _one_line_errors():
        ledger = _ledger(path)
        digest = ledger.export(out, head=_head(head, None))
        current = ledger.head()
    typer.echo(f"exported {current.entries} entries to {out} (sha256 {digest}, head {current})")
