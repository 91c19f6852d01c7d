"""Every indicator of every demo report carries complete evidence (the real pipeline end to end).

The demo generators' submissions run through `corpusgrade run --audit simulated` (real Dagster
materialisations, the real Label Studio server, real DuckDB); each report.json is then checked
against `schemas.evidence.IndicatorEvidence`, and the grader's own measurements are checked to
have run: G4's independent PII check, completeness, G3's library size and its tier cap.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.demo import generate_demo
from schemas.evidence import check_report_evidence
from tests.ls_server import LiveServer

runner = CliRunner()
pytestmark = [pytest.mark.labelstudio, pytest.mark.timeout(3600)]  # three real runs on 2 cores


@pytest.fixture(scope="module")
def demo_reports(
    tmp_path_factory: pytest.TempPathFactory, live_server: LiveServer
) -> Iterator[dict[str, Any]]:
    """report.json of each demo submission, graded with a simulated audit in one workspace,
    against the session's real Label Studio server."""
    root = tmp_path_factory.mktemp("demo-evidence")
    patch = pytest.MonkeyPatch()
    patch.setenv("CORPUSGRADE_LS_URL", live_server.connection.url)
    patch.setenv("CORPUSGRADE_LS_TOKEN", live_server.connection.token)
    patch.setenv("CORPUSGRADE_HOME", str(root / "home"))
    patch.setenv("DAGSTER_HOME", str(root / "home" / "dagster"))
    (root / "home" / "dagster").mkdir(parents=True)
    reports: dict[str, Any] = {}
    try:
        for folder in generate_demo(root / "subs"):
            out = root / "out" / folder.name
            args = ["run", str(folder), "--out", str(out), "--audit", "simulated"]
            result = runner.invoke(app, args)
            assert result.exit_code == 0, result.output
            reports[folder.name] = json.loads((out / "report.json").read_text(encoding="utf-8"))
        yield reports
    finally:
        patch.undo()


def test_every_indicator_of_every_demo_report_has_complete_evidence(
    demo_reports: dict[str, Any],
) -> None:
    assert len(demo_reports) == 3
    seen = set()
    for name, report in demo_reports.items():
        checked = check_report_evidence(report)
        assert len(checked) >= 20, name
        bases = {item.basis for item in checked if item.measured}
        assert bases >= {"census", "declared"}, name
        seen |= bases
    assert "sample" in seen  # audited rates: labels (classification), alignment (parallel)
    labelled = demo_reports["demo-id-topics"]["grade"]["dimensions"][0]["indicators"]
    accuracy = next(i for i in labelled if i["id"] == "Q.label_accuracy")
    assert accuracy["basis"] == "sample" and accuracy["interval"] and accuracy["sample_ids"]


def test_demo_reports_carry_the_graders_own_measurements(demo_reports: dict[str, Any]) -> None:
    for name, report in demo_reports.items():
        grade = report["grade"]
        gates = {gate["id"]: gate["evidence"] for gate in grade["gates"]}
        assert gates["G4"]["independent_checked"] > 0, name
        assert gates["G3"]["library_below_standard"] is True, name
        codes = {finding["code"] for finding in grade["findings"]}
        assert "keyword_library_below_standard" in codes, name
        indicators = {i["id"]: i for d in grade["dimensions"] for i in d["indicators"]}
        assert indicators["Q.completeness"]["measured"], name
    news = demo_reports["demo-multilingual-news"]["grade"]
    g4 = next(gate for gate in news["gates"] if gate["id"] == "G4")["evidence"]
    assert g4["independent_found"] > 0  # the demo plants personal data; the masker caught it
