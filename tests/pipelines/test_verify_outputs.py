"""`verify` covers every file in OUT (issue 16): a one-byte change to any output — records,
quarantine, each report format, curated data, envelope, the stored registry — fails by name,
fast, before any file is parsed; a failed run leaves nothing stale that looks current."""

from __future__ import annotations

import json
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.defs.report import write_report_files, write_verify_state
from pipelines.outputs import (
    FAILED_NAME,
    check_outputs_manifest,
    mark_failed,
    publish,
    staging_folder,
    write_outputs_manifest,
)
from pipelines.verify import rerun_submission, verify_output
from tests.pipelines.test_verify import _report_for, _submission

OUTPUT_FILES = [
    "records.parquet",
    "quarantine.parquet",
    "report.json.sha256",
    "report.html",
    "report.md",
    "envelope.json",
    "curated/curated.parquet",
    "verify-state/state.json",
    "verify-state/registry.duckdb",
]


@pytest.fixture
def full_output(tmp_path: Path, home: Path) -> Path:
    """An output folder with every kind of output file, and its outputs.json."""
    folder = _submission(tmp_path / "submission")
    with duckdb.connect(str(home / "registry.duckdb")) as con:
        con.execute("CREATE TABLE t AS SELECT range AS n, 'x' || range AS s FROM range(5000)")
    out = tmp_path / "out"
    out.mkdir()
    write_report_files(_report_for(folder), out)
    write_verify_state(out, annotations=pl.DataFrame(), rubric_path="", ledger_entry_no=None)
    envelope = {"submission_folder": str(folder), "settings": {"audit": "none", "rubric_path": ""}}
    (out / "envelope.json").write_text(json.dumps(envelope), encoding="utf-8")
    records = pl.DataFrame({"record_id": ["a", "b"], "text": ["Sâu đục thân", "lúa"]})
    records.write_parquet(out / "records.parquet")
    records.head(0).write_parquet(out / "quarantine.parquet")
    (out / "curated").mkdir()
    records.write_parquet(out / "curated" / "curated.parquet")
    write_outputs_manifest(out)
    return out


def _flip_middle_byte(path: Path) -> None:
    body = bytearray(path.read_bytes())
    body[len(body) // 2] ^= 0x01
    path.write_bytes(bytes(body))


def test_an_untouched_full_output_verifies(full_output: Path) -> None:
    assert check_outputs_manifest(full_output) == []
    assert verify_output(full_output, rerun=None).ok


@pytest.mark.parametrize("name", OUTPUT_FILES)
def test_a_flipped_byte_in_any_output_fails_naming_it(full_output: Path, name: str) -> None:
    _flip_middle_byte(full_output / name)
    problems = verify_output(full_output, rerun=None).problems
    assert any(p.startswith(f"output file {name} was changed") for p in problems), problems


def test_an_approval_pasted_into_report_html_fails(full_output: Path) -> None:
    html = full_output / "report.html"
    text = html.read_text(encoding="utf-8")
    html.write_text(text.replace("</body>", "<p>APPROVED: award 1,000,000 yuan</p></body>"))
    problems = verify_output(full_output, rerun=None).problems
    assert problems == [problems[0]] and "report.html was changed" in problems[0]


def test_records_rewritten_with_one_text_changed_fail(full_output: Path) -> None:
    path = full_output / "records.parquet"
    pl.read_parquet(path).with_columns(text=pl.lit("changed")).write_parquet(path)
    assert any("records.parquet was changed" in p for p in verify_output(full_output).problems)


def test_a_corrupt_stored_registry_is_one_fail_line_within_seconds(full_output: Path) -> None:
    """The real re-run is asked for; the manifest check stops before DuckDB opens the file."""
    _flip_middle_byte(full_output / "verify-state" / "registry.duckdb")
    started = time.monotonic()
    result = verify_output(full_output, rerun=rerun_submission)
    assert time.monotonic() - started < 5
    assert len(result.problems) == 1 and "registry.duckdb was changed" in result.problems[0]


def test_added_and_removed_outputs_and_a_missing_manifest_fail(full_output: Path) -> None:
    (full_output / "approval.txt").write_text("approved\n", encoding="utf-8")
    (full_output / "report.md").unlink()
    problems = check_outputs_manifest(full_output)
    assert problems == [
        "output file approval.txt was added after the run (not in outputs.json)",
        "output file report.md is missing (outputs.json records it)",
    ]
    (full_output / "outputs.json").unlink()
    assert "outputs.json is missing" in check_outputs_manifest(full_output)[0]


def test_a_symlink_out_of_the_output_folder_never_matches(
    full_output: Path, tmp_path: Path
) -> None:
    target = tmp_path / "elsewhere.md"
    (full_output / "report.md").rename(target)
    (full_output / "report.md").symlink_to(target)
    assert any("report.md was changed" in p for p in check_outputs_manifest(full_output))


def test_publish_replaces_the_previous_run_and_keeps_other_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "curated").mkdir(parents=True)
    (out / "curated" / "old.parquet").write_bytes(b"old")
    (out / "report.json").write_bytes(b"old")
    (out / FAILED_NAME).write_text("{}", encoding="utf-8")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    staging = staging_folder(out)
    (staging / "report.json").write_bytes(b"new")
    write_outputs_manifest(staging)
    publish(staging, out)
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt", "outputs.json", "report.json"]
    assert (out / "report.json").read_bytes() == b"new" and not staging.exists()


def test_a_failed_run_leaves_no_stale_outputs(full_output: Path) -> None:
    (full_output / "notes.txt").write_text("mine", encoding="utf-8")
    mark_failed(full_output, submission_id="sub-demo", failures=["ingest: no file matches"])
    assert sorted(p.name for p in full_output.iterdir()) == ["notes.txt", FAILED_NAME]
    failed = json.loads((full_output / FAILED_NAME).read_text(encoding="utf-8"))
    assert failed["failures"] == ["ingest: no file matches"]
    assert not verify_output(full_output, rerun=None).ok
