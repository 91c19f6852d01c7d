"""`corpusgrade ledger list|explain|verify` reads the ledger and reports tampering."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from graders.grade import grade_submission
from graders.ledger import Ledger
from graders.rubric import LoadedRubric
from tests.graders.conftest import Make

cli = pytest.importorskip("pipelines.cli.ledger", reason="the corpusgrade CLI package must import")


@pytest.fixture
def ledger_file(tmp_path: Path, make: Make, rubric: LoadedRubric) -> Path:
    path = tmp_path / "registry.duckdb"
    ledger = Ledger(path)
    ledger.record(grade_submission(make(), rubric=rubric, ledger=ledger), recorded_at="T0")
    return path


def test_list_and_explain(ledger_file: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(cli.app, ["list", "--path", str(ledger_file)])
    assert listed.exit_code == 0, listed.output
    assert "sub-a" in listed.output and "1,000,000" in listed.output
    explained = runner.invoke(cli.app, ["explain", "1", "--path", str(ledger_file), "--lang", "zh"])
    assert explained.exit_code == 0 and "支付 1000000 元" in explained.output
    missing = runner.invoke(cli.app, ["explain", "7", "--path", str(ledger_file)])
    assert missing.exit_code == 1


def test_verify_reports_an_edit(ledger_file: Path) -> None:
    runner = CliRunner()
    assert "1 entries" in runner.invoke(cli.app, ["verify", "--path", str(ledger_file)]).output
    con = duckdb.connect(str(ledger_file))
    con.execute("UPDATE award_ledger SET owner = 'Mallory'")
    con.close()
    result = runner.invoke(cli.app, ["verify", "--path", str(ledger_file)])
    assert result.exit_code == 1
