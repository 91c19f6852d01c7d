"""Grading measurements the grader defines and the stage summaries do not carry.

Completeness of the type's required fields (Q.completeness), G8's suspected generated records,
G4's independent PII check on the audit sample's unmasked text, and M.uplift's evaluation file:
each is read from the record table, the audit sample or the submission folder and written into
the `Measurements` the pipeline built, so the pipeline wires it with one call.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from graders.collect import complete_records
from graders.generated import generated_suspects
from graders.model_evidence import check_model_evidence
from quality.audit.pii_check import DETECTOR, MAX_IDS, independent_pii_check
from schemas.measurements import Measurements, PiiCheck

__all__ = ["masked_pairs", "pii_check", "supplement_measurements"]


def masked_pairs(records: pl.DataFrame) -> list[tuple[str, str]]:
    """(unmasked, masked) column pairs of the record table, e.g. ("content", "content_masked")."""
    return [
        (name.removesuffix("_masked"), name)
        for name in records.columns
        if name.endswith("_masked") and name.removesuffix("_masked") in records.columns
    ]


def pii_check(records: pl.DataFrame, sample: pl.DataFrame) -> PiiCheck:
    """G4's independent check over the records the audit sample drew."""
    ids = sample["record_id"].drop_nulls().unique().to_list() if "record_id" in sample else []
    result = independent_pii_check(records, record_ids=ids, columns=masked_pairs(records))
    return PiiCheck(
        detector=DETECTOR,
        checked=result.checked,
        found=result.found,
        residual=len(result.residual_ids),
        sample_ids=list(result.residual_ids[:MAX_IDS]),
    )


def supplement_measurements(
    built: Measurements, *, records: pl.DataFrame, sample: pl.DataFrame, folder: Path
) -> Measurements:
    """`built` with completeness, suspected generated records, the PII check and the model
    application evidence filled in from the final record table, audit sample and folder.

    Example::

        model = supplement_measurements(model, records=deduped, sample=audit_sample, folder=folder)
    """
    ingest = built.ingest.model_copy(
        update={
            "records_complete": complete_records(records, built.manifest.dataset_type),
            "generated_unflagged_suspected": len(generated_suspects(records)),
        }
    )
    return built.model_copy(
        update={
            "ingest": ingest,
            "pii_check": pii_check(records, sample),
            "model_application": check_model_evidence(folder, built.manifest.model_application),
        }
    )
