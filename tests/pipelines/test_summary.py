"""`corpusgrade run` ends with the outcome, read from report.json and the ledger, not recomputed."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.demo import generate_demo
from pipelines.summary import markdown_table, read_summary


def test_run_prints_the_outcome_that_report_json_and_the_ledger_hold(
    home: Path, tmp_path: Path
) -> None:
    folder = generate_demo(tmp_path / "subs")[2]
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    grade = json.loads((out / "report.json").read_text(encoding="utf-8"))["grade"]
    entry = json.loads((out / "verify-state" / "state.json").read_text())["ledger_entry_no"]
    row = read_summary(out)
    assert row.score == grade["total"] and row.tier == grade["tier"]
    assert row.award_yuan == grade["award_yuan"]
    assert row.failed_gates == tuple(g["id"] for g in grade["gates"] if not g["passed"])
    assert row.ledger_entry == entry
    flat = " ".join(result.output.split())
    assert f"{grade['total']:.1f}" in flat
    assert f"#{entry}" in flat
    for gate in row.failed_gates:
        assert gate in flat
    table = markdown_table([row])
    assert table.count("\n") >= 3 and f"| {row.submission} |" in table
