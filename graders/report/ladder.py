"""The tier ladder of a report: every tier, where the submission stands, how far the next one is.

Pure: reads the report's grade block and the rubric's tiers (highest first, as the rubric lists
them). A reviewer reads "0.77 points below Second" here instead of working it out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from graders.rubric import Tier

__all__ = ["tier_ladder"]


def _dimension_scores(grade: Mapping[str, Any]) -> dict[str, float]:
    """Dimension id -> score from the grade block."""
    return {str(d["id"]): float(d["score"]) for d in grade.get("dimensions", [])}


def _rung(tier: Tier, total: float, dims: Mapping[str, float]) -> dict[str, Any]:
    """One tier: thresholds, points missing on the total and per dimension."""
    short = {
        dim: round(need - dims.get(dim, 0.0), 2)
        for dim, need in sorted(tier.min_dimension.items())
        if dims.get(dim, 0.0) < need
    }
    gap = round(max(0.0, tier.min_total - total), 2)
    return {
        "id": tier.id,
        "name": {"zh": tier.name.zh, "en": tier.name.en},
        "min_total": tier.min_total,
        "min_dimension": dict(sorted(tier.min_dimension.items())),
        "amount_yuan": tier.amount_yuan,
        "gap_total": gap,
        "gap_dimensions": short,
        "reached": gap == 0 and not short,
    }


def tier_ladder(grade: Mapping[str, Any], tiers: Sequence[Tier]) -> dict[str, Any]:
    """The ladder: `rungs` (highest first, `current` marks the tier awarded) and `next`.

    `next` is the lowest tier above the awarded one (the lowest tier when none is awarded), with
    the points missing; None at the top. `gates_block` is true when the submission is not
    eligible: then no score reaches a tier until the failed gates pass.
    """
    total = float(grade.get("total") or 0.0)
    dims = _dimension_scores(grade)
    rungs = [_rung(tier, total, dims) | {"current": tier.id == grade.get("tier")} for tier in tiers]
    current = next((i for i, r in enumerate(rungs) if r["current"]), len(rungs))
    above = rungs[current - 1] if current > 0 else None
    return {
        "total": total,
        "rungs": rungs,
        "next": above,
        "gates_block": not bool(grade.get("eligible", True)),
    }
