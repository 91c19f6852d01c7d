"""The evidence every indicator of a report must carry, as a model and an exported JSON Schema.

A reviewer traces each number: numerator and denominator, what they rest on (every record, an
audited sample, or a declaration), the Wilson interval for samples and only for samples, up to 20
ids of the records or items behind it, the rule id and the standard clause. Indicators not
measured or not applicable say so and carry no numbers. `check_report_evidence` applies this to
every indicator of a report's grade block.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.grade import MAX_SAMPLE_IDS, Basis

__all__ = ["IndicatorEvidence", "check_report_evidence", "evidence_json_schema"]


class IndicatorEvidence(BaseModel):
    """The evidence part of one `grade.dimensions[].indicators[]` entry of report.json."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str = Field(pattern=r"^[A-Z]+\.[a-z0-9_]+$")
    rule_id: str = Field(pattern=r"^[A-Z]+\.[a-z0-9_]+:[a-z0-9_]+$")
    standard: str = Field(min_length=2, description="standard clause, or 'own'")
    measured: bool
    basis: Basis
    numerator: float | None
    denominator: float | None
    interval: list[float] | None = Field(min_length=2, max_length=2)
    sample_ids: list[str] = Field(max_length=MAX_SAMPLE_IDS)

    @model_validator(mode="after")
    def _complete(self) -> IndicatorEvidence:
        """Measured: both numbers; a sample: an interval and ids; a census: no interval."""
        if not self.measured:
            if self.numerator is not None or self.interval is not None:
                raise ValueError(f"{self.id}: not measured yet carries numbers")
            return self
        if self.numerator is None or self.denominator is None:
            raise ValueError(f"{self.id}: measured without numerator and denominator")
        if self.basis == "sample" and not self.sample_ids:
            raise ValueError(f"{self.id}: a sample figure without sample ids")
        # a statistic over the sample (agreement) has denominator 1 and no Wilson interval
        rate = self.denominator != 1.0
        if self.basis == "sample" and rate and self.interval is None:
            raise ValueError(f"{self.id}: a sample rate without its Wilson interval")
        if self.basis != "sample" and self.interval is not None:
            raise ValueError(f"{self.id}: a {self.basis} figure carries an interval")
        return self


def evidence_json_schema() -> dict[str, Any]:
    """JSON Schema of an indicator's evidence (the field rules; the cross-field rules are the
    model's validator)."""
    return IndicatorEvidence.model_json_schema()


def check_report_evidence(report: Mapping[str, Any]) -> list[IndicatorEvidence]:
    """Validate every indicator of a report (the whole report.json dict); raises on the first bad.

    Example::

        check_report_evidence(json.loads(Path("report.json").read_text()))
    """
    return [
        IndicatorEvidence.model_validate(indicator)
        for dimension in report["grade"]["dimensions"]
        for indicator in dimension["indicators"]
    ]
