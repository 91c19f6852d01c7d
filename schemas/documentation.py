"""The documentation items of TC609-5-2025-04 说明文档 0101–0104 (five items each).

Each section is optional and each item is free text; the G6 gate counts the items covered.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "DOCUMENTATION_ITEMS",
    "ApplicationNotes",
    "BasicInfo",
    "ConstructionProcess",
    "ContentFeatures",
    "Documentation",
]


class _Section(BaseModel):
    """A documentation section: five optional free-text items; unknown items are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def items_covered(self) -> int:
        """How many of the five items have non-blank text."""
        return sum(1 for value in self.model_dump().values() if value and str(value).strip())


class BasicInfo(_Section):
    """0101 基本信息: who made what, which version, when, how to reach them."""

    name: str | None = None
    publisher: str | None = None
    version: str | None = None
    release_date: str | None = None
    contact: str | None = None


class ContentFeatures(_Section):
    """0102 内容特征: what the data holds."""

    data_type: str | None = None
    scale: str | None = None
    languages: str | None = None
    domain: str | None = None
    format: str | None = None


class ConstructionProcess(_Section):
    """0103 构建过程: how the data was collected, cleaned, annotated and checked."""

    collection: str | None = None
    cleaning: str | None = None
    annotation: str | None = None
    quality_control: str | None = None
    tools: str | None = None


class ApplicationNotes(_Section):
    """0104 应用说明: what the data is for, its limits, terms, access and upkeep."""

    intended_use: str | None = None
    limitations: str | None = None
    license_terms: str | None = None
    access: str | None = None
    maintenance: str | None = None


class Documentation(BaseModel):
    """Sections keyed by their TC609 codes ("0101".."0104") in the manifest."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    basic_info: BasicInfo | None = Field(None, alias="0101")
    content_features: ContentFeatures | None = Field(None, alias="0102")
    construction_process: ConstructionProcess | None = Field(None, alias="0103")
    application_notes: ApplicationNotes | None = Field(None, alias="0104")

    def items_covered(self) -> dict[str, int]:
        """Items covered (0..5) per section code, e.g. {"0101": 5, "0102": 3, ...}."""
        sections = {
            "0101": self.basic_info,
            "0102": self.content_features,
            "0103": self.construction_process,
            "0104": self.application_notes,
        }
        return {code: (s.items_covered() if s else 0) for code, s in sections.items()}


DOCUMENTATION_ITEMS: dict[str, tuple[str, ...]] = {
    "0101": tuple(BasicInfo.model_fields),
    "0102": tuple(ContentFeatures.model_fields),
    "0103": tuple(ConstructionProcess.model_fields),
    "0104": tuple(ApplicationNotes.model_fields),
}
