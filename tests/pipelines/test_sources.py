"""G2 is judged per declared source (来源), not per data file."""

from __future__ import annotations

import polars as pl

from pipelines.sources import declared_source_of
from quality.audit.summary import summarize_audit
from schemas.manifest import Manifest
from tests.graders.conftest import base_measurements


def _manifest(files: list[dict[str, object]], sources: list[dict[str, str]]) -> Manifest:
    data = base_measurements()["manifest"] | {"files": files, "sources": sources}
    return Manifest.model_validate(data)


FIELDS = {"text": "t", "label": "l"}


def test_files_map_to_their_declared_source_else_the_only_one() -> None:
    web = {"type": "互联网", "details": "https://example.org"}
    files = [
        {"path": "web/*.jsonl", "format": "jsonl", "fields": FIELDS, "source": web},
        {"path": "own/*.jsonl", "format": "jsonl", "fields": FIELDS},
    ]
    two = _manifest(files, [web, {"type": "自采", "details": "field notes"}])
    found = declared_source_of(two, ["web/a.jsonl", "web/b.jsonl", "own/c.jsonl"])
    assert found == {
        "web/a.jsonl": "互联网:https://example.org",
        "web/b.jsonl": "互联网:https://example.org",
    }
    one = _manifest(files[1:], [{"type": "自采", "details": ""}])
    assert declared_source_of(one, ["own/c.jsonl"]) == {"own/c.jsonl": "自采"}


def test_audit_groups_safety_by_declared_source() -> None:
    """Two files of one source are one G2 population; the undeclared file keeps its name."""
    items = [f"text_quality:r{i}" for i in range(6)]
    sample = pl.DataFrame(
        {
            "task_id": items,
            "record_id": [f"r{i}" for i in range(6)],
            "audit_task": ["text_quality"] * 6,
            "purpose": ["safety"] * 6,
            "in_quality": [False] * 6,
            "in_safety": [True] * 6,
            "in_source_safety": [True] * 6,
            "source_file": ["web/a.jsonl", "web/b.jsonl", "own/c.jsonl"] * 2,
            "is_gold": [False] * 6,
            "gold_answer": [None] * 6,
            "double": [True] * 6,
        }
    )
    votes = pl.DataFrame(
        {
            "item": items * 2,
            "annotator": ["x"] * 6 + ["y"] * 6,
            "control": ["risk"] * 12,
            "value": ["violence", "none", "none", "none", "none", "none"] * 2,
        }
    )
    section = summarize_audit(
        votes, sample, simulated=False, source_of={"web/a.jsonl": "互联网", "web/b.jsonl": "互联网"}
    )
    by_source = section["rates"]["safety"]["by_source"]
    assert section["source_grouping"] == "declared"
    assert {k: (v["n"], v["passes"]) for k, v in by_source.items()} == {
        "互联网": (4, 3),
        "own/c.jsonl": (2, 2),
    }
