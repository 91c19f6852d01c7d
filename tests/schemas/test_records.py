"""Record and quarantine table contracts have fixed dtypes, matching docs/design.md."""

from __future__ import annotations

import polars as pl
import pytest
from pydantic import ValidationError

from schemas.records import (
    DATASET_TYPES,
    ENTITY_DTYPE,
    QUARANTINE_SCHEMA,
    NerRecord,
    record_schema,
)


@pytest.mark.parametrize("dataset_type", DATASET_TYPES)
def test_every_type_starts_with_the_base_columns(dataset_type: str) -> None:
    schema = record_schema(dataset_type)  # type: ignore[arg-type]
    assert schema.names()[:5] == [
        "record_id",
        "source_file",
        "source_line",
        "source_details",
        "generated",
    ]
    assert schema["source_line"] == pl.Int64


def test_ner_columns_and_quarantine_columns() -> None:
    assert record_schema("ner")["entities"] == ENTITY_DTYPE
    assert record_schema("ner")["tokens"] == pl.List(pl.String)
    names = ["source_file", "source_line", "field", "reason", "detail", "raw"]
    assert QUARANTINE_SCHEMA.names() == names


def test_record_model_rejects_bad_spans() -> None:
    with pytest.raises(ValidationError):
        NerRecord.model_validate(
            {
                "record_id": "r",
                "source_file": "f",
                "source_line": 1,
                "text": "x",
                "entities": [{"start": -1, "end": 1, "label": "PER"}],
            }
        )
