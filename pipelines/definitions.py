"""The Dagster code location: `dagster dev -w workspace.yaml` loads `defs` from here."""

from __future__ import annotations

import os

import dagster as dg

from pipelines.defs import audit as audit_defs
from pipelines.defs import checks, curated, dedup, grade, ingest, report, signal_checks, signals
from pipelines.defs.checks import build_expectation_checks
from pipelines.defs.io import SubmissionIOManager
from pipelines.defs.jobs import grade_submission_job
from pipelines.defs.resources import AuditMode, Engine, RunSettings, WorkspaceResource
from pipelines.defs.sensors import inbox_sensor
from pipelines.defs.signal_checks import signal_checks as signal_asset_checks
from pipelines.workspace import Workspace

ASSET_MODULES = [ingest, signals, signal_checks, checks, dedup, curated, audit_defs, grade, report]


def build_definitions(
    *,
    audit: AuditMode = "none",
    engine: Engine = "local",
    rubric_path: str = "",
    home: str = "",
) -> dg.Definitions:
    """All assets, checks, the inbox sensor and the resources, with the given run settings.

    `home` names the workspace folder the assets use (empty: CORPUSGRADE_HOME at run time).
    """
    assets = dg.load_assets_from_modules(ASSET_MODULES)
    return dg.Definitions(
        assets=assets,
        asset_checks=[*build_expectation_checks(), *signal_asset_checks()],
        jobs=[grade_submission_job],
        sensors=[inbox_sensor, *audit_sensors()],
        resources={
            "io_manager": SubmissionIOManager(
                base_dir=str(Workspace.at(home).assets_root) if home else ""
            ),
            "settings": RunSettings(audit=audit, engine=engine, rubric_path=rubric_path),
            "workspace": WorkspaceResource(home=home),
            **audit_resources(),
        },
    )


def audit_sensors() -> list[dg.SensorDefinition]:
    """The Label Studio polling sensor (pulls annotations when a project reaches its target)."""
    return [audit_defs.annotations_sensor]


def audit_resources() -> dict[str, object]:
    """The Label Studio resource (URL and token from the state file or the environment)."""
    return {"labelstudio": audit_defs.LabelStudioResource()}


defs = build_definitions(
    audit=os.environ.get("CORPUSGRADE_AUDIT", "none"),  # type: ignore[arg-type]
    engine=os.environ.get("CORPUSGRADE_ENGINE", "local"),  # type: ignore[arg-type]
)
