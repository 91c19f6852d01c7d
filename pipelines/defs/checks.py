"""Asset `expectations` and its checks: the Great Expectations suite, once per submission.

The suite of the submission's dataset type runs once, on `typed_records`; the stored result is
the report's `expectations` section and what `measurements` counts. Two checks read that result
(they never re-run the suite): the gates (schema, record ids, broken records; blocking, because
each is a rubric gate) and the quality rates (warn only). Each loads its own partition only.
"""

from __future__ import annotations

import dagster as dg
import polars as pl

from pipelines.defs.partitions import submission_partitions
from quality.expectations import run_suite, suite_columns, summarize_expectations
from schemas.assets import ExpectationsSummary, SubmissionManifest

CHECKED_ASSET = "expectations"


@dg.asset(partitions_def=submission_partitions, group_name="signals")
def expectations(manifest: SubmissionManifest, typed_records: pl.LazyFrame) -> ExpectationsSummary:
    """The suite's outcomes (`quality.expectations.summarize_expectations`), run once.

    Only the columns the suite reads are loaded (ids, the type's columns, its flags).
    """
    kind = manifest.manifest.dataset_type
    columns = suite_columns(typed_records.collect_schema().names(), kind)
    outcomes = run_suite(typed_records.select(columns).collect(), dataset_type=kind)
    return ExpectationsSummary.model_validate(summarize_expectations(outcomes))


def build_expectation_checks() -> list[dg.AssetChecksDefinition]:
    """The gate check (blocking) and the rate check (warning) on the `expectations` asset."""
    return [_build_check(gate=True), _build_check(gate=False)]


def _build_check(*, gate: bool) -> dg.AssetChecksDefinition:
    kind = "gates" if gate else "rates"

    @dg.asset_check(
        asset=CHECKED_ASSET,
        name=f"gx_{kind}",
        description=f"Great Expectations {kind} of the submission's dataset type.",
        blocking=gate,
        partitions_def=submission_partitions,
    )
    def _check(expectations: ExpectationsSummary) -> dg.AssetCheckResult:
        return check_result(expectations, gate=gate)

    return _check


def check_result(summary: ExpectationsSummary, *, gate: bool) -> dg.AssetCheckResult:
    """Passed when every gate (or rate) outcome of the stored summary succeeded."""
    results = [r for r in summary.results if r.gate == gate]
    failed = sorted(r.name for r in results if not r.success)
    return dg.AssetCheckResult(
        passed=not failed,
        severity=dg.AssetCheckSeverity.ERROR if gate else dg.AssetCheckSeverity.WARN,
        metadata={
            "evaluated": len(results),
            "failed": ", ".join(failed) or "none",
            "results": dg.MetadataValue.json([r.stored() for r in results]),
        },
    )
