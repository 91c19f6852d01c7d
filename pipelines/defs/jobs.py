"""The one job: materialise every asset of a submission's partition, in graph order."""

import dagster as dg

grade_submission_job = dg.define_asset_job(
    "grade_submission",
    selection=dg.AssetSelection.all(),
    description="Ingest, signals, dedup, audit, grade and report one submission.",
)
