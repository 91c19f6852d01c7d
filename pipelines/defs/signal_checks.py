"""Asset checks on `signals`: language purity against the declaration, and residual PII.

Both run on the submission's own partition. Residual PII is blocking: records that still carry
personal information after masking must not reach annotators (rubric gate G4).
"""

from typing import Any

import dagster as dg
import polars as pl

from pipelines.defs.partitions import submission_partitions
from quality.pii import residual_pii

MIN_PURITY = 0.9
"""Share of records whose detected language is a declared one, below which the check warns."""

MAX_RESIDUAL_SHARE = 0.001
"""Rubric G4: residual PII after masking in at most 0.1% of records."""


@dg.asset_check(
    asset="signals",
    partitions_def=submission_partitions,
    description="Share of records in a declared language (warns below 90%).",
)
def language_purity(signals: pl.DataFrame) -> dg.AssetCheckResult:
    """Passes when at least 90% of records are in a language the manifest declares."""
    n = signals.height
    matching = int(signals["lang_matches_declared"].fill_null(False).sum()) if n else 0
    purity = matching / n if n else 1.0
    top = signals.group_by("lang").len().sort("len", descending=True).head(5)
    return dg.AssetCheckResult(
        passed=purity >= MIN_PURITY,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "purity": round(purity, 6),
            "records": n,
            "top_languages": {str(lang): int(c) for lang, c in top.iter_rows()},
        },
    )


@dg.asset_check(
    asset="signals",
    partitions_def=submission_partitions,
    blocking=True,
    description="Records still carrying personal information after masking (gate G4).",
)
def residual_personal_information(signals: pl.DataFrame) -> dg.AssetCheckResult:
    """Fails when more than 0.1% of records still hold detectable PII in their masked text."""
    columns = [c.removesuffix("_masked") for c in signals.columns if c.endswith("_masked")]
    residual = residual_pii(signals, columns=columns)
    share = residual / signals.height if signals.height else 0.0
    return dg.AssetCheckResult(
        passed=share <= MAX_RESIDUAL_SHARE,
        metadata={"residual_records": residual, "share": round(share, 6)},
    )


def signal_checks() -> list[Any]:
    """The checks of this module, for the definitions."""
    return [language_purity, residual_personal_information]
