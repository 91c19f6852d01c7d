"""`corpusgrade verify`: an untouched output passes; a one-byte change anywhere fails clearly."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path
from types import ModuleType
from typing import Any

import polars as pl
import pytest
import typer
from typer.testing import CliRunner

from graders.report.provenance import build_provenance
from pipelines.defs.report import write_report_files, write_verify_state
from pipelines.outputs import write_outputs_manifest
from pipelines.provenance import collect_provenance, input_file_hashes
from pipelines.verify import differing_sections, verify_output


def _sample_module() -> ModuleType:
    """tests/graders/report/sample_report.py, loaded by path (tests are not a package)."""
    path = Path(__file__).resolve().parents[1] / "graders" / "report" / "sample_report.py"
    spec = importlib.util.spec_from_file_location("h9_sample_report_v", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _submission(folder: Path) -> Path:
    """A two-file submission folder."""
    folder.mkdir(parents=True)
    (folder / "manifest.yaml").write_text("id: sub-demo\n", encoding="utf-8")
    (folder / "data.jsonl").write_text('{"t": "Sâu đục thân", "l": "pest"}\n', encoding="utf-8")
    return folder


def _report_for(folder: Path) -> dict[str, Any]:
    """The sample report with provenance holding the folder's real file hashes."""
    sample = _sample_module()
    sections = sample.sections()
    sections["provenance"] = build_provenance(
        input_files=input_file_hashes(folder),
        **{k: v for k, v in _provenance_args(sections["provenance"]).items()},
    )
    return dict(sample.assemble_report(sections=sections))


def _provenance_args(block: dict[str, Any]) -> dict[str, Any]:
    """build_provenance keywords (except input_files) from an existing block."""
    return {
        "manifest_sha256": block["manifest_sha256"],
        "submission_sha256": block["submission_sha256"],
        "rubric": {"version": block["rubric_version"], "sha256": block["rubric_sha256"]},
        "langid_model": block["langid_model"],
        "seed": block["seed"],
        "software": block["corpusgrade"],
        "packages": block["packages"],
        "audit_source": block["audit_source"],
        "audit_export_sha256": block["audit_export_sha256"],
    }


@pytest.fixture
def output(tmp_path: Path, home: Path) -> Path:
    """An output folder as the report asset writes it, for a real submission folder."""
    folder = _submission(tmp_path / "submission")
    out = tmp_path / "out"
    out.mkdir()
    write_report_files(_report_for(folder), out)
    write_verify_state(out, annotations=pl.DataFrame(), rubric_path="", ledger_entry_no=None)
    envelope = {"submission_folder": str(folder), "settings": {"audit": "none", "rubric_path": ""}}
    (out / "envelope.json").write_text(json.dumps(envelope), encoding="utf-8")
    write_outputs_manifest(out)
    return out


def _same(out: Path, envelope: Any) -> dict[str, Any]:
    """A re-run that reproduces the stored report exactly."""
    return dict(json.loads((out / "report.json").read_bytes()))


def _flip_one_byte(path: Path, old: bytes, new: bytes) -> None:
    body = path.read_bytes()
    assert old in body
    path.write_bytes(body.replace(old, new, 1))


def _cli(out: Path) -> tuple[int, str]:
    """Exit code and output of `verify OUT --no-rerun`."""
    path = Path(__file__).resolve().parents[2] / "pipelines" / "cli" / "verify.py"
    spec = importlib.util.spec_from_file_location("h9_cli_verify", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # by path: pipelines.cli.__init__ mounts every sub-command
    app = typer.Typer()
    app.command()(module.verify)
    result = CliRunner().invoke(app, [str(out), "--no-rerun"])
    return result.exit_code, result.output


def test_untouched_output_verifies(output: Path) -> None:
    assert verify_output(output, rerun=_same).ok


def test_cli_exits_0_on_an_untouched_output_and_1_after_a_change(
    output: Path, tmp_path: Path
) -> None:
    assert _cli(output)[0] == 0
    _flip_one_byte(tmp_path / "submission" / "data.jsonl", b"pest", b"pesT")
    code, text = _cli(output)
    assert code == 1 and "input file data.jsonl was changed" in text


def test_one_byte_change_to_an_input_fails_naming_the_file(output: Path, tmp_path: Path) -> None:
    _flip_one_byte(tmp_path / "submission" / "data.jsonl", b"pest", b"pesT")
    result = verify_output(output, rerun=_same)
    assert not result.ok
    assert any("input file data.jsonl was changed" in p for p in result.problems)


def test_an_added_or_removed_input_fails(output: Path, tmp_path: Path) -> None:
    (tmp_path / "submission" / "extra.jsonl").write_text("{}\n", encoding="utf-8")
    (tmp_path / "submission" / "data.jsonl").unlink()
    problems = verify_output(output, rerun=None).problems
    assert any("extra.jsonl was added" in p for p in problems)
    assert any("data.jsonl is missing" in p for p in problems)


def test_one_byte_change_to_the_report_fails(output: Path) -> None:
    _flip_one_byte(output / "report.json", b'"seed": 42', b'"seed": 43')
    result = verify_output(output, rerun=_same)
    assert any("report.json was changed" in p for p in result.problems)


def test_a_forged_digest_is_caught_by_the_rerun(output: Path) -> None:
    """Edit the report *and* its .sha256: the re-run from the inputs still disagrees."""
    original = json.loads((output / "report.json").read_bytes())
    forged = json.loads((output / "report.json").read_bytes())
    forged["grade"]["award_yuan"] = 1_000_000.0
    write_report_files(forged, output)
    write_outputs_manifest(output)  # a forger who rewrites every hash
    result = verify_output(output, rerun=lambda out, env: original)
    assert result.problems == []
    assert result.sections == ["grade.award_yuan"]


def test_differing_sections_lists_each_changed_section() -> None:
    a = {"ingest": {"n": 1}, "grade": {"total": 1.0}, "audit": {}}
    b = {"ingest": {"n": 1}, "grade": {"total": 1.0000001}, "audit": {"x": 1}}
    assert differing_sections(a, b) == ["audit.x"]


def test_missing_report_is_a_clear_failure(output: Path) -> None:
    (output / "report.json").unlink()
    result = verify_output(output, rerun=_same)
    assert not result.ok and "report.json is missing" in result.problems[0]


def test_provenance_is_the_same_from_another_folder_and_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _submission(tmp_path / "a" / "submission")
    second = tmp_path / "b" / "elsewhere"
    shutil.copytree(first, second)
    blocks = []
    for folder, cwd in ((first, tmp_path / "a"), (second, tmp_path / "b")):
        monkeypatch.chdir(cwd)
        blocks.append(
            collect_provenance(
                folder=folder,
                manifest_sha256="m" * 8,
                submission_sha256="s" * 8,
                rubric_version="v1",
                rubric_sha256="r" * 8,
                seed=1,
                audit_source="none",
                annotations=None,
            )
        )
    assert blocks[0] == blocks[1]
    assert str(tmp_path) not in json.dumps(blocks[0])


def _run(folder: Path, out: Path, home: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """`corpusgrade run` of `folder` in its own CORPUSGRADE_HOME and working directory."""
    try:
        import pipelines.definitions  # noqa: F401
        from pipelines.runner import run_submission
    except ImportError as error:
        pytest.skip(f"the asset graph does not import yet: {error}")
    home.mkdir(parents=True)
    monkeypatch.setenv("CORPUSGRADE_HOME", str(home))
    monkeypatch.setenv("DAGSTER_HOME", str(home / "dagster"))
    monkeypatch.chdir(home)
    # Other engineers commit to this work tree while the test runs; the commit is pinned so
    # the comparison is about the pipeline, not about who committed in between.
    monkeypatch.setattr("pipelines.provenance.git_commit", lambda repo=None: "f" * 40)
    assert run_submission(folder, out=out).success
    return (out / "report.json").read_bytes()


@pytest.mark.slow
def test_two_runs_in_different_homes_and_folders_give_identical_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipelines.demo.text_corpus import write_text_submission

    first = write_text_submission(tmp_path / "a" / "news", seed=7)
    second = tmp_path / "b" / "copy" / "news"
    shutil.copytree(first, second)
    one = _run(first, tmp_path / "out1", tmp_path / "home1", monkeypatch)
    two = _run(second, tmp_path / "out2", tmp_path / "home2", monkeypatch)
    assert one == two
    assert str(tmp_path).encode() not in one
    assert verify_output(tmp_path / "out2").ok
    manifest = second / "manifest.yaml"
    manifest.write_bytes(manifest.read_bytes() + b"\n")
    problems = verify_output(tmp_path / "out2").problems
    assert any("manifest.yaml was changed" in p for p in problems)
