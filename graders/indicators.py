"""Indicators: turn one measure into points between the rubric's floor and target, with evidence.

A ratio scores linearly from 0 at the floor to full points at the target (either direction); a
sample rate can be scored on its one-sided Wilson lower bound; a lookup reads points from the
rubric's table. Each result carries numerator, denominator, interval, sample ids and its standard.
"""

from __future__ import annotations

from graders import explain
from graders.measures import LOOKUPS, RATIOS, Observation, access_finding
from graders.rubric import Indicator, Rubric
from quality.audit.rates import wilson_interval, wilson_lower_bound
from schemas.grade import MAX_SAMPLE_IDS, Bilingual, EvidenceValue, IndicatorResult
from schemas.measurements import Measurements

__all__ = ["linear_fraction", "r6", "score_indicator"]


def r6(value: float) -> float:
    """Round to 6 places, the report's float precision (also removes -0.0)."""
    return round(value, 6) + 0.0


def linear_fraction(value: float, *, floor: float, target: float) -> float:
    """Share of the points earned: 0 at the floor, 1 at the target, clipped; either direction.

    >>> linear_fraction(0.985, floor=0.97, target=1.0)
    0.5
    """
    return min(1.0, max(0.0, (value - floor) / (target - floor)))


def _scored_value(indicator: Indicator, observation: Observation) -> float:
    """The point value or its one-sided Wilson lower bound, as the rubric asks."""
    if indicator.statistic == "wilson_lower" and observation.counts is not None:
        passes, size = observation.counts
        return wilson_lower_bound(passes, size)
    return observation.value


def _interval(observation: Observation) -> list[float] | None:
    """Two-sided 95% Wilson interval of a count-based rate."""
    if observation.counts is None:
        return None
    low, high = wilson_interval(*observation.counts)
    return [r6(low), r6(high)]


def _fix(indicator: Indicator, score: float, maximum: float) -> Bilingual | None:
    """The rubric's advice, shown only when points were lost."""
    return Bilingual(zh=indicator.fix.zh, en=indicator.fix.en) if score < maximum else None


def _name(indicator: Indicator) -> Bilingual:
    return Bilingual(zh=indicator.name.zh, en=indicator.name.en)


def _base(indicator: Indicator) -> dict[str, object]:
    """Fields every result of this indicator shares."""
    return {
        "id": indicator.id,
        "rule_id": f"{indicator.id}:{indicator.measure}",
        "name": _name(indicator),
        "standard": indicator.standard,
        "declared": indicator.declared,
        "statistic": indicator.statistic,
    }


def _not_applicable(indicator: Indicator) -> IndicatorResult:
    return IndicatorResult.model_validate(
        {
            **_base(indicator),
            "basis": _unmeasured_basis(indicator),
            "applicable": False,
            "measured": False,
            "score": 0.0,
            "max": 0.0,
            "explanation": explain.not_applicable_text(_name(indicator)),
        }
    )


def _lookup_evidence(
    indicator: Indicator, m: Measurements, rubric: Rubric
) -> dict[str, EvidenceValue]:
    """What a lookup read; for access, the declared level, the licence and any finding."""
    if indicator.measure != "access_level":
        return {}
    finding = access_finding(m, rubric)
    return {
        "declared_openness": m.manifest.openness,
        "licence": m.manifest.license,
        "finding": "openness_exceeds_licence" if finding else None,
    }


def _lookup(
    indicator: Indicator, m: Measurements, rubric: Rubric, maximum: float
) -> IndicatorResult:
    key = LOOKUPS[indicator.measure](m, rubric)
    earned = indicator.table.get(key, 0.0)
    score = r6(earned * maximum / indicator.points)
    evidence = _lookup_evidence(indicator, m, rubric)
    text = explain.lookup_text(_name(indicator), key=key, score=score, maximum=maximum)
    if evidence.get("finding"):
        text = explain.openness_finding_text(text, licence=m.manifest.license, key=key)
    return IndicatorResult.model_validate(
        {
            **_base(indicator),
            "basis": "declared",
            "numerator": r6(earned),
            "denominator": r6(max(indicator.table.values())),
            "value": key,
            "score": score,
            "max": r6(maximum),
            "evidence": evidence,
            "explanation": text,
            "fix": _fix(indicator, score, maximum),
        }
    )


def _declared_evidence(indicator: Indicator, m: Measurements) -> dict[str, EvidenceValue]:
    """For the declared model uplift: the evaluation file, its SHA-256 and what is wrong."""
    declared = m.model_application
    if indicator.measure != "model_uplift" or declared is None:
        return {}
    return {
        "metric": declared.metric,
        "evidence_path": declared.evidence_path,
        "evidence_sha256": declared.evidence_sha256,
        "problems": "; ".join(declared.problems) or None,
    }


def _unmeasured_basis(indicator: Indicator) -> str:
    """What the figure would have rested on, had it been measured."""
    if indicator.declared:
        return "declared"
    audited = indicator.statistic == "wilson_lower" or indicator.labelled_only
    return "sample" if audited else "census"


def _ratio(
    indicator: Indicator, m: Measurements, rubric: Rubric, maximum: float
) -> IndicatorResult:
    observation = RATIOS[indicator.measure](m, rubric)
    extra = _declared_evidence(indicator, m)
    if observation is None:
        return IndicatorResult.model_validate(
            {
                **_base(indicator),
                "basis": _unmeasured_basis(indicator),
                "evidence": extra,
                "measured": False,
                "score": 0.0,
                "max": r6(maximum),
                "explanation": explain.not_measured_text(_name(indicator), maximum=maximum),
                "fix": _fix(indicator, 0.0, maximum),
            }
        )
    scored = _scored_value(indicator, observation)
    fraction = linear_fraction(scored, floor=indicator.floor, target=indicator.target)
    score = r6(fraction * maximum)
    return IndicatorResult.model_validate(
        {
            **_base(indicator),
            "basis": observation.basis,
            "numerator": r6(observation.numerator),
            "denominator": None if observation.denominator is None else r6(observation.denominator),
            "value": r6(observation.value),
            "scored_value": r6(scored),
            "interval": _interval(observation),
            "sample_ids": sorted(observation.sample_ids)[:MAX_SAMPLE_IDS],
            "score": score,
            "max": r6(maximum),
            "evidence": {"floor": indicator.floor, "target": indicator.target, **extra},
            "explanation": explain.ratio_text(
                _name(indicator),
                numerator=observation.numerator,
                denominator=observation.denominator,
                scored=r6(scored),
                statistic=indicator.statistic,
                score=score,
                maximum=maximum,
                declared=indicator.declared,
            ),
            "fix": _fix(indicator, score, maximum),
        }
    )


def score_indicator(
    indicator: Indicator,
    m: Measurements,
    *,
    rubric: Rubric,
    labelled: bool,
    extra_points: float = 0.0,
) -> IndicatorResult:
    """Score one indicator; `extra_points` are the unlabelled redistribution it receives.

    Example::

        result = score_indicator(indicator, measurements, rubric=rubric, labelled=True)
        result.score, result.max, result.interval
    """
    if indicator.labelled_only and not labelled:
        return _not_applicable(indicator)
    maximum = indicator.points + extra_points
    if indicator.kind == "lookup":
        return _lookup(indicator, m, rubric, maximum)
    return _ratio(indicator, m, rubric, maximum)
