"""The rubric as data: a pydantic model of the versioned YAML file and its validating loader.

Every threshold, point value, scale band, tier amount and the cost cap come from this file, so an
operator ships a new rubric version without code changes. The loader returns the SHA-256 of the
file bytes, which every grade cites.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from graders.catalog import GATE_PARAMS, LOOKUP_MEASURES, RATIO_MEASURES
from schemas.errors import CorpusgradeError
from schemas.records import DatasetType

__all__ = [
    "DEFAULT_RUBRIC",
    "CostCap",
    "Dimension",
    "Gate",
    "Indicator",
    "LedgerRules",
    "LoadedRubric",
    "Rubric",
    "RubricError",
    "ScaleBand",
    "Tier",
    "load_rubric",
]

DEFAULT_RUBRIC = "default-v1.yaml"
_POINTS_TOLERANCE = 1e-6


class _Strict(BaseModel):
    """Base for rubric parts: unknown keys are errors so a typo in the file is caught."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Texts(_Strict):
    """A name or advice in Chinese and English."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Gate(_Strict):
    """A hard gate: its rule lives in code, its thresholds and advice here."""

    id: str
    name: Texts
    standard: str = Field(min_length=1, description="standard clause or 'own'")
    params: dict[str, float]
    fix: Texts

    @model_validator(mode="after")
    def _known(self) -> Gate:
        """The gate id must be known and its parameters exactly the ones its rule reads."""
        if self.id not in GATE_PARAMS:
            raise ValueError(f"unknown gate {self.id!r}; expected one of {sorted(GATE_PARAMS)}")
        missing = sorted(GATE_PARAMS[self.id] - set(self.params))
        extra = sorted(set(self.params) - GATE_PARAMS[self.id])
        if missing or extra:
            raise ValueError(f"gate {self.id}: missing params {missing}, unknown params {extra}")
        return self


class Indicator(_Strict):
    """One scored indicator: a ratio between floor and target, or a lookup table of points."""

    id: str = Field(pattern=r"^[A-Z]+\.[a-z0-9_]+$")
    name: Texts
    standard: str = Field(min_length=1)
    measure: str
    kind: Literal["ratio", "lookup"] = "ratio"
    points: float = Field(gt=0)
    floor: float = 0.0
    target: float = 1.0
    direction: Literal["higher", "lower"] = "higher"
    statistic: Literal["point", "wilson_lower"] = "point"
    table: dict[str, float] = Field(default_factory=dict)
    labelled_only: bool = False
    declared: bool = Field(default=False, description="owner-declared; a reviewer confirms it")
    fix: Texts

    @model_validator(mode="after")
    def _consistent(self) -> Indicator:
        """Ratio measures need a floor distinct from the target; lookups need a table."""
        known = RATIO_MEASURES if self.kind == "ratio" else LOOKUP_MEASURES
        if self.measure not in known:
            raise ValueError(f"{self.id}: unknown {self.kind} measure {self.measure!r}")
        if self.kind == "ratio" and (self.target > self.floor) != (self.direction == "higher"):
            raise ValueError(f"{self.id}: target must lie beyond floor in the {self.direction} way")
        if self.kind == "lookup" and not self.table:
            raise ValueError(f"{self.id}: a lookup indicator needs a table")
        if any(value > self.points + _POINTS_TOLERANCE for value in self.table.values()):
            raise ValueError(f"{self.id}: a table value exceeds the indicator's points")
        return self


class ScaleBand(_Strict):
    """Scale credit for one dataset type: log-scaled between a minimum and full marks."""

    minimum: int = Field(gt=0)
    full_marks: int = Field(gt=0)
    low_resource_minimum: int = Field(gt=0)
    low_resource_full_marks: int = Field(gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> ScaleBand:
        """Full marks must lie above the minimum, in both bands."""
        if self.full_marks <= self.minimum or self.low_resource_full_marks <= (
            self.low_resource_minimum
        ):
            raise ValueError("full_marks must exceed minimum")
        return self


class Dimension(_Strict):
    """A scored dimension: indicators, or (kind scale) the per-type scale bands."""

    id: str = Field(pattern=r"^[a-z_]+$")
    name: Texts
    kind: Literal["indicators", "scale"] = "indicators"
    max: float = Field(gt=0)
    standard: str = "own"
    indicators: list[Indicator] = Field(default_factory=list)
    scale_bands: dict[DatasetType, ScaleBand] = Field(default_factory=dict)
    unlabelled_redistribution: dict[str, float] = Field(
        default_factory=dict, description="indicator id -> extra points when unlabelled"
    )
    fix: Texts | None = None

    @model_validator(mode="after")
    def _points_add_up(self) -> Dimension:
        """Indicator points sum to the dimension max, and so do unlabelled redistributions."""
        if self.kind == "scale":
            if not self.scale_bands:
                raise ValueError(f"dimension {self.id}: kind scale needs scale_bands")
            return self
        total = sum(indicator.points for indicator in self.indicators)
        if abs(total - self.max) > _POINTS_TOLERANCE:
            raise ValueError(f"dimension {self.id}: indicator points {total} != max {self.max}")
        self._check_redistribution()
        return self

    def _check_redistribution(self) -> None:
        """Redistributed points must equal the labelled-only points and go to known ids."""
        ids = {indicator.id for indicator in self.indicators}
        unknown = sorted(set(self.unlabelled_redistribution) - ids)
        if unknown:
            raise ValueError(f"dimension {self.id}: redistribution to unknown {unknown}")
        labelled = sum(i.points for i in self.indicators if i.labelled_only)
        given = sum(self.unlabelled_redistribution.values())
        if labelled and abs(labelled - given) > _POINTS_TOLERANCE:
            raise ValueError(
                f"dimension {self.id}: labelled-only points {labelled} but {given} redistributed"
            )


class Tier(_Strict):
    """An award tier: minimum total, minimum per-dimension scores, amount in yuan."""

    id: str
    name: Texts
    min_total: float = Field(ge=0)
    min_dimension: dict[str, float] = Field(default_factory=dict)
    amount_yuan: float = Field(ge=0)


class CostCap(_Strict):
    """Optional cap of the award at a share of the declared construction cost."""

    enabled: bool = False
    share: float = Field(default=0.3, gt=0, le=1)


MAX_AWARD_YUAN = 1_000_000.0
"""The policy's ceiling per dataset (最高100万元): no rubric may set more, no decision pays more."""


class LedgerRules(_Strict):
    """Thresholds the award ledger applies."""

    same_data_share: float = Field(
        default=0.9,
        gt=0,
        le=1,
        description="overlap share with an earlier submission that makes it one",
    )
    min_credited_share: float = Field(
        default=0.2,
        ge=0,
        le=1,
        description="share of survivors not rewarded to another owner below which nothing is paid",
    )


class Languages(_Strict):
    """Language groups the type-and-value and scale rules use."""

    low_resource: list[str] = Field(default_factory=list)
    asean: list[str] = Field(default_factory=list)
    chinese: list[str] = Field(default_factory=lambda: ["zh"])
    coverage_min_share: float = Field(
        default=0.01,
        ge=0,
        le=1,
        description="share of kept records a declared language needs to count",
    )


class Rubric(_Strict):
    """A complete rubric file."""

    version: str = Field(min_length=1)
    title: Texts
    labelled_types: list[DatasetType]
    languages: Languages
    priority_domains: list[str]
    commercial_licences: list[str]
    gates: list[Gate]
    dimensions: list[Dimension]
    tiers: list[Tier]
    cost_cap: CostCap = CostCap()
    library_shortfall_cap_tier: str | None = Field(
        default=None,
        description="highest tier while G3's keyword library is below the standard's size",
    )
    ledger: LedgerRules = LedgerRules()
    max_award_yuan: float = Field(
        default=MAX_AWARD_YUAN,
        gt=0,
        le=MAX_AWARD_YUAN,
        description="per-dataset ceiling of everything paid for one dataset (policy: 1,000,000)",
    )

    def gate_param(self, gate_id: str, name: str) -> float:
        """A gate's threshold (e.g. G4's `max_residual_share`), for checks run before grading.

        Raises RubricError naming the gate when the rubric lacks it (a custom rubric may).
        """
        for gate in self.gates:
            if gate.id == gate_id:
                return gate.params[name]
        raise RubricError(f"the rubric has no gate {gate_id}, which a check before grading reads")

    @model_validator(mode="after")
    def _whole(self) -> Rubric:
        """Gates unique, dimensions sum to 100, tiers descending and naming real dimensions."""
        if len({gate.id for gate in self.gates}) != len(self.gates):
            raise ValueError("gate ids must be unique")
        total = sum(dimension.max for dimension in self.dimensions)
        if abs(total - 100) > _POINTS_TOLERANCE:
            raise ValueError(f"dimension maxima sum to {total}, expected 100")
        names = {dimension.id for dimension in self.dimensions}
        for tier in self.tiers:
            if set(tier.min_dimension) - names:
                raise ValueError(f"tier {tier.id}: unknown dimension in min_dimension")
        for tier in self.tiers:
            if tier.amount_yuan > self.max_award_yuan:
                raise ValueError(
                    f"tier {tier.id}: amount_yuan {tier.amount_yuan:,.0f} is above "
                    f"max_award_yuan {self.max_award_yuan:,.0f}"
                )
        cap = self.library_shortfall_cap_tier
        if cap is not None and cap not in {tier.id for tier in self.tiers}:
            raise ValueError(f"library_shortfall_cap_tier: unknown tier {cap!r}")
        totals = [tier.min_total for tier in self.tiers]
        if totals != sorted(totals, reverse=True):
            raise ValueError("tiers must be listed from the highest min_total down")
        return self


class LoadedRubric(_Strict):
    """A validated rubric with the SHA-256 of the exact file bytes it came from."""

    rubric: Rubric
    sha256: str
    version: str
    path: str


class RubricError(CorpusgradeError, ValueError):
    """A rubric file that cannot be used; str() lists every problem, one per line."""


def _default_bytes() -> tuple[bytes, str]:
    """The shipped default rubric's bytes and a display path."""
    resource = resources.files("graders") / "rubrics" / DEFAULT_RUBRIC
    return resource.read_bytes(), f"graders/rubrics/{DEFAULT_RUBRIC}"


def _problems(name: str, exc: ValidationError) -> str:
    """One line per pydantic error: `file: location: message`."""
    lines = []
    for error in exc.errors():
        loc = ".".join(str(part) for part in error["loc"]) or "(top level)"
        lines.append(f"{name}: {loc}: {str(error['msg']).removeprefix('Value error, ')}")
    return "\n".join(lines)


def load_rubric(path: Path | None = None) -> LoadedRubric:
    """Load and validate a rubric file (default: the shipped default-v1) and hash its bytes.

    Example::

        loaded = load_rubric()
        loaded.version, loaded.sha256[:12]
    """
    raw, shown = _default_bytes() if path is None else (Path(path).read_bytes(), str(path))
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RubricError(f"{shown}: not valid UTF-8 YAML: {exc}") from exc
    try:
        rubric = Rubric.model_validate(data)
    except ValidationError as exc:
        raise RubricError(_problems(shown, exc)) from exc
    digest = hashlib.sha256(raw).hexdigest()
    return LoadedRubric(rubric=rubric, sha256=digest, version=rubric.version, path=shown)
