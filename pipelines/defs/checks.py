"""Asset checks on `typed_records`: the submission's Great Expectations suite, per partition.

Two checks share one suite per dataset type: the gates (schema, record ids, broken records;
blocking, because each is a rubric gate) and the quality rates (warn only). Each check loads its
own partition only (`partitions_def=submission_partitions`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dagster as dg
import polars as pl

from pipelines.defs.partitions import submission_partitions
from quality.expectations import ExpectationOutcome, run_suite, summarize_expectations

CHECKED_ASSET = "typed_records"


def build_expectation_checks(
    *, asset: str = CHECKED_ASSET, thresholds: Mapping[str, float] | None = None
) -> list[dg.AssetChecksDefinition]:
    """The gate check (blocking) and the rate check (warning) on `asset`."""
    return [
        _build_check(asset=asset, gate=True, thresholds=thresholds),
        _build_check(asset=asset, gate=False, thresholds=thresholds),
    ]


def _build_check(
    *, asset: str, gate: bool, thresholds: Mapping[str, float] | None
) -> dg.AssetChecksDefinition:
    kind = "gates" if gate else "rates"

    @dg.asset_check(
        asset=asset,
        name=f"gx_{kind}",
        description=f"Great Expectations {kind} of the submission's dataset type.",
        blocking=gate,
        partitions_def=submission_partitions,
        additional_ins={"manifest": dg.AssetIn("manifest")},
    )
    def _check(typed_records: pl.DataFrame, manifest: dict[str, Any]) -> dg.AssetCheckResult:
        dataset_type = str(manifest["manifest"]["dataset_type"])
        outcomes = run_suite(typed_records, dataset_type=dataset_type, thresholds=thresholds)
        return check_result([o for o in outcomes if o.gate == gate], gate=gate)

    return _check


def check_result(outcomes: list[ExpectationOutcome], *, gate: bool) -> dg.AssetCheckResult:
    """Passed when every outcome succeeded; metadata holds the report's summary of them."""
    summary = summarize_expectations(outcomes)
    failed = summary["failed"]
    return dg.AssetCheckResult(
        passed=not failed,
        severity=dg.AssetCheckSeverity.ERROR if gate else dg.AssetCheckSeverity.WARN,
        metadata={
            "evaluated": summary["evaluated"],
            "failed": ", ".join(failed) or "none",
            "results": dg.MetadataValue.json(summary["results"]),
        },
    )


expectation_checks = build_expectation_checks()
