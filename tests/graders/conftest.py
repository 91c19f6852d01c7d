"""Fixtures for grader tests: one excellent labelled submission, changed field by field."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from graders.rubric import LoadedRubric, load_rubric
from schemas.measurements import Measurements

Make = Callable[..., Measurements]

DOCS = {
    "0101": dict.fromkeys(("name", "publisher", "version", "release_date", "contact"), "x"),
    "0102": dict.fromkeys(("data_type", "scale", "languages", "domain", "format"), "x"),
    "0103": dict.fromkeys(
        ("collection", "cleaning", "annotation", "quality_control", "tools"), "x"
    ),
    "0104": dict.fromkeys(
        ("intended_use", "limitations", "license_terms", "access", "maintenance"), "x"
    ),
}


def base_measurements() -> dict[str, Any]:
    """A labelled Vietnamese agriculture classification set that passes every gate, 99 points."""
    return {
        "manifest": {
            "id": "sub-a",
            "title": "Rice pests",
            "owner": "Owner A",
            "owner_id": {"country": "CN", "number": "91110000MA0TEXTA0G"},
            "dataset_type": "classification",
            "category": "industry_specialized",
            "domain": "agriculture",
            "languages": ["vi"],
            "license": "CC-BY-4.0",
            "openness": "public",
            "sources": [{"type": "自采", "details": "field notes"}],
            "documentation": copy.deepcopy(DOCS),
            "files": [
                {"path": "data.jsonl", "format": "jsonl", "fields": {"text": "t", "label": "l"}}
            ],
        },
        "ingest": {
            "rows_read": 520000,
            "records_kept": 520000,
            "rows_quarantined": 0,
            "records_complete": 520000,
        },
        "signals": {
            "records_in": 520000,
            "records_passing_filters": 520000,
            "lang_matches_declared": 520000,
            "language_counts": {"vi": 520000},
            "safety_screened": 60000,
            "safety_screen_passed": 60000,
            "keyword_library_size": 12000,
        },
        "dedup": {
            "records_in": 520000,
            "survivors": 520000,
            "content_fingerprint": "fp-aaaaaaaa",
        },
        "types": {"checked": 520000, "consistent": 520000},
        "expectations": {"evaluated": 10, "successful": 10},
        "audit": {
            "source": "simulated",
            "correctness": {"sampled": 4000, "passed": 4000, "sample_ids": ["r2", "r1"]},
            "safety": {"sampled": 4000, "passed": 4000, "sample_ids": ["r3"]},
            "labels": {"sampled": 400, "passed": 400, "sample_ids": ["r4", "r5"]},
            "agreement": {"items": 26000, "alpha": 0.85, "sample_ids": ["r6"]},
            "sources": [{"source": "自采", "sampled": 400, "harmful": 0}],
        },
        "pii_check": {"detector": "test", "checked": 4000, "found": 12, "residual": 0},
        "model_application": {
            "metric": "macro-F1",
            "baseline": 70.0,
            "with_dataset": 75.0,
            "reproducible": True,
        },
    }


def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    """Set `a.b.c` in nested dicts; a value of None removes the key."""
    *parents, last = dotted.split(".")
    for key in parents:
        data = data[key]
    if value is None:
        data.pop(last, None)
    else:
        data[last] = value


def build(changes: dict[str, Any]) -> Measurements:
    """The base submission with dotted-path changes applied."""
    data = base_measurements()
    for dotted, value in changes.items():
        _set(data, dotted, value)
    return Measurements.model_validate(data)


@pytest.fixture
def make() -> Make:
    """`make({"manifest.openness": "internal"})` -> Measurements."""
    return lambda changes=None: build(changes or {})


@pytest.fixture(scope="session")
def rubric() -> LoadedRubric:
    """The shipped default rubric."""
    return load_rubric()
