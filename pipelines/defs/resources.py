"""Resources shared by the assets: the run's settings and the workspace they write into."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import dagster as dg

if TYPE_CHECKING:  # the CLI imports this module; DuckDB and the graders load on first use
    from graders.rubric import LoadedRubric
    from pipelines.workspace import Workspace

AuditMode = Literal["none", "simulated", "labelstudio"]
Engine = Literal["local", "ray"]


class RunSettings(dg.ConfigurableResource):
    """Per-run choices; the CLI sets them from its options, the UI from the launchpad."""

    audit: AuditMode = "none"
    engine: Engine = "local"
    rubric_path: str = ""
    batch_rows: int = 5_000
    """Rows per batch of the chain assets' streamed steps (memory, not results, depends on it):
    a signals worker holds ~80 KB per record of its batch."""

    def loaded_rubric(self) -> LoadedRubric:
        """The rubric this run grades with: `rubric_path`, else the shipped default."""
        from pathlib import Path

        from graders.rubric import load_rubric

        return load_rubric(Path(self.rubric_path) if self.rubric_path else None)


class WorkspaceResource(dg.ConfigurableResource):
    """The workspace the assets read and write (`pipelines.workspace.Workspace`).

    `home` empty means CORPUSGRADE_HOME as it is when a step runs, so the module-level `defs`
    follow the environment; tests and `verify` may name a folder instead.
    """

    home: str = ""

    def get(self) -> Workspace:
        """The workspace at `home` (or CORPUSGRADE_HOME)."""
        from pipelines.workspace import Workspace

        return Workspace.at(self.home)
