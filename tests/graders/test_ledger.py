"""The award ledger: novelty-based awards, top-ups, one entry per decision, and no edits.

Grading is pure (the entries are passed in); the entries live in a real DuckDB file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from graders.grade import grade_submission
from graders.ledger import GENESIS, LedgerEntry, LedgerError, LedgerTamperedError, entry_hash
from graders.rubric import LoadedRubric, RubricError, load_rubric
from pipelines.ledger import Ledger, head_file
from schemas.grade import Grade
from tests.graders.conftest import Make

THIRD_TIER = {
    "manifest.openness": "internal",
    "model_application": None,
    "dedup.survivors": 22361,
    "dedup.content_fingerprint": "fp-version-1",
}
OWNER_B = {"country": "CN", "number": "91110000MA0TEXTB0H"}
SURVIVORS = 520000
T0 = "2026-01-01T00:00:00+00:00"


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    return Ledger(tmp_path / "registry.duckdb")


def _grade(ledger: Ledger, make: Make, rubric: LoadedRubric, **changes: Any) -> Grade:
    return grade_submission(make(changes), rubric=rubric, ledger=ledger.entries())


def _run(ledger: Ledger, make: Make, rubric: LoadedRubric, changes: dict[str, Any]) -> Grade:
    grade = grade_submission(make(changes), rubric=rubric, ledger=ledger.entries())
    entry = ledger.record(grade, recorded_at=T0)
    assert entry.award_yuan == grade.award_yuan
    return grade


def _copy_of_a(share: float) -> dict[str, Any]:
    """Owner B's submission whose survivors match `share` of them in sub-a's rewarded records."""
    return {
        "manifest.id": "sub-b",
        "manifest.owner": "Owner B",
        "manifest.owner_id": OWNER_B,
        "dedup.content_fingerprint": f"fp-b-{share}",
        "dedup.rewarded_matches": [
            {"submission_id": "sub-a", "shared_records": int(SURVIVORS * share)}
        ],
    }


def test_upgrade_pays_only_the_difference(ledger: Ledger, make: Make, rubric: LoadedRubric) -> None:
    first = _run(ledger, make, rubric, THIRD_TIER)
    assert (first.tier, first.award_yuan, first.ledger.decision) == (
        "third",
        300000.0,
        "first_award",
    )
    improved = _run(ledger, make, rubric, {"dedup.content_fingerprint": "fp-version-2"})
    assert improved.tier == "first"
    assert improved.ledger.decision == "upgrade_top_up"
    assert improved.ledger.previous_paid_yuan == 300000.0
    assert improved.award_yuan == 700000.0
    assert improved.ledger.related_entries == [1]
    assert [e.award_yuan for e in ledger.entries()] == [300000.0, 700000.0]


def test_downgrade_pays_nothing_and_claws_nothing_back(
    ledger: Ledger, make: Make, rubric: LoadedRubric
) -> None:
    _run(ledger, make, rubric, {})
    lower = _run(ledger, make, rubric, THIRD_TIER)
    assert (lower.award_yuan, lower.ledger.decision) == (0.0, "already_rewarded")
    assert "nothing clawed back" in lower.ledger.refusal_reason.en  # type: ignore[union-attr]
    assert [e.award_yuan for e in ledger.entries()] == [1000000.0, 0.0]


def test_exact_copy_by_another_owner_gets_nothing(
    ledger: Ledger, make: Make, rubric: LoadedRubric
) -> None:
    _run(ledger, make, rubric, {})
    copy = _run(ledger, make, rubric, _copy_of_a(1.0))
    assert (copy.ledger.decision, copy.award_yuan) == ("copy_of_rewarded", 0.0)
    assert copy.ledger.novel_records == 0 and copy.ledger.other_matched_records == SURVIVORS
    (matched,) = copy.ledger.matched
    assert (matched.submission_id, matched.same_owner, matched.entries) == ("sub-a", False, [1])
    scale = next(d for d in copy.dimensions if d.id == "scale")
    assert scale.score == 0.0 and scale.indicators[0].numerator == 0.0


def test_partial_copy_is_paid_only_for_its_novel_share(
    ledger: Ledger, make: Make, rubric: LoadedRubric
) -> None:
    original = _run(ledger, make, rubric, {})
    partial = _run(ledger, make, rubric, _copy_of_a(0.6))
    assert partial.ledger.novel_records == SURVIVORS - int(SURVIVORS * 0.6)
    assert partial.ledger.credited_share == 0.4
    assert partial.award_yuan == partial.award.entitled_yuan * 0.4
    assert 0 < partial.award_yuan < original.award_yuan
    assert partial.ledger.decision == "first_award"


def test_under_the_credited_share_nothing_is_paid(
    ledger: Ledger, make: Make, rubric: LoadedRubric
) -> None:
    _run(ledger, make, rubric, {})
    mostly = _grade(ledger, make, rubric, **_copy_of_a(0.85))
    assert (mostly.ledger.decision, mostly.award_yuan) == ("copy_of_rewarded", 0.0)


def test_matches_of_unrewarded_submissions_do_not_count(
    ledger: Ledger, make: Make, rubric: LoadedRubric
) -> None:
    refused = _run(ledger, make, rubric, {"ingest.records_missing_provenance": 520000})
    assert refused.award_yuan == 0.0
    copy = _grade(ledger, make, rubric, **_copy_of_a(1.0))
    assert copy.ledger.matched == [] and copy.ledger.novel_records == SURVIVORS


def test_same_owner_new_name_is_not_paid_twice(
    ledger: Ledger, make: Make, rubric: LoadedRubric
) -> None:
    _run(ledger, make, rubric, {})
    renamed = _grade(
        ledger,
        make,
        rubric,
        **{
            "manifest.id": "sub-a-again",
            "dedup.rewarded_matches": [{"submission_id": "sub-a", "shared_records": SURVIVORS}],
        },
    )
    assert (renamed.ledger.decision, renamed.award_yuan) == ("already_rewarded", 0.0)
    assert renamed.ledger.own_matched_records == SURVIVORS
    assert renamed.ledger.previous_paid_yuan == 1000000.0


@pytest.mark.parametrize(
    ("prior", "paid", "decision"),
    [(600000, 400000.0, "prior_award_top_up"), (1200000, 0.0, "prior_award_more_favourable")],
)
def test_prior_award_elsewhere_most_favourable_once(
    prior: float, paid: float, decision: str, make: Make, rubric: LoadedRubric
) -> None:
    award = {
        "programme": "provincial data fund",
        "tier": "二等",
        "amount_yuan": prior,
        "year": 2025,
    }
    grade = grade_submission(make({"manifest.prior_awards": [award]}), rubric=rubric)
    assert (grade.award_yuan, grade.ledger.decision) == (paid, decision)
    assert grade.ledger.prior_awards_yuan == prior


def test_rerun_grades_identically_and_records_once(
    ledger: Ledger, make: Make, rubric: LoadedRubric
) -> None:
    before = _grade(ledger, make, rubric)
    entry = ledger.record(before, recorded_at=T0)
    after = _grade(ledger, make, rubric)
    assert after == before
    assert ledger.record(after) == entry
    assert len(ledger.entries()) == 1


def test_display_name_is_not_part_of_the_decision(
    ledger: Ledger, make: Make, rubric: LoadedRubric
) -> None:
    ledger.record(_grade(ledger, make, rubric), recorded_at=T0)
    renamed = _grade(ledger, make, rubric, **{"manifest.owner": "Owner A Univ."})
    ledger.record(renamed)
    assert len(ledger.entries()) == 1


def test_a_decision_on_an_outdated_ledger_is_refused(
    ledger: Ledger, make: Make, rubric: LoadedRubric
) -> None:
    stale = _grade(ledger, make, rubric)
    _run(ledger, make, rubric, {"manifest.id": "sub-z"})
    with pytest.raises(LedgerError, match="graded on 0"):
        ledger.record(stale)


def test_correction_is_a_new_entry(ledger: Ledger, make: Make, rubric: LoadedRubric) -> None:
    _run(ledger, make, rubric, THIRD_TIER)
    fix = ledger.correct(1, award_yuan=-100000.0, reason="cost cap missed", recorded_at=T0)
    assert (fix.entry_no, fix.kind, fix.corrects_entry) == (2, "correction", 1)
    upgrade = _grade(ledger, make, rubric, **{"dedup.content_fingerprint": "fp-version-2"})
    assert upgrade.ledger.previous_paid_yuan == 200000.0
    assert upgrade.award_yuan == 800000.0
    with pytest.raises(LedgerError, match="no ledger entry 9 "):
        ledger.correct(9, award_yuan=1.0, reason="x")


def _two_entries(ledger: Ledger, make: Make, rubric: LoadedRubric) -> None:
    _run(ledger, make, rubric, THIRD_TIER)
    _run(ledger, make, rubric, {})


def _tamper(ledger: Ledger, sql: str) -> None:
    con = duckdb.connect(str(ledger.path))
    con.execute(sql)
    con.close()


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("UPDATE award_ledger SET award_yuan = 999999 WHERE entry_no = 1", "edited"),
        ("DELETE FROM award_ledger WHERE entry_no = 1", "chain broken"),
        ("DELETE FROM award_ledger WHERE entry_no = 2", "removed from the tail"),
        ("DELETE FROM award_ledger", "removed from the tail"),
        ("DROP TABLE award_ledger", "removed from the tail"),
    ],
)
def test_ledger_refuses_edits_and_cut_tails(
    sql: str, message: str, ledger: Ledger, make: Make, rubric: LoadedRubric
) -> None:
    _two_entries(ledger, make, rubric)
    assert not any(hasattr(Ledger, name) for name in ("update", "delete", "edit"))
    _tamper(ledger, sql)
    with pytest.raises(LedgerTamperedError, match=message):
        ledger.entries()
    with pytest.raises(LedgerTamperedError):
        ledger.record(grade_submission(make({"manifest.id": "sub-z"}), rubric=rubric, ledger=[]))


def _rewrite_entry_two(ledger: Ledger) -> None:
    """Edit entry 2's amount and recompute its hash: a chain that holds on its own."""
    entries = ledger.entries()
    fields = entries[1].model_dump()
    fields["award_yuan"] = 999999.0
    fields["entry_hash"] = entry_hash(fields)
    _tamper(
        ledger,
        f"UPDATE award_ledger SET award_yuan = 999999, entry_hash = '{fields['entry_hash']}' "
        "WHERE entry_no = 2",
    )


def test_a_recomputed_chain_is_caught_by_a_head_kept_elsewhere(
    ledger: Ledger, make: Make, rubric: LoadedRubric
) -> None:
    _two_entries(ledger, make, rubric)
    kept = ledger.head()
    _rewrite_entry_two(ledger)
    with pytest.raises(LedgerTamperedError, match="rewritten"):
        ledger.entries()
    head_file(ledger.path).unlink()  # the head file beside it removed too
    assert ledger.entries()[1].award_yuan == 999999.0
    with pytest.raises(LedgerTamperedError, match="rewritten"):
        ledger.verify(head=kept)


def test_explain_entry_in_both_languages(ledger: Ledger, make: Make, rubric: LoadedRubric) -> None:
    from graders.ledger import explain_entry

    _run(ledger, make, rubric, {})
    text = explain_entry(ledger.entry(1))
    assert "sub-a" in text.en and "first" in text.en and "1e+06" not in text.en
    assert "CN:91110000MA0TEXTA0G" in text.en and "支付" in text.zh


def test_rewarded_owners_net_of_corrections(
    ledger: Ledger, make: Make, rubric: LoadedRubric
) -> None:
    _run(ledger, make, rubric, {})
    assert ledger.rewarded_owners() == {"sub-a": "CN:91110000MA0TEXTA0G"}
    ledger.correct(1, award_yuan=-1000000.0, reason="award withdrawn", recorded_at=T0)
    assert ledger.rewarded_owners() == {}


def test_reading_a_missing_ledger_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="no ledger file"):
        Ledger(tmp_path / "typo.duckdb", create=False)
    assert not (tmp_path / "typo.duckdb").exists()
    empty = Ledger(tmp_path / "new.duckdb")
    assert empty.head().hash == GENESIS and not (tmp_path / "new.duckdb").exists()


def test_entries_round_trip_the_table(ledger: Ledger, make: Make, rubric: LoadedRubric) -> None:
    _run(ledger, make, rubric, {})
    (entry,) = ledger.entries()
    assert LedgerEntry.model_validate(entry.model_dump()) == entry


def _rubric_file(tmp_path: Path, **changes: Any) -> Path:
    data = yaml.safe_load(Path("graders/rubrics/default-v1.yaml").read_text(encoding="utf-8"))
    data.update(changes)
    path = tmp_path / "rubric.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_rubric_cannot_pay_above_one_million(tmp_path: Path) -> None:
    with pytest.raises(RubricError, match="max_award_yuan"):
        load_rubric(_rubric_file(tmp_path, max_award_yuan=2_000_000))
    data = yaml.safe_load(Path("graders/rubrics/default-v1.yaml").read_text(encoding="utf-8"))
    data["tiers"][0]["amount_yuan"] = 1_500_000
    with pytest.raises(RubricError, match="above max_award_yuan"):
        load_rubric(_rubric_file(tmp_path, tiers=data["tiers"]))


def test_award_never_exceeds_the_rubric_cap(tmp_path: Path, make: Make) -> None:
    capped = load_rubric(
        _rubric_file(tmp_path, max_award_yuan=500_000, tiers=_tiers_up_to(500_000))
    )
    grade = grade_submission(make(), rubric=capped, ledger=[])
    assert grade.award_yuan == 500000.0 and grade.ledger.max_award_yuan == 500000.0


def _tiers_up_to(cap: float) -> list[dict[str, Any]]:
    data = yaml.safe_load(Path("graders/rubrics/default-v1.yaml").read_text(encoding="utf-8"))
    tiers: list[dict[str, Any]] = data["tiers"]
    for tier in tiers:
        tier["amount_yuan"] = min(tier["amount_yuan"], cap)
    return tiers


def test_a_report_cannot_state_an_award_the_ledger_does_not_hold(
    ledger: Ledger, make: Make, rubric: LoadedRubric
) -> None:
    from graders.award import LedgerMismatchError, with_ledger_entry

    grade = _run(ledger, make, rubric, THIRD_TIER).model_dump(mode="json")
    entry = ledger.entry(1).model_dump()
    filled = with_ledger_entry(grade, entry, chain_head=str(ledger.head()))
    assert filled["ledger"]["entry_no"] == 1  # type: ignore[index]
    with pytest.raises(LedgerMismatchError, match="award_yuan"):
        with_ledger_entry({**grade, "award_yuan": 600000.0}, entry, chain_head="1:x")
