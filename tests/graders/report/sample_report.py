"""A small but complete report dict for tests: real grade, literal stage sections, hostile text.

Corpus text (a dropped record, a file name, an owner, an annotator) carries `<script>`,
`<img onerror=...>` and `javascript:` payloads that would set `document.title` or
`window.pwned` if the report ever let them run.
"""

from __future__ import annotations

import copy
from typing import Any

import polars as pl

from graders.grade import grade_submission
from graders.report.assemble import (
    assemble_report,
    example_records,
    length_distribution,
    submission_section,
)
from graders.report.provenance import build_provenance
from graders.rubric import load_rubric
from schemas.measurements import Measurements

SCRIPT = "<script>document.title='pwned';window.pwned=1</script>"
IMG = "<img src=x onerror=\"document.title='pwned';window.pwned=2\">"
JS_URL = "<a id=jsurl href=\"javascript:document.title='pwned'\">click me</a>"
HOSTILE = f"{SCRIPT} {IMG} {JS_URL}"
HOSTILE_FILE = "data<svg onload=window.pwned=3>.jsonl"

MANIFEST: dict[str, Any] = {
    "id": "sub-demo",
    "title": "Rice pests",
    "owner": f"Owner {SCRIPT}",
    "owner_id": {"country": "CN", "number": "91110000600037341L"},
    "dataset_type": "classification",
    "category": "industry_specialized",
    "domain": "agriculture",
    "languages": ["vi"],
    "license": "CC-BY-4.0",
    "openness": "public",
    "sources": [{"type": "自采", "details": "field notes"}],
    "files": [{"path": "data.jsonl", "format": "jsonl", "fields": {"text": "t", "label": "l"}}],
}


def measurements() -> Measurements:
    """Measurements of a 1,000-record submission with a few drops and a simulated audit."""
    return Measurements.model_validate(
        {
            "manifest": copy.deepcopy(MANIFEST),
            "ingest": {"rows_read": 1000, "records_kept": 990, "rows_quarantined": 10},
            "signals": {
                "records_in": 990,
                "records_passing_filters": 960,
                "lang_matches_declared": 950,
                "language_counts": {"vi": 950, "en": 10},
            },
            "dedup": {"records_in": 960, "survivors": 940, "content_fingerprint": "fp-aaaaaaaa"},
            "audit": {
                "source": "simulated",
                "correctness": {"sampled": 200, "passed": 188},
                "safety": {"sampled": 200, "passed": 200},
                "agreement": {"items": 40, "alpha": 0.81},
            },
        }
    )


def records() -> pl.DataFrame:
    """Six records: three kept, three dropped (one carrying the hostile payload)."""
    return pl.DataFrame(
        {
            "record_id": ["r1", "r2", "r3", "r4", "r5", "r6"],
            "source_file": ["data.jsonl"] * 5 + [HOSTILE_FILE],
            "source_line": [1, 2, 3, 4, 5, 6],
            "content_masked": [
                "Sâu đục thân hại lúa",
                "Rầy nâu xuất hiện",
                "x" * 900,
                HOSTILE,
                "liên hệ [PHONE]",
                "Sâu đục thân hại lúa",
            ],
            "n_chars": [20, 17, 900, len(HOSTILE), 15, 20],
            "lang": ["vi", "vi", "und", "en", "vi", "vi"],
            "drop_reason": [None, None, "too_long", "lang_mismatch", None, "duplicate_exact"],
        }
    )


def quarantine() -> pl.DataFrame:
    """One quarantined line whose raw text holds an e-mail address (masked in the report)."""
    return pl.DataFrame(
        {
            "source_file": ["data.jsonl"],
            "source_line": [7],
            "field": [None],
            "reason": ["malformed_json"],
            "detail": ["line 7 is not JSON: mail owner@example.com"],
            "raw": ['{"t": "mail owner@example.com'],
        },
        schema_overrides={"field": pl.Utf8},
    )


def audit_section() -> dict[str, Any]:
    """A simulated audit: two rates with Wilson intervals, agreement, two annotators."""
    return {
        "source": "simulated",
        "simulated": True,
        "rates": {
            "correctness": {
                "n": 200,
                "passes": 188,
                "rate": 0.94,
                "ci_low": 0.899,
                "ci_high": 0.965,
            },
            "safety": {"n": 200, "passes": 200, "rate": 1.0, "ci_low": 0.981, "ci_high": 1.0},
        },
        "agreement": {
            "text_quality.quality": {"items": 40, "krippendorff_alpha": 0.81},
            "classification.label": {"items": 40, "percent_agreement": 0.9},
        },
        "annotators": [
            {
                "annotator": f"ann{SCRIPT}",
                "n_gold": 20,
                "n_correct": 19,
                "accuracy": 0.95,
                "accuracy_low": 0.764,
                "accuracy_high": 0.991,
            },
            {
                "annotator": "ann2",
                "n_gold": 20,
                "n_correct": 16,
                "accuracy": 0.8,
                "accuracy_low": 0.584,
                "accuracy_high": 0.919,
            },
        ],
    }


def sections(*, input_sha256: str = "a" * 64) -> dict[str, Any]:
    """Every report section; `input_sha256` is the recorded hash of the one data file."""
    rubric = load_rubric()
    frame = records()
    return {
        "submission": submission_section({"manifest": MANIFEST, "manifest_sha256": "b" * 64}),
        "ingest": {"totals": {"files": 1, "kept": 990, "quarantined": 10, "read": 1000}},
        "signals": {
            "languages": {
                "distribution": {
                    "vi": {"records": 950, "share": 0.959596},
                    "en": {"records": 30, "share": 0.030303},
                    "<b>xx</b>": {"records": 10, "share": 0.010101},
                }
            }
        },
        "filters": {
            "kept": 940,
            "dropped_by_reason": {"duplicate_exact": 20, "lang_mismatch": 20, "too_long": 10},
        },
        "dedup": {
            "duplicates": {"exact": 20, "near": 0},
            "clusters": 12,
            "largest_cluster": 3,
            "prior_overlap": [
                {"prior_submission": "sub-old", "matched_records": 47, "share_of_submission": 0.05}
            ],
        },
        "distributions": length_distribution(frame),
        "types": None,
        "expectations": {"evaluated": 10, "failed": []},
        "audit": audit_section(),
        "examples": example_records(frame, quarantine(), record_id_key=b"test-key"),
        "grade": grade_submission(measurements(), rubric=rubric).model_dump(mode="json"),
        "provenance": build_provenance(
            input_files=[{"path": "data.jsonl", "sha256": input_sha256, "bytes": 12}],
            manifest_sha256="b" * 64,
            submission_sha256="c" * 64,
            rubric={"version": rubric.version, "sha256": rubric.sha256},
            langid_model={"file": "lid.176.ftz", "sha256": "d" * 64},
            seed=42,
            software={"version": "0.1.0", "git_commit": "e" * 40},
            packages={"polars": "2.1.0"},
            audit_source="simulated",
            audit_export_sha256=None,
        ),
    }


def sample_report(*, input_sha256: str = "a" * 64) -> dict[str, Any]:
    """The validated report dict (as `assemble_report` returns it)."""
    return assemble_report(sections=sections(input_sha256=input_sha256))
