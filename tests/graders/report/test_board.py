"""The committee board over a real ledger file: rows, exact totals, budget, CSV, CLI, browser."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from graders.report.board import board_csv, board_html, board_rows, board_totals
from pipelines.cli.board import BudgetError, parse_budgets
from pipelines.ledger import Ledger
from tests.browser import chromium_page

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def _sample_module() -> ModuleType:
    path = Path(__file__).resolve().parent / "sample_report.py"
    spec = importlib.util.spec_from_file_location("board_sample_report", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _ledger(path: Path) -> Ledger:
    """A real ledger with one grading and a correction of it (+0.10 yuan, a decimal trap)."""
    from graders.grade import grade_submission
    from graders.rubric import load_rubric

    sample = _sample_module()
    grade = grade_submission(sample.measurements(), rubric=load_rubric())
    ledger = Ledger(path)
    entry = ledger.record(grade, recorded_at="2026-03-01T10:00:00Z")
    ledger.correct(entry.entry_no, award_yuan=0.1, reason="fix", recorded_at="2026-06-02T09:00:00Z")
    ledger.correct(entry.entry_no, award_yuan=0.2, reason="fix", recorded_at="2026-06-03T09:00:00Z")
    return ledger


def test_rows_sum_every_entry_exactly_and_totals_meet_the_budget(tmp_path: Path) -> None:
    entries = _ledger(tmp_path / "registry.duckdb").entries()
    rows = board_rows(entries, {}, since="2026-05-01")
    assert len(rows) == 1
    base = Decimal(repr(entries[0].award_yuan)).quantize(Decimal("0.01"))
    assert rows[0]["award_yuan"] == base + Decimal("0.30")  # 0.1 + 0.2 exactly, not 0.30000000004
    assert rows[0]["changed"] is True and rows[0]["tier"] == (entries[0].tier or "none")
    totals = board_totals(rows, budgets={"2026": Decimal("0.25")})
    year = totals["years"][0]
    assert year["year"] == "2026" and year["left"] == Decimal("0.25") - rows[0]["award_yuan"]
    parsed = list(csv.DictReader(io.StringIO(board_csv(rows))))
    assert parsed[0]["award_yuan"] == str(rows[0]["award_yuan"])


def test_budget_option_rejects_what_is_not_year_equals_yuan() -> None:
    assert parse_budgets(["2026=5000000.50"]) == {"2026": Decimal("5000000.50")}
    for bad in ("2026", "26=100", "2026=lots", "2026=-1"):
        with pytest.raises(BudgetError, match="YEAR=YUAN"):
            parse_budgets([bad])


def test_cli_writes_page_csv_and_copies_reports(tmp_path: Path, home: Path) -> None:
    from pipelines.cli.main import app
    from pipelines.home import registry_path

    sid = _ledger(registry_path()).entries()[0].submission_id
    report = _sample_module().sample_report()
    (home / "outputs" / sid).mkdir(parents=True)
    (home / "outputs" / sid / "report.json").write_text(json.dumps(report), encoding="utf-8")
    (home / "outputs" / sid / "report.html").write_text("<p>r</p>", encoding="utf-8")
    out = tmp_path / "board"
    result = CliRunner().invoke(app, ["board", "--out", str(out), "--budget", "2026=1000000"])
    assert result.exit_code == 0, result.output
    page = (out / "board.html").read_text(encoding="utf-8")
    assert f'href="{sid}/report.html"' in page and (out / sid / "report.html").exists()
    assert "1,000,000" in page
    assert (out / "board.csv").read_text(encoding="utf-8").startswith("submission_id,owner,")


@pytest.mark.browser
def test_board_filters_hide_other_rows_in_the_browser(tmp_path: Path) -> None:
    rows = board_rows(_ledger(tmp_path / "registry.duckdb").entries(), {})
    other = dict(rows[0], submission_id="other-1", dataset_type="ner", tier="none")
    page_file = tmp_path / "board.html"
    totals = board_totals([*rows, other], budgets={})
    page_file.write_text(board_html([*rows, other], totals, since=None), encoding="utf-8")
    with chromium_page(tmp_path / "profile") as page:
        page.open(page_file.as_uri())
        visible = "[...document.querySelectorAll('tr.row')].filter(r => r.offsetParent).length"
        assert page.evaluate(visible) == 2
        types = sorted({rows[0]["dataset_type"], "ner"})
        index = types.index("ner") + 1
        page.evaluate(f"document.getElementById('f-dataset_type-{index}').click()")
        assert page.evaluate(visible) == 1
        assert "other-1" in page.evaluate("document.querySelector('#submissions').innerText")
        page.screenshot(ARTIFACTS / "screens" / "board.png")
        assert page.errors == []


def test_tiers_and_decisions_are_named_in_both_languages(tmp_path: Path) -> None:
    """The board shows the tier's and the decision's names (zh and en), not bare ids."""
    import re

    from graders.award import DECISION_NAMES

    entries = _ledger(tmp_path / "registry.duckdb").entries()
    grade = {"tier_name": {"zh": "入围", "en": "Shortlisted"}}
    rows = board_rows(entries, {entries[0].submission_id: {"grade": grade}})
    html = board_html(rows, board_totals(rows, budgets={}), since=None)
    decision = DECISION_NAMES[entries[0].decision]
    for text in (decision.zh, decision.en):
        assert f">{text}</span>" in html
    if entries[0].tier:
        assert ">入围</span>" in html and ">Shortlisted</span>" in html
    else:
        assert ">未达等级</span>" in html and ">No tier</span>" in html
    source = (Path(__file__).resolve().parents[3] / "graders" / "award.py").read_text("utf-8")
    emitted = set(re.findall(r'_refusal\(\s*"([a-z_]+)"', source))
    emitted |= set(re.findall(r'return "([a-z_]+)", None', source))
    emitted |= set(re.findall(r'\("([a-z_]+)" if .+ else "([a-z_]+)"\)', source)[0])
    assert emitted and emitted <= set(DECISION_NAMES), emitted - set(DECISION_NAMES)
