"""The Dagster code location: `dagster dev -w workspace.yaml` loads `defs` from here."""

from __future__ import annotations

import os

import dagster as dg

from pipelines.defs import audit, curated, dedup, grade, ingest, report, signals
from pipelines.defs.checks import build_expectation_checks
from pipelines.defs.io import SubmissionIOManager
from pipelines.defs.signal_checks import signal_checks
from pipelines.defs.resources import AuditMode, Engine, RunSettings
from pipelines.defs.sensors import build_inbox_sensor

ASSET_MODULES = [ingest, signals, dedup, curated, audit, grade, report]


def build_definitions(
    *, audit: AuditMode = "none", engine: Engine = "local", rubric_path: str = ""
) -> dg.Definitions:
    """All assets, checks, the inbox sensor and the resources, with the given run settings."""
    assets = dg.load_assets_from_modules(ASSET_MODULES)
    all_job = dg.define_asset_job("grade_submission", selection=dg.AssetSelection.all())
    return dg.Definitions(
        assets=assets,
        asset_checks=[*build_expectation_checks(), *signal_checks()],
        jobs=[all_job],
        sensors=[build_inbox_sensor(all_job), *audit_sensors()],
        resources={
            "io_manager": SubmissionIOManager(),
            "settings": RunSettings(audit=audit, engine=engine, rubric_path=rubric_path),
            **audit_resources(),
        },
    )


def audit_sensors() -> list[dg.SensorDefinition]:
    """The Label Studio polling sensor (pulls annotations when a project reaches its target)."""
    return [audit.annotations_sensor]


def audit_resources() -> dict[str, object]:
    """The Label Studio resource (URL and token from the state file or the environment)."""
    return {"labelstudio": audit.LabelStudioResource()}


defs = build_definitions(
    audit=os.environ.get("CORPUSGRADE_AUDIT", "none"),  # type: ignore[arg-type]
    engine=os.environ.get("CORPUSGRADE_ENGINE", "local"),  # type: ignore[arg-type]
)
