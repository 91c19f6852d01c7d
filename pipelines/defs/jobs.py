"""The one job: materialise every asset of a submission's partition, in graph order."""

import dagster as dg

grade_submission_job = dg.define_asset_job(
    "grade_submission",
    selection=dg.AssetSelection.all(),
    description="Ingest, signals, dedup, audit, grade and report one submission.",
    # One process for the whole run, as `corpusgrade run` does: the default multiprocess executor
    # started one subprocess per step, each importing everything again (32.5 min against 4 s).
    executor_def=dg.in_process_executor,
)
