"""Per-language threshold packs: YAML data in ``quality/packs/``, merged over ``default.yaml``.

Per-language behaviour is data, not ``if lang == ...`` in code: each ``<lang>.yaml`` may override
single bounds of the default rules by rule id and give a stop-word list. The filter step reads
the merged packs; the signals stage reads only the stop-word lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from quality.dedup.params import DedupParams, NearRule

PACKS_DIR = Path(__file__).resolve().parent / "packs"
_NOT_PACKS = frozenset({"candidates.yaml"})


class Rule(BaseModel):
    """One filter rule: the record fails when `signal` is below `min` or above `max`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    signal: str
    min: float | None = None
    max: float | None = None
    scope: Literal["record", "document"] = "record"
    unit_bounds: dict[str, dict[str, float | None]] = Field(default_factory=dict)
    """Bounds for one record unit (``sentence``, ``paragraph``), replacing the pack's; a
    ``document``-scope rule applies to a unit other than documents only when listed here."""

    def bound(self, side: str, unit: str) -> tuple[bool, float | None]:
        """(True, value) when this rule sets `side` ("min"/"max") for `unit`, else (False, None)."""
        bounds = self.unit_bounds.get(unit, {})
        return (side in bounds, bounds.get(side))

    def applies_to(self, unit: str) -> bool:
        """Whether a document-scope rule runs on records of `unit` (record scope: always)."""
        return self.scope == "record" or unit == "document" or unit in self.unit_bounds


class LanguagePack(BaseModel):
    """The merged rules and stop words of one language (or of the default pack)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pack: str
    stopwords: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = Field(default_factory=tuple)


class NearDuplicateBounds(BaseModel):
    """What a near duplicate is for one record unit (``near_duplicates`` in ``default.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    jaccard: float = Field(gt=0.0, le=1.0)
    same_numbers: bool = False
    max_word_edits: int | None = Field(default=None, ge=0)
    max_edits: int | None = Field(default=None, ge=0)

    def rule(self, unit: str) -> NearRule:
        """The dedup rule of `unit` with these bounds."""
        return NearRule(
            unit=unit,
            same_numbers=self.same_numbers,
            max_word_edits=self.max_word_edits,
            max_edits=self.max_edits,
        )


class LanguagePacks(BaseModel):
    """The default pack plus the per-language packs, keyed by language code."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    default: LanguagePack
    languages: dict[str, LanguagePack]
    near_duplicates: dict[str, NearDuplicateBounds] = Field(default_factory=dict)
    """Per record unit; one table for all languages, since dedup compares across languages."""

    @classmethod
    def load(cls, directory: Path | None = None) -> LanguagePacks:
        """Read ``default.yaml`` and each ``<lang>.yaml`` of `directory` (default: packaged)."""
        folder = directory if directory is not None else PACKS_DIR
        data = _read_yaml(folder / "default.yaml")
        near = data.pop("near_duplicates", None) or {}
        default = LanguagePack.model_validate(data)
        languages: dict[str, LanguagePack] = {}
        for path in sorted(folder.glob("*.yaml")):
            if path.name == "default.yaml" or path.name in _NOT_PACKS:
                continue
            languages[path.stem] = merge_pack(default, _read_yaml(path))
        return cls(default=default, languages=languages, near_duplicates=near)

    def for_lang(self, lang: str | None) -> LanguagePack:
        """The pack of `lang`, or the default pack for languages without one."""
        return self.languages.get(lang or "", self.default)

    def dedup_params(self, params: DedupParams, unit: str) -> DedupParams:
        """`params` with the near-duplicate rule of `unit` (the document rule when not listed)."""
        bounds = self.near_duplicates.get(unit) or self.near_duplicates.get("document")
        if bounds is None:
            return params
        return params.for_unit(bounds.rule(unit), jaccard=bounds.jaccard)

    def thresholds(self) -> dict[str, Any]:
        """JSON-able view of every pack's bounds (for the report's provenance)."""
        packs = {"default": self.default, **self.languages}
        return {
            name: {
                r.id: {
                    "signal": r.signal,
                    "min": r.min,
                    "max": r.max,
                    "scope": r.scope,
                    **({"unit_bounds": r.unit_bounds} if r.unit_bounds else {}),
                }
                for r in pack.rules
            }
            for name, pack in sorted(packs.items())
        }


def merge_pack(default: LanguagePack, data: Mapping[str, Any]) -> LanguagePack:
    """Apply a language file's ``overrides`` (by rule id) and ``stopwords`` to the default pack."""
    overrides: Mapping[str, Mapping[str, float | None]] = data.get("overrides") or {}
    known = {rule.id for rule in default.rules}
    unknown = sorted(set(overrides) - known)
    if unknown:
        message = f"pack {data.get('pack')!r} overrides unknown rules: {', '.join(unknown)}"
        raise ValueError(message)
    rules = tuple(
        rule.model_copy(update=dict(overrides.get(rule.id, {}))) for rule in default.rules
    )
    stopwords = tuple(data.get("stopwords") or default.stopwords)
    return LanguagePack(pack=str(data["pack"]), stopwords=stopwords, rules=rules)


def _read_yaml(path: Path) -> dict[str, Any]:
    """Load one YAML mapping."""
    with path.open(encoding="utf-8") as handle:
        loaded = yaml.safe_load(handle)
    if not isinstance(loaded, dict):
        message = f"{path}: expected a YAML mapping"
        raise ValueError(message)
    return loaded


@lru_cache(maxsize=1)
def default_packs() -> LanguagePacks:
    """The packs shipped in ``quality/packs/`` (read once; the files are immutable data)."""
    return LanguagePacks.load()
