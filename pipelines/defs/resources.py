"""Run settings shared by the assets: which audit path and which engine a run takes."""

from __future__ import annotations

from typing import Literal

import dagster as dg

AuditMode = Literal["none", "simulated", "labelstudio"]
Engine = Literal["local", "ray"]


class RunSettings(dg.ConfigurableResource):
    """Per-run choices; the CLI sets them from its options, the UI from the launchpad."""

    audit: AuditMode = "none"
    engine: Engine = "local"
    rubric_path: str = ""
