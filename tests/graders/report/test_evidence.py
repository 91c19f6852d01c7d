"""Evidence as labelled, translated fields; failed expectations in the threshold's unit."""

from __future__ import annotations

import re

from test_fixes import _report, _unknown_labels

from graders.report.canonical import digest
from graders.report.evidence import EVIDENCE_LABELS, evidence_label, evidence_rows, gate_status
from graders.report.expectations import failed_expectations
from graders.report.html import render_html
from graders.report.markdown import render_markdown

TEXT_CORPUS = {
    "manifest": {
        "dataset_type": "text_corpus",
        "label_set": None,
        "files": [{"path": "data.jsonl", "format": "jsonl", "fields": {"text": "t"}}],
    }
}


def _keys(report: dict) -> set[str]:
    grade = report["grade"]
    keys = {k for gate in grade["gates"] for k in gate["evidence"]}
    return keys | {k for d in grade["dimensions"] for i in d["indicators"] for k in i["evidence"]}


def test_every_evidence_key_the_grader_writes_has_a_label() -> None:
    keys = _keys(_report({})) | _keys(_report(TEXT_CORPUS))
    fallback = {k for k in keys if evidence_label(k, "zh") == evidence_label(k, "en")}
    assert fallback - {k for k in keys if k.startswith("items_")} == set()
    assert {"accuracy_lower_bound", "worst_harmful_share"} <= set(EVIDENCE_LABELS)


def test_a_new_evidence_key_still_reads_as_words() -> None:
    rows = evidence_rows({"census_records": 12, "sample_share": 0.25}, "en")
    assert rows == [("Census records", "12"), ("Sample share", "25%")]


def test_html_shows_labels_in_both_languages_and_no_key_value_text() -> None:
    report = _report({})
    html = render_html(report, digest=digest(report))
    assert not re.search(r"</code>=|\b[a-z]+_[a-z_]+=", html)
    assert "准确率下界" in html or "人工抽检合格率" in html
    assert "Manual audit pass share" in html


def test_g7_reads_not_applicable_for_unlabelled_data() -> None:
    report = _report(TEXT_CORPUS)
    g7 = next(g for g in report["grade"]["gates"] if g["id"] == "G7")
    assert gate_status(g7) == "not_applicable"
    html = render_html(report, digest=digest(report))
    row = html[html.index('id="gate-G7"') :]
    row = row[: row.index("</tr>")]
    assert "不适用" in row and "not applicable" in row and "applicable=" not in html
    assert "| G7 Labelled data | not applicable |" in render_markdown(report, digest="d", lang="en")


def test_failed_expectation_is_named_with_observed_and_threshold_as_percentages() -> None:
    report = _report({}, expectations=_unknown_labels())
    [row] = failed_expectations(report)
    assert (row["name"], row["observed_share"], row["max_share"]) == (
        "t_label_unknown_rate", 0.075, 0.0)  # fmt: skip
    html = render_html(report, digest=digest(report))
    table = html[html.index('class="expectations"') :]
    table = table[: table.index("</table>")]
    assert "t_label_unknown_rate" in table and "7.5%" in table and "≤ 0%" in table
    for lang, name in (("zh", "标签不在申报的标签集中"), ("en", "Label not in the declared set")):
        md = render_markdown(report, digest="d", lang=lang)
        assert f"| `t\\_label\\_unknown\\_rate` {name} | 7.5% | ≤ 0% |" in md


def test_reports_written_before_shares_convert_the_gx_percentage() -> None:
    old = {"results": [{"name": "t_misaligned_rate", "success": False, "observed_value": 5.76}]}
    [row] = failed_expectations({"expectations": old})
    assert row["observed_share"] == 0.0576 and row["max_share"] is None
