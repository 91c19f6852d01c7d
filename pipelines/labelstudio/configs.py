"""The label configs in `label_configs/`, one per audit task, checked with LabelInterface.

An audit task's name is its file stem (`text_quality`, `translation`, ...). The task data a
config reads (`$text`, `$source`, ...) are its variables; push fills each from the sample's
`<variable>_masked` column so only masked text leaves the pipeline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from label_studio_sdk.label_interface import LabelInterface

from quality.audit.strata import AUDIT_TASKS
from schemas.errors import CorpusgradeError

CONFIG_DIR = Path(__file__).resolve().parents[2] / "label_configs"
_VARIABLE = re.compile(r'value="\$([A-Za-z_][A-Za-z0-9_]*)"')


class LabelConfigError(CorpusgradeError, ValueError):
    """A label config is missing or does not parse as a Label Studio config."""


@dataclass(frozen=True)
class LabelConfig:
    """One audit task's label config."""

    task: str
    xml: str
    variables: tuple[str, ...]

    @property
    def interface(self) -> LabelInterface:
        """The SDK's parsed view of the config (controls, objects, validation)."""
        return _interface(self.xml)

    def controls(self) -> dict[str, str]:
        """Control name -> result type as it appears in annotations (`choices`, `labels`, ...)."""
        return {control.name: control.tag.lower() for control in self.interface.controls}

    def choices(self, control: str) -> tuple[str, ...]:
        """The allowed values of a Choices/Labels control, in config order."""
        return tuple(self.interface.get_control(control).labels)

    def invalid_results(self, result: list[dict[str, object]]) -> list[str]:
        """Validation errors of one annotation's result list (empty when it is valid)."""
        errors = self.interface.validate_prediction({"result": result}, return_errors=True)
        return [str(error) for error in errors] if isinstance(errors, list) else []


@cache
def _interface(xml: str) -> LabelInterface:
    """Parse once per config text; LabelInterface parsing is the slow part of validation."""
    return LabelInterface(xml)


def load_config(task: str, *, config_dir: Path = CONFIG_DIR) -> LabelConfig:
    """Load and check the config of one audit task."""
    path = config_dir / f"{task}.xml"
    if not path.exists():
        message = f"no label config for audit task {task!r}: {path} does not exist"
        raise LabelConfigError(message)
    xml = path.read_text(encoding="utf-8")
    try:
        interface = _interface(xml)
    except Exception as error:
        message = f"label config {path} does not parse: {error}"
        raise LabelConfigError(message) from error
    if not interface.controls:
        message = f"label config {path} has no control tags: annotators could not answer"
        raise LabelConfigError(message)
    variables = tuple(dict.fromkeys(_VARIABLE.findall(xml)))
    return LabelConfig(task=task, xml=xml, variables=variables)


def load_all(*, config_dir: Path = CONFIG_DIR) -> dict[str, LabelConfig]:
    """Every shipped audit task's config, checked."""
    return {task: load_config(task, config_dir=config_dir) for task in AUDIT_TASKS}
