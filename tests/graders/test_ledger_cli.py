"""`corpusgrade ledger list|explain|verify|export` reads the ledger and reports tampering."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from graders.grade import grade_submission
from graders.rubric import LoadedRubric
from pipelines.ledger import Ledger, head_file
from tests.graders.conftest import Make

cli = pytest.importorskip("pipelines.cli.ledger", reason="the corpusgrade CLI package must import")


@pytest.fixture
def ledger_file(tmp_path: Path, make: Make, rubric: LoadedRubric) -> Path:
    path = tmp_path / "registry.duckdb"
    ledger = Ledger(path)
    ledger.record(
        grade_submission(make(), rubric=rubric, ledger=ledger.entries()), recorded_at="T0"
    )
    return path


def test_list_and_explain(ledger_file: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(cli.app, ["list", "--path", str(ledger_file)])
    assert listed.exit_code == 0, listed.output
    assert "sub-a" in listed.output and "1,000,000" in listed.output
    assert "CN:91110000MA0TEXTA0G" in listed.output
    explained = runner.invoke(cli.app, ["explain", "1", "--path", str(ledger_file), "--lang", "zh"])
    assert explained.exit_code == 0 and "支付 1000000 元" in explained.output


def test_unknown_entry_is_one_clear_line(ledger_file: Path) -> None:
    missing = CliRunner().invoke(cli.app, ["explain", "99", "--path", str(ledger_file)])
    assert missing.exit_code == 1
    assert missing.output.strip().endswith("no ledger entry 99 (the ledger has 1 entries)")
    assert len(missing.output.strip().splitlines()) == 1 and "Traceback" not in missing.output


def test_typo_path_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    typo = tmp_path / "typo.duckdb"
    result = CliRunner().invoke(cli.app, ["list", "--path", str(typo)])
    assert result.exit_code == 1
    assert str(typo) in result.output and "no ledger file" in result.output
    assert not typo.exists()


def _tamper(path: Path, sql: str) -> None:
    con = duckdb.connect(str(path))
    con.execute(sql)
    con.close()


def test_verify_reports_an_edit(ledger_file: Path) -> None:
    runner = CliRunner()
    assert "1 entries" in runner.invoke(cli.app, ["verify", "--path", str(ledger_file)]).output
    _tamper(ledger_file, "UPDATE award_ledger SET owner = 'Mallory'")
    result = runner.invoke(cli.app, ["verify", "--path", str(ledger_file)])
    assert result.exit_code == 1 and "edited" in result.output


def test_verify_head_catches_a_cut_tail(ledger_file: Path) -> None:
    runner = CliRunner()
    head = Ledger(ledger_file).head()
    _tamper(ledger_file, "DELETE FROM award_ledger")
    head_file(ledger_file).unlink()  # the head file beside the ledger removed too
    assert runner.invoke(cli.app, ["verify", "--path", str(ledger_file)]).exit_code == 0
    result = runner.invoke(cli.app, ["verify", "--path", str(ledger_file), "--head", str(head)])
    assert result.exit_code == 1 and "removed from the tail" in result.output
    kept = ledger_file.parent / "minutes.head"
    kept.write_text(f"{head}\n", encoding="utf-8")
    result = runner.invoke(
        cli.app, ["verify", "--path", str(ledger_file), "--head-file", str(kept)]
    )
    assert result.exit_code == 1
    bad = runner.invoke(cli.app, ["verify", "--path", str(ledger_file), "--head", "2:abc"])
    assert bad.exit_code == 1 and "--head: expected N:HASH" in bad.output


def test_export_json_and_csv_carry_the_head(ledger_file: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    head = str(Ledger(ledger_file).head())
    out = tmp_path / "minutes.json"
    result = runner.invoke(cli.app, ["export", str(out), "--path", str(ledger_file)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["chain_head"] == head and data["entries"][0]["award_yuan"] == 1000000.0
    assert data["paid_per_owner_yuan"] == {"CN:91110000MA0TEXTA0G": 1000000.0}
    assert head in (tmp_path / "minutes.json.sha256").read_text(encoding="utf-8")
    csv_out = tmp_path / "minutes.csv"
    assert (
        runner.invoke(cli.app, ["export", str(csv_out), "--path", str(ledger_file)]).exit_code == 0
    )
    assert csv_out.read_text(encoding="utf-8").splitlines()[0].startswith("entry_no,recorded_at")
    wrong = runner.invoke(cli.app, ["export", str(tmp_path / "m.xlsx"), "--path", str(ledger_file)])
    assert wrong.exit_code == 1 and ".csv or .json" in wrong.output
