"""Dimension scores, the log-scaled Scale credit, the tier and the cost-capped award amount.

Pure functions of the measurements and the rubric; the ledger's verdict enters only as the
number of records that earn scale credit.
"""

from __future__ import annotations

import math

from graders import explain
from graders.indicators import r6, score_indicator
from graders.measures import declared_languages, language_shares, supported_languages
from graders.rubric import CostCap, Dimension, Rubric, ScaleBand, Tier
from schemas.grade import AwardDetail, Bilingual, DimensionResult, IndicatorResult
from schemas.measurements import Measurements

__all__ = [
    "award_amount",
    "credited_records",
    "scale_points",
    "score_dimensions",
    "select_tier",
]


def credited_records(m: Measurements, *, resubmission: bool) -> int:
    """Records that earn scale credit: deduplicated survivors not repeating rewarded data."""
    if resubmission:
        return 0
    return max(0, m.dedup.survivors - m.dedup.survivors_duplicating_rewarded)


def scale_points(credited: int, *, minimum: int, full_marks: int, maximum: float) -> float:
    """Log-scaled points: 0 at or below the minimum, full at or above full marks.

    >>> scale_points(1000, minimum=10, full_marks=100000, maximum=15.0)
    7.5
    """
    if credited <= minimum:
        return 0.0
    fraction = math.log(credited / minimum) / math.log(full_marks / minimum)
    return r6(min(1.0, fraction) * maximum)


def _band(band: ScaleBand, *, low_resource: bool) -> tuple[int, int]:
    if low_resource:
        return band.low_resource_minimum, band.low_resource_full_marks
    return band.minimum, band.full_marks


def _scale(
    dimension: Dimension, m: Measurements, rubric: Rubric, credited: int
) -> list[IndicatorResult]:
    supported = supported_languages(m, rubric)
    low = bool(set(supported) & set(rubric.languages.low_resource))
    unsupported = sorted(set(declared_languages(m)) - set(supported))
    minimum, full = _band(dimension.scale_bands[m.manifest.dataset_type], low_resource=low)
    score = scale_points(credited, minimum=minimum, full_marks=full, maximum=dimension.max)
    fix = dimension.fix
    result = IndicatorResult(
        id="S.records",
        rule_id="S.records:credited_records",
        name=Bilingual(zh="计入规模的记录数", en="Records earning scale credit"),
        standard=dimension.standard,
        numerator=float(credited),
        denominator=float(full),
        value=float(credited),
        score=score,
        max=dimension.max,
        evidence={
            "survivors": m.dedup.survivors,
            "survivors_duplicating_rewarded": m.dedup.survivors_duplicating_rewarded,
            "minimum": minimum,
            "full_marks": full,
            "low_resource": low,
            "languages_unsupported": ",".join(unsupported),
            **{f"language_share_{k}": r6(v) for k, v in sorted(language_shares(m).items())},
        },
        explanation=explain.scale_text(
            credited=credited, minimum=minimum, full_marks=full, score=score, maximum=dimension.max
        ),
        fix=None if score >= dimension.max or fix is None else Bilingual(zh=fix.zh, en=fix.en),
    )
    return [result]


def _dimension(
    dimension: Dimension, m: Measurements, rubric: Rubric, *, labelled: bool, credited: int
) -> DimensionResult:
    if dimension.kind == "scale":
        indicators = _scale(dimension, m, rubric, credited)
    else:
        extra = {} if labelled else dimension.unlabelled_redistribution
        indicators = [
            score_indicator(
                i, m, rubric=rubric, labelled=labelled, extra_points=extra.get(i.id, 0.0)
            )
            for i in dimension.indicators
        ]
    return DimensionResult(
        id=dimension.id,
        name=Bilingual(zh=dimension.name.zh, en=dimension.name.en),
        standard=dimension.standard,
        score=r6(sum(indicator.score for indicator in indicators)),
        max=dimension.max,
        indicators=indicators,
    )


def score_dimensions(
    m: Measurements, *, rubric: Rubric, labelled: bool, credited: int
) -> list[DimensionResult]:
    """Score every dimension of the rubric, in the rubric's order."""
    return [
        _dimension(d, m, rubric, labelled=labelled, credited=credited) for d in rubric.dimensions
    ]


def select_tier(
    tiers: list[Tier],
    *,
    total: float,
    dimensions: list[DimensionResult],
    eligible: bool,
    cap: str | None = None,
) -> Tier | None:
    """The highest tier whose total and per-dimension minimums are met, if eligible; with a
    `cap` (a tier id), no tier above it."""
    if not eligible:
        return None
    scores = {dimension.id: dimension.score for dimension in dimensions}
    ids = [tier.id for tier in tiers]
    allowed = tiers[ids.index(cap) :] if cap in ids else tiers
    for tier in allowed:
        minimums_met = all(scores.get(k, 0.0) >= v for k, v in tier.min_dimension.items())
        if total >= tier.min_total and minimums_met:
            return tier
    return None


def award_amount(
    tier: Tier | None, *, cap: CostCap, construction_cost: float | None
) -> AwardDetail:
    """The tier amount, capped at a share of the declared construction cost when enabled."""
    amount = tier.amount_yuan if tier else 0.0
    cap_yuan = (
        r6(cap.share * construction_cost) if cap.enabled and construction_cost is not None else None
    )
    entitled = amount if cap_yuan is None else min(amount, cap_yuan)
    return AwardDetail(tier_amount_yuan=amount, cost_cap_yuan=cap_yuan, entitled_yuan=r6(entitled))
