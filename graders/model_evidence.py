"""Check the declared model uplift (M.uplift) against its evaluation file inside the submission.

A declared A − B counts only when the manifest names an evaluation file inside the submission
folder, the file parses as the structure below, and its metric and numbers are the declared ones.
The file's SHA-256 is recorded so a reviewer can re-run the evaluation and compare.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from schemas.manifest import ModelApplicationSpec
from schemas.measurements import ModelApplication

__all__ = ["EvaluationFile", "check_model_evidence", "evidence_problems"]

TOLERANCE = 1e-9


class EvaluationFile(BaseModel):
    """The evaluation file's structure: what was evaluated, how, and both results."""

    model_config = ConfigDict(extra="allow", frozen=True)

    metric: str = Field(min_length=1)
    model: str = Field(min_length=1, description="the model trained or fine-tuned")
    eval_set: str = Field(min_length=1, description="the held-out evaluation set")
    seed: int
    command: str = Field(min_length=1, description="how to reproduce the evaluation")
    baseline: float = Field(description="B: without this dataset")
    with_dataset: float = Field(description="A: with this dataset")


def evidence_problems(raw: bytes, spec: ModelApplicationSpec) -> list[str]:
    """What is wrong with an evaluation file's bytes for this declaration (empty: nothing)."""
    try:
        parsed = EvaluationFile.model_validate(json.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [f"{spec.evidence}: not UTF-8 JSON ({exc})"]
    except ValidationError as exc:
        return [
            f"{spec.evidence}: {'.'.join(str(p) for p in e['loc']) or 'top level'}: {e['msg']}"
            for e in exc.errors()
        ]
    problems = []
    if parsed.metric != spec.metric:
        problems.append(f"{spec.evidence}: metric {parsed.metric!r} != declared {spec.metric!r}")
    for name in ("baseline", "with_dataset"):
        found, declared = getattr(parsed, name), getattr(spec, name)
        if abs(found - declared) > TOLERANCE:
            problems.append(f"{spec.evidence}: {name} {found} != declared {declared}")
    return problems


def check_model_evidence(
    folder: Path, spec: ModelApplicationSpec | None
) -> ModelApplication | None:
    """The measured model application of a submission folder (None when nothing is declared).

    Example::

        measured = check_model_evidence(submission_folder, manifest.model_application)
        measured.reproducible, measured.evidence_sha256
    """
    if spec is None:
        return None
    path = folder / spec.evidence
    declared = ModelApplication(
        metric=spec.metric,
        baseline=spec.baseline,
        with_dataset=spec.with_dataset,
        evidence_path=spec.evidence,
    )
    if not path.resolve().is_relative_to(folder.resolve()) or not path.is_file():
        problem = f"{spec.evidence}: evidence file not found inside the submission"
        return declared.model_copy(update={"problems": [problem]})
    raw = path.read_bytes()
    problems = evidence_problems(raw, spec)
    return declared.model_copy(
        update={
            "reproducible": not problems,
            "evidence_sha256": hashlib.sha256(raw).hexdigest(),
            "problems": problems,
        }
    )
