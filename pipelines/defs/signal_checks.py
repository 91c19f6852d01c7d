"""Language purity on `signals`, and residual PII: counted once, checked, then measured.

Both run on the submission's own partition. The asset `residual_pii` counts the records whose
masked text still holds detectable PII, once; its blocking check (rubric gate G4) stops the run
before `typed_records`, so such records never reach annotators, and `measurements` reads the
same value for the grade. Both read only the columns they need of the stored `signals` table
(a scan); the masked texts a batch at a time.
"""

from typing import Any

import dagster as dg
import polars as pl

from pipelines.defs.partitions import submission_partitions
from pipelines.defs.resources import RunSettings
from pipelines.engines.stream import frame_batches
from quality.pii import residual_pii as count_residual_pii
from schemas.assets import ResidualPii

MIN_PURITY = 0.9
"""Share of records whose detected language is a declared one, below which the check warns."""

RESIDUAL_GATE = ("G4", "max_residual_share")
"""The rubric gate whose bound the residual-PII check applies (the rubric holds the number)."""


@dg.asset_check(
    asset="signals",
    partitions_def=submission_partitions,
    description="Share of records in a declared language (warns below 90%).",
)
def language_purity(signals: pl.LazyFrame) -> dg.AssetCheckResult:
    """Passes when at least 90% of records are in a language the manifest declares."""
    return purity_result(signals.select("lang", "lang_matches_declared").collect())


def purity_result(signals: pl.DataFrame) -> dg.AssetCheckResult:
    """The language purity check's result from the `lang` columns of every record."""
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


def count_residual(records: pl.LazyFrame, *, batch_rows: int) -> ResidualPii:
    """Records whose `<column>_masked` text still holds PII the detector finds (the masked
    columns only, `batch_rows` records at a time)."""
    masked = [c for c in records.collect_schema().names() if c.endswith("_masked")]
    columns = [c.removesuffix("_masked") for c in masked]
    height: int = records.select(pl.len()).collect().item()
    batches = frame_batches(records.select(masked), batch_rows) if masked else iter(())
    residual = sum(count_residual_pii(batch, columns=columns) for batch in batches)
    share = residual / height if height else 0.0
    return ResidualPii(records=height, residual_records=residual, share=round(share, 6))


@dg.asset(partitions_def=submission_partitions, group_name="signals")
def residual_pii(settings: RunSettings, signals: pl.LazyFrame) -> ResidualPii:
    """Records still carrying personal information after masking, counted once."""
    return count_residual(signals, batch_rows=settings.batch_rows)


@dg.asset_check(
    asset="residual_pii",
    partitions_def=submission_partitions,
    blocking=True,
    description="Records still carrying personal information after masking (gate G4).",
)
def residual_personal_information(
    settings: RunSettings, residual_pii: ResidualPii
) -> dg.AssetCheckResult:
    """Fails when more records than the run's rubric allows (G4) still hold detectable PII."""
    bound = settings.loaded_rubric().rubric.gate_param(*RESIDUAL_GATE)
    return residual_check_result(residual_pii, max_share=bound)


def residual_check_result(value: ResidualPii, *, max_share: float) -> dg.AssetCheckResult:
    """Passed when at most `max_share` of the records hold residual PII."""
    share = value.residual_records / value.records if value.records else 0.0
    return dg.AssetCheckResult(
        passed=share <= max_share,
        metadata={
            "residual_records": value.residual_records,
            "share": value.share,
            "max_share": max_share,
        },
    )


def signal_checks() -> list[Any]:
    """The checks of this module, for the definitions."""
    return [language_purity, residual_personal_information]
