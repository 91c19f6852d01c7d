"""One record model per dataset type, and the canonical record and quarantine columns.

These are the contracts of `docs/design.md`: the record table ingest writes (`raw_records`) and
the quarantine table, with fixed Polars dtypes so an empty table has the same schema as a full one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "BASE_COLUMNS",
    "DATASET_TYPES",
    "ENTITY_DTYPE",
    "FIELD_RULES",
    "FORMAT_TYPES",
    "QUARANTINE_REASONS",
    "QUARANTINE_SCHEMA",
    "RECORD_MODELS",
    "TEXT_COLUMNS",
    "TYPE_COLUMNS",
    "ClassificationRecord",
    "DatasetType",
    "Entity",
    "FieldRule",
    "InstructionRecord",
    "NerRecord",
    "ParallelRecord",
    "TextRecord",
    "record_schema",
]

DatasetType = Literal["text_corpus", "parallel_corpus", "instruction", "classification", "ner"]
DATASET_TYPES: tuple[DatasetType, ...] = (
    "text_corpus",
    "parallel_corpus",
    "instruction",
    "classification",
    "ner",
)

ENTITY_DTYPE = pl.List(pl.Struct({"start": pl.Int64, "end": pl.Int64, "label": pl.String}))

BASE_COLUMNS: dict[str, pl.DataType] = {
    "record_id": pl.String(),
    "source_file": pl.String(),
    "source_line": pl.Int64(),
    "source_details": pl.String(),
    "generated": pl.Boolean(),
}

TYPE_COLUMNS: dict[str, dict[str, pl.DataType]] = {
    "text_corpus": {"text": pl.String()},
    "classification": {"text": pl.String(), "label": pl.String()},
    "ner": {
        "text": pl.String(),
        "entities": ENTITY_DTYPE,
        "tokens": pl.List(pl.String),
        "tags": pl.List(pl.String),
    },
    "instruction": {"instruction": pl.String(), "input": pl.String(), "output": pl.String()},
    "parallel_corpus": {
        "source": pl.String(),
        "target": pl.String(),
        "source_lang": pl.String(),
        "target_lang": pl.String(),
    },
}

TEXT_COLUMNS: dict[str, tuple[str, ...]] = {
    "text_corpus": ("text",),
    "classification": ("text",),
    "ner": ("text",),
    "instruction": ("instruction", "input", "output"),
    "parallel_corpus": ("source", "target"),
}
"""The free-text columns of each type (the ones length limits and statistics apply to)."""

QUARANTINE_SCHEMA = pl.Schema(
    {
        "source_file": pl.String(),
        "source_line": pl.Int64(),
        "field": pl.String(),
        "reason": pl.String(),
        "detail": pl.String(),
        "raw": pl.String(),
    }
)

QUARANTINE_REASONS: tuple[str, ...] = (
    "invalid_utf8",
    "malformed_json",
    "malformed_line",
    "missing_field",
    "wrong_type",
    "too_long",
    "truncated_archive",
    "unreadable_file",
    "bad_tmx_unit",
    "bad_conll_sentence",
    "empty_record",
    "duplicate_id",
)


def record_schema(dataset_type: DatasetType) -> pl.Schema:
    """The record table's columns and dtypes for a dataset type (without `content`)."""
    return pl.Schema({**BASE_COLUMNS, **TYPE_COLUMNS[dataset_type]})


@dataclass(frozen=True)
class FieldRule:
    """Which canonical fields a manifest may map for a dataset type, and which it must."""

    required: tuple[str, ...]
    optional: tuple[str, ...]
    implicit_formats: frozenset[str] = frozenset()
    """Formats whose structure already gives the required fields (no mapping needed)."""

    @property
    def allowed(self) -> frozenset[str]:
        """Every canonical field name a mapping may use."""
        return frozenset((*self.required, *self.optional, *COMMON_FIELDS))


COMMON_FIELDS: tuple[str, ...] = ("id", "source_details", "generated")

FIELD_RULES: dict[str, FieldRule] = {
    "text_corpus": FieldRule(("text",), (), frozenset({"text"})),
    "classification": FieldRule(("text", "label"), ()),
    "instruction": FieldRule(("instruction", "output"), ("input",)),
    "parallel_corpus": FieldRule(("source", "target"), (), frozenset({"tmx"})),
    "ner": FieldRule(("text", "entities"), (), frozenset({"conllu", "conll2003"})),
}

_TABLE_TYPES = frozenset(DATASET_TYPES)
FORMAT_TYPES: dict[str, frozenset[str]] = {
    "jsonl": _TABLE_TYPES,
    "parquet": _TABLE_TYPES,
    "hf_dataset": _TABLE_TYPES,
    "csv": _TABLE_TYPES - {"ner"},
    "tsv": _TABLE_TYPES - {"ner"},
    "text": frozenset({"text_corpus"}),
    "tmx": frozenset({"parallel_corpus"}),
    "conllu": frozenset({"ner"}),
    "conll2003": frozenset({"ner"}),
}
"""Which dataset types each file format can carry."""


class _Record(BaseModel):
    """Fields every record carries after ingest."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    record_id: str = Field(min_length=1)
    source_file: str
    source_line: int = Field(ge=1)
    source_details: str | None = None
    generated: bool | None = None


class TextRecord(_Record):
    """A text_corpus record."""

    text: str = Field(min_length=1)


class ClassificationRecord(_Record):
    """A classification record: a text and its label."""

    text: str = Field(min_length=1)
    label: str = Field(min_length=1)


class Entity(BaseModel):
    """A named-entity span in character offsets, end exclusive."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    label: str = Field(min_length=1)


class NerRecord(_Record):
    """An NER record: text, character spans, and the CoNLL tokens/tags when read from CoNLL."""

    text: str = Field(min_length=1)
    entities: list[Entity]
    tokens: list[str] | None = None
    tags: list[str] | None = None


class InstructionRecord(_Record):
    """An instruction record; `input` is the empty string when absent."""

    instruction: str = Field(min_length=1)
    input: str = ""
    output: str = Field(min_length=1)


class ParallelRecord(_Record):
    """A parallel-corpus pair with its language codes."""

    source: str = Field(min_length=1)
    target: str = Field(min_length=1)
    source_lang: str
    target_lang: str


RECORD_MODELS: dict[str, type[_Record]] = {
    "text_corpus": TextRecord,
    "classification": ClassificationRecord,
    "ner": NerRecord,
    "instruction": InstructionRecord,
    "parallel_corpus": ParallelRecord,
}
