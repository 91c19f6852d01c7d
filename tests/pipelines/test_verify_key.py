"""`pipelines.verify.check_key`: the re-run's record-id key against the run's fingerprint."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.home import RECORD_ID_KEY_ENV, RECORD_ID_KEY_FILE, record_id_key_fingerprint
from pipelines.verify import check_key

KEY = bytes(range(32))
OTHER = bytes(range(1, 33))


def _home_with(tmp_path: Path, key: bytes) -> Path:
    """A workspace folder holding `key` as its record-id key file."""
    (tmp_path / RECORD_ID_KEY_FILE).write_text(key.hex(), encoding="ascii")
    return tmp_path


def _envelope(home: Path, key: bytes) -> dict[str, str]:
    """An envelope of a run in `home` made with `key`."""
    return {"corpusgrade_home": str(home), "record_id_key_sha256": record_id_key_fingerprint(key)}


@pytest.fixture(autouse=True)
def _no_key_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RECORD_ID_KEY_ENV, raising=False)


def test_the_run_key_passes(tmp_path: Path) -> None:
    assert check_key(_envelope(_home_with(tmp_path, KEY), KEY)) == []


def test_another_key_file_fails(tmp_path: Path) -> None:
    problems = check_key(_envelope(_home_with(tmp_path, OTHER), KEY))
    assert len(problems) == 1
    assert record_id_key_fingerprint(OTHER) in problems[0]


def test_another_key_in_the_variable_wins_and_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(RECORD_ID_KEY_ENV, OTHER.hex())
    assert len(check_key(_envelope(_home_with(tmp_path, KEY), KEY))) == 1


def test_the_run_key_in_the_variable_passes_without_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(RECORD_ID_KEY_ENV, KEY.hex())
    assert check_key(_envelope(tmp_path, KEY)) == []


def test_a_missing_key_fails_and_names_the_file(tmp_path: Path) -> None:
    problems = check_key(_envelope(tmp_path, KEY))
    assert len(problems) == 1
    assert str(tmp_path / RECORD_ID_KEY_FILE) in problems[0]
    assert not (tmp_path / RECORD_ID_KEY_FILE).exists()  # checking makes no key


def test_an_envelope_without_a_fingerprint_is_not_checked(tmp_path: Path) -> None:
    assert check_key({"corpusgrade_home": str(tmp_path)}) == []
