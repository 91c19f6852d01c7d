"""Path safety and size limits: clear errors that name the file, nothing read outside."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from pipelines.ingest import IngestError, IngestLimits, ingest_submission, validate_submission
from schemas.manifest import FileSpec, Manifest

Submit = Callable[..., tuple[Path, Manifest]]
SPEC = {"path": "*.jsonl", "format": "jsonl", "fields": {"text": "text"}}


def test_glob_matching_nothing_is_an_error(submit: Submit) -> None:
    root, manifest = submit("text_corpus", [SPEC], {"other.txt": "x"})
    with pytest.raises(IngestError, match=r"\*\.jsonl: no jsonl file matches"):
        ingest_submission(root, manifest)


def test_symlink_pointing_outside_is_rejected(submit: Submit, tmp_path: Path) -> None:
    secret = tmp_path / "secret.jsonl"
    secret.write_text('{"text": "outside"}\n')
    root, manifest = submit("text_corpus", [SPEC], {"a.jsonl": '{"text": "in"}\n'})
    os.symlink(secret, root / "b.jsonl")
    with pytest.raises(IngestError, match=r"b\.jsonl: points outside the submission"):
        ingest_submission(root, manifest)


@pytest.mark.parametrize("pattern", ["../*.jsonl", "/tmp/*.jsonl"])
def test_escaping_globs_are_rejected_even_past_the_manifest(submit: Submit, pattern: str) -> None:
    root, manifest = submit("text_corpus", [SPEC], {"a.jsonl": '{"text": "in"}\n'})
    sneaky = FileSpec.model_construct(
        path=pattern, format="jsonl", fields={"text": "text"}, text_mode="line", encoding="utf-8"
    )
    forged = manifest.model_copy(update={"files": [sneaky]})
    with pytest.raises(IngestError, match="not allowed"):
        ingest_submission(root, forged)


def test_file_size_limit_names_the_file(submit: Submit) -> None:
    root, manifest = submit("text_corpus", [SPEC], {"big.jsonl": '{"text": "xxxxxxxx"}\n' * 10})
    with pytest.raises(IngestError, match=r"big\.jsonl: 210 bytes is over the limit of 100"):
        ingest_submission(root, manifest, limits=IngestLimits(max_file_bytes=100))


def test_file_count_limit(submit: Submit) -> None:
    files = {f"{i}.jsonl": '{"text": "x"}\n' for i in range(3)}
    root, manifest = submit("text_corpus", [SPEC], files)
    with pytest.raises(IngestError, match="3 files is over the limit of 2"):
        ingest_submission(root, manifest, limits=IngestLimits(max_files=2))


def test_validate_lists_file_line_field_problems(submit: Submit) -> None:
    body = '{"text": "ok"}\n{"text": 3}\n'
    root, _manifest = submit("text_corpus", [SPEC], {"a.jsonl": body})
    assert validate_submission(root) == [
        "a.jsonl:2: text: wrong_type: field 'text' should be a string"
    ]


def test_validate_reports_manifest_and_path_errors(submit: Submit) -> None:
    root, _manifest = submit("text_corpus", [SPEC], {"a.txt": "x"})
    assert validate_submission(root) == ["*.jsonl: no jsonl file matches this glob"]
    (root / "manifest.yaml").write_text("id: x\n")
    assert any("title: required field is missing" in p for p in validate_submission(root))


def test_a_valid_submission_validates_clean(submit: Submit) -> None:
    root, _manifest = submit("text_corpus", [SPEC], {"a.jsonl": '{"text": "ok"}\n'})
    assert validate_submission(root) == []
