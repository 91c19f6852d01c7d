"""`corpusgrade labelstudio install|up|down|status`: the project's own local Label Studio.

The server modules are imported inside the commands so that `corpusgrade --help` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from pipelines.labelstudio.paths import ServerPaths

app = typer.Typer(no_args_is_help=True)

FIRST_BOOT_TIMEOUT = 900.0
"""Seconds `up` waits for /health by default (the same as `server.FIRST_BOOT_TIMEOUT`, kept
here so `--help` needs no server import)."""


def _paths() -> ServerPaths:
    """The server home from the environment (see docs/labelstudio.md)."""
    from pipelines.labelstudio.paths import ServerPaths, labelstudio_home

    return ServerPaths(labelstudio_home())


@app.command()
def install() -> None:
    """Build the server's own venv from the hashed lock (idempotent; ~35 s the first time)."""
    from pipelines.labelstudio.install import install_server

    executable = install_server(_paths())
    typer.echo(f"Label Studio installed: {executable}")


@app.command()
def up(
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            min=1.0,
            help="seconds to wait for the server to answer; a boot still running then is "
            "left running and the next `up` waits for it",
        ),
    ] = FIRST_BOOT_TIMEOUT,
) -> None:
    """Start the server on a free localhost port (reuses a running one); print its URL."""
    from pipelines.labelstudio.server import login_hint
    from pipelines.labelstudio.server import up as start_server

    state = start_server(_paths(), timeout=timeout)
    typer.echo(login_hint(state))


@app.command()
def down() -> None:
    """Stop the recorded server."""
    from pipelines.labelstudio.server import down as stop_server

    stopped = stop_server(_paths())
    typer.echo("Label Studio stopped" if stopped else "no Label Studio server was recorded")


@app.command()
def status() -> None:
    """Say whether the recorded server answers /health; exit 1 when it does not."""
    from pipelines.labelstudio.server import status as server_status

    report = server_status(_paths())
    if not report.running:
        where = f" (recorded at {report.url})" if report.url else ""
        typer.echo(f"Label Studio is not running{where}")
        raise typer.Exit(code=1)
    typer.echo(
        f"Label Studio is running at {report.url} (pid {report.pid}, data {report.data_dir})"
    )
