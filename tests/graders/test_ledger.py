"""The award ledger: upgrades pay the difference, no double awards, and no edits."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from graders.grade import grade_submission
from graders.ledger import Ledger, LedgerTamperedError
from graders.rubric import LoadedRubric
from tests.graders.conftest import Make

THIRD_TIER = {
    "manifest.openness": "internal",
    "model_application": None,
    "dedup.survivors": 22361,
    "dedup.content_fingerprint": "fp-version-1",
}
T0 = "2026-01-01T00:00:00+00:00"


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    return Ledger(tmp_path / "registry.duckdb")


def test_upgrade_pays_only_the_difference(ledger: Ledger, make: Make, rubric: LoadedRubric) -> None:
    first = grade_submission(make(THIRD_TIER), rubric=rubric, ledger=ledger)
    assert (first.tier, first.award_yuan, first.ledger.decision) == (
        "third",
        300000.0,
        "first_award",
    )
    ledger.record(first, recorded_at=T0)
    improved = grade_submission(
        make({"dedup.content_fingerprint": "fp-version-2"}), rubric=rubric, ledger=ledger
    )
    assert improved.tier == "first"
    assert improved.ledger.decision == "upgrade_top_up"
    assert improved.ledger.previous_paid_yuan == 300000.0
    assert improved.award_yuan == 700000.0
    assert improved.ledger.related_entries == [1]
    ledger.record(improved, recorded_at=T0)
    assert [e.award_yuan for e in ledger.entries()] == [300000.0, 700000.0]


def test_no_top_up_when_already_paid_enough(
    ledger: Ledger, make: Make, rubric: LoadedRubric
) -> None:
    ledger.record(grade_submission(make(), rubric=rubric, ledger=ledger), recorded_at=T0)
    lower = grade_submission(make(THIRD_TIER), rubric=rubric, ledger=ledger)
    assert (lower.award_yuan, lower.ledger.decision) == (0.0, "already_rewarded")
    assert lower.ledger.refusal_reason is not None


def test_same_data_from_another_owner_gets_nothing(
    ledger: Ledger, make: Make, rubric: LoadedRubric
) -> None:
    ledger.record(grade_submission(make(), rubric=rubric, ledger=ledger), recorded_at=T0)
    copy = grade_submission(
        make({"manifest.id": "sub-b", "manifest.owner": "Owner B", "manifest.title": "Renamed"}),
        rubric=rubric,
        ledger=ledger,
    )
    assert copy.ledger.decision == "resubmission"
    assert copy.ledger.resubmission_of == "sub-a"
    assert copy.award_yuan == 0.0
    scale = next(d for d in copy.dimensions if d.id == "scale")
    assert scale.score == 0.0 and scale.indicators[0].numerator == 0.0
    assert "no second award" in copy.ledger.refusal_reason.en  # type: ignore[union-attr]


def test_same_owner_new_name_is_not_paid_twice(
    ledger: Ledger, make: Make, rubric: LoadedRubric
) -> None:
    ledger.record(grade_submission(make(), rubric=rubric, ledger=ledger), recorded_at=T0)
    renamed = grade_submission(make({"manifest.id": "sub-a-again"}), rubric=rubric, ledger=ledger)
    assert (renamed.ledger.decision, renamed.award_yuan) == ("resubmission", 0.0)


def test_mostly_overlapping_data_of_another_owner_is_refused(
    ledger: Ledger, make: Make, rubric: LoadedRubric
) -> None:
    ledger.record(grade_submission(make(), rubric=rubric, ledger=ledger), recorded_at=T0)
    overlap = {
        "manifest.id": "sub-c",
        "manifest.owner": "Owner C",
        "dedup.content_fingerprint": "fp-cccccccc",
        "dedup.prior_matches": [{"submission_id": "sub-a", "shared_records": 480000}],
    }
    grade = grade_submission(make(overlap), rubric=rubric, ledger=ledger)
    assert (grade.ledger.decision, grade.award_yuan) == ("rewarded_to_another_owner", 0.0)


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


def test_regrading_is_stable_and_recorded_once(
    ledger: Ledger, make: Make, rubric: LoadedRubric
) -> None:
    before = grade_submission(make(), rubric=rubric, ledger=ledger)
    entry = ledger.record(before, recorded_at=T0)
    after = grade_submission(make(), rubric=rubric, ledger=ledger)
    assert after == before
    assert ledger.record(after) == entry
    assert len(ledger.entries()) == 1


def test_correction_is_a_new_entry(ledger: Ledger, make: Make, rubric: LoadedRubric) -> None:
    ledger.record(grade_submission(make(THIRD_TIER), rubric=rubric, ledger=ledger), recorded_at=T0)
    fix = ledger.correct(1, award_yuan=-100000.0, reason="cost cap missed", recorded_at=T0)
    assert (fix.entry_no, fix.kind, fix.corrects_entry) == (2, "correction", 1)
    upgrade = grade_submission(
        make({"dedup.content_fingerprint": "fp-version-2"}), rubric=rubric, ledger=ledger
    )
    assert upgrade.ledger.previous_paid_yuan == 200000.0
    assert upgrade.award_yuan == 800000.0
    assert "corrects entry 1" in ledger.explain(fix).en


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE award_ledger SET award_yuan = 999999 WHERE entry_no = 1",
        "DELETE FROM award_ledger WHERE entry_no = 1",
    ],
)
def test_ledger_refuses_edits(
    tamper: str, ledger: Ledger, make: Make, rubric: LoadedRubric
) -> None:
    ledger.record(grade_submission(make(THIRD_TIER), rubric=rubric, ledger=ledger), recorded_at=T0)
    ledger.record(grade_submission(make(), rubric=rubric, ledger=ledger), recorded_at=T0)
    assert not any(hasattr(Ledger, name) for name in ("update", "delete", "edit"))
    con = duckdb.connect(str(ledger.path))
    con.execute(tamper)
    con.close()
    with pytest.raises(LedgerTamperedError):
        ledger.entries()
    with pytest.raises(LedgerTamperedError):
        ledger.record(grade_submission(make({"manifest.id": "sub-z"}), rubric=rubric))


def test_explain_entry_in_both_languages(ledger: Ledger, make: Make, rubric: LoadedRubric) -> None:
    entry = ledger.record(grade_submission(make(), rubric=rubric, ledger=ledger), recorded_at=T0)
    text = ledger.explain(entry)
    assert "sub-a" in text.en and "first" in text.en and "1e+06" not in text.en
    assert "支付" in text.zh


def test_rewarded_submissions_net_of_corrections(
    ledger: Ledger, make: Make, rubric: LoadedRubric
) -> None:
    ledger.record(grade_submission(make(), rubric=rubric, ledger=ledger), recorded_at=T0)
    assert ledger.rewarded_submissions() == {"sub-a"}
    ledger.correct(1, award_yuan=-1000000.0, reason="award withdrawn", recorded_at=T0)
    assert ledger.rewarded_submissions() == set()
