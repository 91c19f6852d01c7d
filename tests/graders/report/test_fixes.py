"""What to fix: caused by what failed, ordered by points at stake, records and fields named.

Reports come from the real grader (`grade_submission`) on sample measurements, and the failed
expectations from a real Great Expectations run (`quality.expectations.run_suite`).
"""

from __future__ import annotations

import copy
from typing import Any

import polars as pl
from sample_report import measurements, sections

from graders.grade import grade_submission
from graders.report.assemble import assemble_report
from graders.report.canonical import digest
from graders.report.fixes import build_fixes
from graders.report.html import render_html
from graders.report.markdown import render_markdown
from graders.rubric import load_rubric
from quality.expectations import run_suite, summarize_expectations
from schemas.measurements import Measurements

HARM_ADVICE = "Remove any source with more than 5% harmful content"


def _report(changes: dict[str, Any], *, expectations: dict[str, Any] | None = None) -> dict:
    """The sample report graded on measurements with `changes` merged in (one level deep)."""
    data = measurements().model_dump(mode="json", by_alias=True)
    for part, values in changes.items():
        data[part] = values if values is None else {**(data.get(part) or {}), **values}
    grade = grade_submission(Measurements.model_validate(data), rubric=load_rubric())
    parts = copy.deepcopy(sections()) | {"grade": grade.model_dump(mode="json")}
    if expectations is not None:
        parts["expectations"] = expectations
    return assemble_report(sections=parts)


def _unknown_labels() -> dict[str, Any]:
    """A real suite run: 3 of 40 records carry a label outside the set (threshold 0%)."""
    frame = pl.DataFrame(
        {
            "record_id": [f"r{i:02d}" for i in range(40)],
            "text": ["Sâu đục thân"] * 40,
            "label": ["pest"] * 40,
            "t_label_unknown": [i < 3 for i in range(40)],
        }
    )
    return summarize_expectations(run_suite(frame, dataset_type="classification"))


NO_AUDIT = {"audit": {"source": "none", "correctness": None, "safety": None, "agreement": None}}


def test_without_an_audit_the_fix_is_run_the_audit_not_remove_harmful_sources() -> None:
    report = _report(NO_AUDIT)
    fixes = build_fixes(report)["fixes"]
    first = fixes[0]
    assert first["blocks"] and {"G2", "G3"} <= set(first["ids"])
    assert first["text"]["en"].startswith("Run the audit") and "审核" in first["text"]["zh"]
    advice = build_fixes(report)["advice"]
    shown = [f["text"]["en"] for f in fixes] + [a["text"]["en"] for a in advice]
    assert not any(HARM_ADVICE in text for text in shown)
    html = render_html(report, digest=digest(report))
    fix_part = html[html.index('id="what-to-fix"') : html.index('id="failed-expectations"')]
    assert "Run the audit first" in fix_part and HARM_ADVICE not in fix_part
    md = render_markdown(report, digest="d", lang="en")
    assert "Run the audit first" in md and HARM_ADVICE not in md


def test_an_audit_that_found_harm_gets_the_rubric_fix() -> None:
    report = _report({"audit": {"sources": [{"source": "web", "sampled": 120, "harmful": 12}]}})
    g2 = next(f for f in build_fixes(report)["fixes"] if f["ids"] == ["G2"])
    assert HARM_ADVICE in g2["text"]["en"] and g2["blocks"]


def test_fixes_are_ordered_blocking_first_then_by_points_at_stake() -> None:
    report = _report(NO_AUDIT, expectations=_unknown_labels())
    fixes = build_fixes(report)["fixes"]
    blocking = [f["blocks"] for f in fixes]
    assert blocking == sorted(blocking, reverse=True)
    points = [f["points"] for f in fixes if not f["blocks"]]
    assert points == sorted(points, reverse=True) and len(points) >= 2


def test_a_failed_expectation_is_a_fix_naming_its_records() -> None:
    report = _report(
        {"expectations": {"evaluated": 10, "successful": 9}}, expectations=_unknown_labels()
    )
    fix = next(f for f in build_fixes(report)["fixes"] if f["ids"] == ["t_label_unknown_rate"])
    assert fix["records"] == ["r00", "r01", "r02"] and fix["points"] > 0


def test_declared_values_are_general_advice_not_fixes() -> None:
    report = _report({})
    built = build_fixes(report)
    fix_ids = {i for f in built["fixes"] for i in f["ids"]}
    assert not fix_ids & {"T.category", "T.domain", "T.language", "O.access", "O.licence"}
    advice = " ".join(a["text"]["en"] for a in built["advice"])
    assert "ASEAN and low-resource languages score higher." in advice


def test_a_clean_report_says_nothing_to_fix() -> None:
    report = _report({})
    report["grade"]["gates"] = [dict(g, passed=True) for g in report["grade"]["gates"]]
    for dimension in report["grade"]["dimensions"]:
        for indicator in dimension["indicators"]:
            indicator["score"] = indicator["max"]
    assert build_fixes(report)["fixes"] == []
    assert "Nothing failed: nothing to fix." in render_markdown(report, digest="d", lang="en")


def test_an_audit_that_skipped_a_check_is_not_called_no_audit() -> None:
    """The sample's simulated audit reviewed no labels: G7 fails for want of review."""
    report = _report({})
    audit_fix = next(f for f in build_fixes(report)["fixes"] if "G7" in f["ids"])
    assert audit_fix["cause"]["en"] == "The audit did not cover these checks"
