"""The data-driven rules around lid.176: candidate set, script rules, Indonesian/Malay cues.

Everything configurable lives in ``quality/packs/candidates.yaml``; this module turns it into a
typed object and into Polars expressions, so per-language behaviour comes from data, not code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from quality.langid_prior import DeclaredPrior
from quality.scripts import KANA_PATTERN, letter_pattern, letters_expr

CANDIDATES_FILE = Path(__file__).resolve().parent / "packs" / "candidates.yaml"


@dataclass(frozen=True)
class ScriptRule:
    """A Unicode script that decides the language on its own, e.g. Thai script means ``th``."""

    script: str
    lang: str
    weight: float


@dataclass(frozen=True)
class PairRule:
    """Two languages lid.176 confuses, told apart by cue words (e.g. Indonesian vs Malay)."""

    first: str
    second: str
    prior_ratio: float
    cues: Mapping[str, tuple[str, ...]]

    def cue_pattern(self, lang: str) -> str:
        """A case-insensitive whole-word regex matching any cue of ``lang``."""
        words = sorted(self.cues.get(lang, ()), key=len, reverse=True)
        alternatives = "|".join(w.replace(" ", r"\s+") for w in words)
        return rf"(?i)\b(?:{alternatives})\b" if alternatives else r"[^\s\S]"


@dataclass(frozen=True)
class CandidateSet:
    """The configurable candidate languages and the rules applied before and after lid.176."""

    candidates: frozenset[str]
    top_k: int = 10
    fallback_ratio: float = 0.1
    max_chars: int = 600
    line_vote_below: float = 0.9
    max_vote_lines: int = 8
    scripts: tuple[ScriptRule, ...] = ()
    decisive_min_share: float = 0.3
    kana_min_share: float = 0.1
    aliases: Mapping[str, str] = field(default_factory=dict)
    pairs: tuple[PairRule, ...] = ()
    prior: DeclaredPrior = field(default_factory=DeclaredPrior)

    @classmethod
    def from_file(cls, path: Path = CANDIDATES_FILE) -> CandidateSet:
        """Load the candidate set from a YAML file (default: the shipped pack)."""
        with path.open(encoding="utf-8") as handle:
            return cls.from_mapping(yaml.safe_load(handle))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> CandidateSet:
        """Build the candidate set from an already parsed mapping (same keys as the YAML)."""
        scripts = tuple(
            ScriptRule(script=name, lang=str(rule["lang"]), weight=float(rule["weight"]))
            for name, rule in data.get("decisive_scripts", {}).items()
        )
        pairs = tuple(_pair_from_mapping(p) for p in data.get("pairs", []))
        return cls(
            candidates=frozenset(str(c) for c in data["candidates"]),
            top_k=int(data.get("top_k", 10)),
            fallback_ratio=float(data.get("fallback_ratio", 0.1)),
            max_chars=int(data.get("max_chars", 600)),
            line_vote_below=float(data.get("line_vote_below", 0.9)),
            max_vote_lines=int(data.get("max_vote_lines", 8)),
            scripts=scripts,
            decisive_min_share=float(data.get("decisive_min_share", 0.3)),
            kana_min_share=float(data.get("kana_min_share", 0.1)),
            aliases={str(k).lower(): str(v) for k, v in data.get("aliases", {}).items()},
            pairs=pairs,
            prior=DeclaredPrior.from_mapping(data.get("declared_prior")),
        )

    @property
    def model_candidates(self) -> frozenset[str]:
        """Candidates lid.176 may choose: not those a script rule decides (nor Japanese)."""
        by_script = {rule.lang for rule in self.scripts} | {"ja"}
        return self.candidates - by_script

    def canonical(self, code: str) -> str:
        """Map a declared code (``fil``, ``zh-Hant``, ``ind``) to the code ``lang`` uses."""
        lowered = code.strip().lower().replace("_", "-")
        return self.aliases.get(lowered, lowered.split("-")[0])

    def canonical_set(self, codes: Sequence[str]) -> frozenset[str]:
        """Canonical codes of a manifest's declared languages."""
        return frozenset(self.canonical(c) for c in codes if c.strip())


def _pair_from_mapping(data: Mapping[str, Any]) -> PairRule:
    first, second = (str(x) for x in data["langs"])
    cues = {str(k): tuple(str(w).lower() for w in v) for k, v in data.get("cues", {}).items()}
    return PairRule(
        first=first, second=second, prior_ratio=float(data.get("prior_ratio", 1.0)), cues=cues
    )


def script_count_exprs(text: pl.Expr, rules: CandidateSet) -> list[pl.Expr]:
    """Per-record character counts: letters, kana, and each decisive script (``sc_<Script>``)."""
    exprs = [
        letters_expr(text).cast(pl.UInt32).alias("sc_letters"),
        text.str.count_matches(KANA_PATTERN).alias("sc_kana"),
    ]
    exprs += [
        text.str.count_matches(letter_pattern(rule.script)).alias(f"sc_{rule.script}")
        for rule in rules.scripts
    ]
    return exprs
