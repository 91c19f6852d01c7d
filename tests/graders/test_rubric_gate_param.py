"""`Rubric.gate_param`: the bound a check before grading reads from the run's rubric."""

import pytest

from graders.rubric import RubricError, load_rubric


def test_gate_param_reads_the_rubric_and_names_a_missing_gate() -> None:
    rubric = load_rubric(None).rubric
    assert rubric.gate_param("G4", "max_residual_share") == 0.001
    without = rubric.model_copy(update={"gates": [g for g in rubric.gates if g.id != "G4"]})
    with pytest.raises(RubricError, match="no gate G4"):
        without.gate_param("G4", "max_residual_share")
