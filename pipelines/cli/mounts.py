"""Mount the sub-command groups (labelstudio, audit, ledger) and `verify` on the top-level app."""

from __future__ import annotations

import typer


def mount_subcommands(app: typer.Typer) -> None:
    """Add each sub-command group under its name."""
    from pipelines.cli.audit import app as audit_app
    from pipelines.cli.board import board
    from pipelines.cli.labelstudio import app as labelstudio_app
    from pipelines.cli.ledger import app as ledger_app
    from pipelines.cli.verify import verify

    app.command(name="verify")(verify)
    app.command(name="board")(board)

    app.add_typer(labelstudio_app, name="labelstudio", help="Manage the local Label Studio server.")
    app.add_typer(
        audit_app, name="audit", help="Push audit samples to Label Studio, pull annotations."
    )
    app.add_typer(ledger_app, name="ledger", help="List and explain award ledger entries.")
