"""Fuzz ingest with hostile submissions, one test per format: whatever the bytes, ingest either
returns with every row kept or quarantined (read = kept + quarantined, quarantine rows naming
file and line) or refuses the submission with a CorpusgradeError. Never another exception."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.fuzz.hostile import STRATEGIES, Case, Outcome, check_case

FUZZ = settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_COUNTER = itertools.count()


def _run(case: Case, tmp_path: Path) -> Outcome:
    """Check one case in its own folder (hypothesis reuses `tmp_path` across examples)."""
    n = next(_COUNTER)
    root, outside = tmp_path / f"s{n}", tmp_path / f"o{n}"
    try:
        return check_case(case, root, outside)
    finally:
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(outside, ignore_errors=True)


@pytest.mark.parametrize("kind", sorted(STRATEGIES))
def test_hostile_input_is_kept_quarantined_or_refused(kind: str, tmp_path: Path) -> None:
    seen: set[str] = set()

    @FUZZ
    @given(case=STRATEGIES[kind]())
    def probe(case: Case) -> None:
        outcome = _run(case, tmp_path)
        seen.add(outcome.status)
        assert outcome.problems == [], "\n".join(outcome.problems)

    probe()
    assert seen <= {"ingested", "refused"}
