"""`corpusgrade verify OUT`: check a report against its digest, its inputs and a fresh re-run.

Checks, cheapest first, each listing what differs: (0) every file in OUT matches the sha256
that `outputs.json` records (no file is parsed before this passes); (1) report.json matches
report.json.sha256 and is in canonical form; (2) the submission's files, the rubric and the
stored audit export still have the hashes the provenance records; (3) the award ledger of the
run's workspace still holds the report's entry with the same money, and the chain still reaches
the head the report records (no edit, no cut tail, no rewrite); (4) the record-id key the re-run
would use has the fingerprint `envelope.json` records (another key gives other surrogates);
(5) a re-run from those inputs in a temporary CORPUSGRADE_HOME gives the same digest, section
by section.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from graders.award import ledger_disagreements
from graders.ledger import LedgerError, LedgerTamperedError, parse_head
from graders.report.canonical import CanonicalError, canonical_bytes, digest
from pipelines.defs.report import ANNOTATIONS_FILE, STATE_DIR
from pipelines.home import RECORD_ID_KEY_FILE, existing_record_id_key, record_id_key_fingerprint
from pipelines.outputs import check_outputs_manifest, hash_differences
from pipelines.provenance import file_sha256, input_file_hashes
from pipelines.storage import asset_table
from pipelines.workspace import Workspace
from schemas.errors import CorpusgradeError
from schemas.report import SECTIONS

__all__ = [
    "Rerun",
    "VerifyResult",
    "check_digest",
    "check_inputs",
    "check_key",
    "check_ledger",
    "differing_sections",
    "rerun_submission",
    "verify_output",
]

Rerun = Callable[[Path, Mapping[str, Any]], dict[str, Any]]
"""(OUT folder, envelope) -> the report dict of a fresh run."""


@dataclass(frozen=True)
class VerifyResult:
    """What verify found: problems in words and the report sections that differ."""

    problems: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing differs."""
        return not self.problems and not self.sections


def _load(out: Path, name: str) -> bytes:
    """A file of the output folder; a missing one is a problem the caller reports."""
    path = out / name
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing")
    return path.read_bytes()


def check_digest(out: Path) -> list[str]:
    """report.json against report.json.sha256, and report.json's canonical form."""
    body = _load(out, "report.json")
    recorded = _load(out, "report.json.sha256").decode("utf-8", "replace").split()
    actual = hashlib.sha256(body).hexdigest()
    problems = []
    if not recorded or recorded[0] != actual:
        shown = recorded[0] if recorded else "nothing"
        problems.append(
            f"report.json was changed: its SHA-256 is {actual}, report.json.sha256 records {shown}"
        )
    try:
        canonical = canonical_bytes(json.loads(body))
    except (ValueError, CanonicalError) as error:
        return [*problems, f"report.json is not valid canonical JSON: {error}"]
    if canonical != body:
        problems.append("report.json is not in canonical form (edited by hand?)")
    return problems


def check_inputs(report: Mapping[str, Any], folder: Path, out: Path) -> list[str]:
    """Submission files, audit export and rubric against the hashes the provenance records."""
    prov = report["provenance"]
    recorded = {f["path"]: f["sha256"] for f in prov["input_files"]}
    found = {f["path"]: f["sha256"] for f in input_file_hashes(folder)} if folder.is_dir() else {}
    problems = [f"submission folder {folder} is missing"] if not folder.is_dir() else []
    problems += hash_differences("input file", recorded, found, by="the report")
    rubric = out / STATE_DIR / "rubric.yaml"
    if rubric.is_file() and file_sha256(rubric) != prov["rubric_sha256"]:
        problems.append(f"the stored rubric {rubric} does not match the report's rubric_sha256")
    return problems


def check_ledger(report: Mapping[str, Any], ledger_file: Path) -> list[str]:
    """The report's award against the ledger: same entry, same money, chain reaching its head."""
    from pipelines.ledger import Ledger

    grade = report.get("grade") or {}
    block = grade.get("ledger") or {}
    if not block.get("consulted", False):
        return []  # graded without a ledger (a library call): no award was recorded
    entry_no, head_text = block.get("entry_no"), block.get("chain_head")
    if entry_no is None or head_text is None:
        return ["report.json names no ledger entry or chain head (graded without the ledger?)"]
    try:
        ledger = Ledger(ledger_file, create=False)
        head = parse_head(str(head_text), where="report grade.ledger.chain_head")
        entry = ledger.entries(head=head)[int(entry_no) - 1] if int(entry_no) >= 1 else None
    except (LedgerError, LedgerTamperedError) as error:
        return [f"ledger {ledger_file}: {error}"]
    except IndexError:
        return [f"ledger {ledger_file} has no entry {entry_no}, which the report names"]
    if entry is None or entry.entry_hash != block.get("entry_hash"):
        return [f"ledger entry {entry_no} is not the entry the report was written from"]
    return ledger_disagreements(dict(grade), entry.model_dump())


def check_key(envelope: Mapping[str, Any]) -> list[str]:
    """The re-run's record-id key against the fingerprint the run's envelope records.

    The re-run takes CORPUSGRADE_RECORD_ID_KEY, else the key file of the run's workspace; an
    envelope written before fingerprints were kept is not checked.
    """
    recorded = envelope.get("record_id_key_sha256")
    original = envelope.get("corpusgrade_home")
    if recorded is None or not original:
        return []
    key = existing_record_id_key(Path(original))
    if key is None:
        return [
            f"no record-id key to re-run with: {Path(original) / RECORD_ID_KEY_FILE} is gone and "
            "CORPUSGRADE_RECORD_ID_KEY is not set"
        ]
    found = record_id_key_fingerprint(key)
    if found != recorded:
        return [
            f"the record-id key the re-run would use (fingerprint {found}) is not the run's "
            f"({recorded}): set CORPUSGRADE_RECORD_ID_KEY to the run's key"
        ]
    return []


def _differing_keys(recorded: Any, rerun: Any, prefix: str) -> list[str]:
    """`prefix.key` for each differing key of two objects, else `prefix` itself."""
    if not isinstance(recorded, Mapping) or not isinstance(rerun, Mapping):
        return [prefix]
    keys = sorted(set(recorded) | set(rerun))
    found = [f"{prefix}.{k}" for k in keys if digest(recorded.get(k)) != digest(rerun.get(k))]
    return found or [prefix]


def differing_sections(recorded: Mapping[str, Any], rerun: Mapping[str, Any]) -> list[str]:
    """Sections (as `section.key`) whose canonical digests differ between two reports."""
    keys = [*SECTIONS, *sorted(set(recorded) | set(rerun) - set(SECTIONS))]
    return [
        path
        for k in dict.fromkeys(keys)
        if digest(recorded.get(k)) != digest(rerun.get(k))
        for path in _differing_keys(recorded.get(k), rerun.get(k), k)
    ]


@contextmanager
def _temporary_home(home: Path) -> Iterator[None]:
    """Point CORPUSGRADE_HOME and DAGSTER_HOME at `home` for the duration, then restore."""
    saved = {k: os.environ.get(k) for k in ("CORPUSGRADE_HOME", "DAGSTER_HOME")}
    os.environ["CORPUSGRADE_HOME"] = str(home)
    os.environ["DAGSTER_HOME"] = str(home / "dagster")
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _restore_state(out: Path, home: Path, submission_id: str) -> bool:
    """Registry + ledger as they were after this grading; stored annotations. True if any."""
    state = out / STATE_DIR
    if (state / "registry.duckdb").is_file():
        # The ledger as it was right after this grading: the re-run repeats that decision, so
        # it is graded on the same earlier entries and names the same entry and chain head.
        shutil.copyfile(state / "registry.duckdb", home / "registry.duckdb")
    stored = state / ANNOTATIONS_FILE
    if stored.is_file():
        target = asset_table("annotations", submission_id, home=home)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(stored, target)
        return True
    return False


def _restore_key(envelope: Mapping[str, Any], home: Path) -> None:
    """The run's workspace record-id key in the re-run's home: the same key gives the same
    record-id surrogates, so the report can be byte-identical. (`CORPUSGRADE_RECORD_ID_KEY`,
    when set, wins over both.)"""
    original = envelope.get("corpusgrade_home")
    key = Path(original) / RECORD_ID_KEY_FILE if original else None
    if key is not None and key.is_file():
        shutil.copyfile(key, home / RECORD_ID_KEY_FILE)


def rerun_submission(out: Path, envelope: Mapping[str, Any]) -> dict[str, Any]:
    """Run the submission again in a temporary CORPUSGRADE_HOME; return its report dict.

    The re-run uses the local engine whatever engine the run used: both give the same report,
    so a Ray run is checked against the reference engine.
    """
    import dagster as dg

    from pipelines.definitions import build_definitions
    from pipelines.runner import export_outputs, instance, register_partition

    settings = envelope["settings"]
    rubric = out / STATE_DIR / "rubric.yaml"
    with tempfile.TemporaryDirectory(prefix="corpusgrade-verify-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        _restore_key(envelope, home)
        with _temporary_home(home):
            submission_id = register_partition(Path(envelope["submission_folder"]))
            has_annotations = _restore_state(out, home, submission_id)
            defs = build_definitions(
                audit=settings["audit"], rubric_path=str(rubric) if rubric.is_file() else ""
            )
            selection: dg.AssetSelection = dg.AssetSelection.all()
            if has_annotations:
                selection = selection - dg.AssetSelection.assets("annotations")
            job = dg.define_asset_job("verify", selection=selection)
            resolved = dg.Definitions.merge(defs, dg.Definitions(jobs=[job])).resolve_job_def(
                "verify"
            )
            result = resolved.execute_in_process(instance=instance(), partition_key=submission_id)
            if not result.success:
                raise RuntimeError(f"the re-run of {submission_id} failed")
            export_outputs(submission_id, Path(tmp) / "out")
            data: dict[str, Any] = json.loads((Path(tmp) / "out" / "report.json").read_bytes())
    return data


def verify_output(out: Path, *, rerun: Rerun | None = rerun_submission) -> VerifyResult:
    """All checks on an output folder, the file manifest first; `rerun=None` skips the re-run.

    Nothing in `out` is opened as Parquet or DuckDB before every file matched `outputs.json`,
    so a corrupt file gives one clear problem in seconds instead of a hang.
    """
    problems = check_outputs_manifest(out)
    try:
        problems += check_digest(out)
        report = json.loads(_load(out, "report.json"))
        envelope = json.loads(_load(out, "envelope.json"))
        folder = Path(envelope["submission_folder"])
    except (FileNotFoundError, ValueError, KeyError, TypeError) as error:
        return VerifyResult(problems=[*problems, _short(f"{type(error).__name__}: {error}")])
    problems += check_inputs(report, folder, out)
    home = envelope.get("corpusgrade_home")
    space = Workspace(Path(home)) if home else Workspace.current()
    problems += check_ledger(report, space.registry_file)
    if rerun is not None:
        problems += check_key(envelope)
    if problems or rerun is None:
        return VerifyResult(problems=problems)
    try:
        rerun_report = rerun(out, envelope)
    except (CorpusgradeError, duckdb.Error, RuntimeError, OSError) as error:
        return VerifyResult(problems=[_short(f"the re-run failed: {error}")])
    return VerifyResult(sections=differing_sections(report, rerun_report))


def _short(message: str, limit: int = 500) -> str:
    """One line of at most `limit` characters (a corrupt file can make error texts huge)."""
    line = " ".join(message.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
