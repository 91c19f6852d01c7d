"""The rubric file is data: validated on load, hashed, and alone decides thresholds and amounts."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from graders.grade import grade_submission
from graders.rubric import RubricError, load_rubric
from tests.graders.conftest import Make

DEFAULT = Path(__file__).resolve().parents[2] / "graders" / "rubrics" / "default-v1.yaml"


def _write_variant(tmp_path: Path, change: dict[str, object]) -> Path:
    """Copy the default rubric with top-level keys replaced, as an operator would ship it."""
    data = yaml.safe_load(DEFAULT.read_text(encoding="utf-8"))
    data.update(change)
    path = tmp_path / "variant.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_default_rubric_hash_is_sha256_of_file_bytes() -> None:
    loaded = load_rubric()
    assert loaded.sha256 == hashlib.sha256(DEFAULT.read_bytes()).hexdigest()
    assert loaded.version == "default-v1"
    assert sum(d.max for d in loaded.rubric.dimensions) == 100


def test_rubric_change_changes_hash_and_tier(tmp_path: Path, make: Make) -> None:
    measurements = make({"manifest.openness": "internal", "model_application": None})
    before = grade_submission(measurements, rubric=load_rubric())
    tiers = yaml.safe_load(DEFAULT.read_text(encoding="utf-8"))["tiers"]
    tiers[0]["min_total"] = 80
    tiers[0]["amount_yuan"] = 900000
    variant = load_rubric(_write_variant(tmp_path, {"version": "default-v2", "tiers": tiers}))
    after = grade_submission(measurements, rubric=variant)
    assert variant.sha256 != load_rubric().sha256
    assert (before.total, before.tier, before.award_yuan) == (81.0, "second", 600000.0)
    assert (after.total, after.tier, after.award_yuan) == (81.0, "first", 900000.0)
    assert after.rubric.version == "default-v2"


def test_points_that_do_not_add_up_are_rejected(tmp_path: Path) -> None:
    dims = yaml.safe_load(DEFAULT.read_text(encoding="utf-8"))["dimensions"]
    dims[1]["indicators"][0]["points"] = 3
    with pytest.raises(RubricError, match=r"dimensions\.1.*indicator points 10.5 != max 10"):
        load_rubric(_write_variant(tmp_path, {"dimensions": dims}))


def test_unknown_gate_and_missing_params_are_rejected(tmp_path: Path) -> None:
    gates = yaml.safe_load(DEFAULT.read_text(encoding="utf-8"))["gates"]
    gates[0]["id"] = "G9"
    gates[1]["params"].pop("min_items_per_source")
    with pytest.raises(RubricError) as caught:
        load_rubric(_write_variant(tmp_path, {"gates": gates}))
    assert "unknown gate 'G9'" in str(caught.value)
    assert "missing params ['min_items_per_source']" in str(caught.value)


def test_unknown_key_is_a_typo_error(tmp_path: Path) -> None:
    with pytest.raises(RubricError, match="Extra inputs"):
        load_rubric(_write_variant(tmp_path, {"cost_capp": {"enabled": False}}))
