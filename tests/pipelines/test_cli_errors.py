"""The CLI's first impression: a fast `--help` and user errors as one line, from real runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.demo import generate_demo
from pipelines.runner import RunFailed

runner = CliRunner()

HEAVY = ("label_studio_sdk", "dagster", "polars", "duckdb", "pandas", "graders.ledger")


def test_help_imports_nothing_heavy() -> None:
    """`corpusgrade --help` took 12.6 s on a loaded machine, ~8 s of it importing the SDK."""
    code = (
        "import sys\n"
        "from pipelines.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"


@pytest.fixture
def no_match(home: Path, tmp_path: Path) -> Path:
    """The classification demo with a file glob that matches nothing."""
    folder = generate_demo(tmp_path / "subs")[2]
    manifest = folder / "manifest.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("path: data/", "path: nothing/"), encoding="utf-8")
    assert "nothing/" in manifest.read_text(encoding="utf-8")
    return folder


def test_a_glob_matching_nothing_is_one_line_naming_the_glob(
    no_match: Path, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["run", str(no_match), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error: ")]
    assert len(errors) == 1, result.output
    assert "nothing/" in errors[0] and "matches" in errors[0]
    assert "Traceback" not in result.output
    assert "DagsterExecutionStepExecutionError" not in result.output


def test_debug_keeps_the_traceback(no_match: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["--debug", "run", str(no_match), "--out", str(tmp_path / "o")])
    assert isinstance(result.exception, RunFailed)
    assert "nothing/" in str(result.exception)


def test_a_bad_manifest_is_one_line_naming_the_file_and_field(home: Path, tmp_path: Path) -> None:
    folder = generate_demo(tmp_path / "subs")[2]
    manifest = folder / "manifest.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("openness: on_application", "openness: open"),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["run", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    (line,) = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert "manifest.yaml" in line and "openness" in line
