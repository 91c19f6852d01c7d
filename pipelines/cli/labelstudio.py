"""`corpusgrade labelstudio install|up|down|status`: the project's own local Label Studio."""

from __future__ import annotations

import typer

from pipelines.labelstudio.install import install_server
from pipelines.labelstudio.paths import ServerPaths, labelstudio_home
from pipelines.labelstudio.server import down as stop_server
from pipelines.labelstudio.server import status as server_status
from pipelines.labelstudio.server import up as start_server

app = typer.Typer(no_args_is_help=True)


def _paths() -> ServerPaths:
    """The server home from the environment (see docs/labelstudio.md)."""
    return ServerPaths(labelstudio_home())


@app.command()
def install() -> None:
    """Build the server's own venv from the hashed lock (idempotent; ~35 s the first time)."""
    executable = install_server(_paths())
    typer.echo(f"Label Studio installed: {executable}")


@app.command()
def up() -> None:
    """Start the server on a free localhost port (reuses a running one); print its URL."""
    paths = _paths()
    state = start_server(paths)
    typer.echo(f"Label Studio is up at {state.url} (state: {paths.state_file})")


@app.command()
def down() -> None:
    """Stop the recorded server."""
    stopped = stop_server(_paths())
    typer.echo("Label Studio stopped" if stopped else "no Label Studio server was recorded")


@app.command()
def status() -> None:
    """Say whether the recorded server answers /health; exit 1 when it does not."""
    report = server_status(_paths())
    if not report.running:
        where = f" (recorded at {report.url})" if report.url else ""
        typer.echo(f"Label Studio is not running{where}")
        raise typer.Exit(code=1)
    typer.echo(
        f"Label Studio is running at {report.url} (pid {report.pid}, data {report.data_dir})"
    )
