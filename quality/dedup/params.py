"""Dedup parameters: MinHash size, LSH banding, shingle sizes per script family, verification.

The stated measure (what decides a near duplicate): the Jaccard similarity of two records' sets
of character 5-grams, taken over the case-folded text with separators (Unicode categories Z, P,
S, C: spaces, punctuation, symbols, controls) left out, the same in every script; a record
shorter than 5 characters has one gram of all its characters. Two records are near duplicates
when that Jaccard is >= 0.8. Word n-grams (the scheme before) are still available per family
through `word_families`, but they are harsher on spelling edits than the character measure
(3% changed characters leave a character-5 Jaccard near 0.8 and a word-3 Jaccard near 0.45),
so they missed copies the stated measure calls near duplicates.

The defaults (100 permutations as 20 bands of 5 rows, verification at Jaccard 0.8) find a pair
with Jaccard 0.8 with probability 0.9996 and a pair with Jaccard 0.5 with probability 0.47; every
candidate is then verified on its real shingle sets, so a loose LSH threshold costs time, never
precision.

The rule depends on the record unit (`NearRule`, thresholds in `quality/packs/default.yaml`,
`near_duplicates`): for documents and paragraphs the Jaccard alone decides; two sentences of a
template that differ in one number or one word ("The price rose 5%" / "The price rose 7%") have
a Jaccard above 0.8 yet are distinct records, so for sentences the Jaccard only admits a pair and
`quality.dedup.unit_rule` then requires the same numbers and only typo-sized edits.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

import xxhash

from quality.dedup.scripts import FAMILIES

_DEFAULT_SIZES: dict[str, int] = {"latin": 5, "cjk": 5, "thai_lao": 5, "khmer": 5, "burmese": 5}


def _edits(n: int) -> str:
    """'1 edit', '2 edits'."""
    return f"{n} edit" + ("" if n == 1 else "s")


@dataclass(frozen=True)
class NearRule:
    """What, beyond the Jaccard, makes two records of one unit near duplicates.

    `None` / False: no such condition (the document rule). Values come from the language packs
    (`quality.language_packs.LanguagePacks.near_rule`), never from code.
    """

    unit: str = "document"
    same_numbers: bool = False
    """The records hold the same numbers (any script's digits), in the same order."""
    max_word_edits: int | None = None
    """Each changed place (edits fewer than 3 characters apart, about a word) differs by at
    most this many character edits (insert, delete, substitute, swap neighbours): a typo, not
    another word."""
    max_edits: int | None = None
    """At most this many character edits over all changed places."""

    def is_plain(self) -> bool:
        """True when the Jaccard alone decides (no extra condition)."""
        return not self.same_numbers and self.max_word_edits is None and self.max_edits is None

    def describe(self, jaccard: float) -> str:
        """The rule in one sentence for the report."""
        text = f"{self.unit}s are near duplicates when their character-5 Jaccard is >= {jaccard}"
        extra = []
        if self.same_numbers:
            extra.append("they hold the same numbers")
        if self.max_word_edits is not None:
            extra.append(f"each changed word differs by at most {_edits(self.max_word_edits)}")
        if self.max_edits is not None:
            extra.append(f"at most {_edits(self.max_edits)} in all")
        return text + (" and " + ", ".join(extra) if extra else "") + "."

    def to_report(self, jaccard: float) -> dict[str, object]:
        """JSON-able form for the report's dedup section (which rule decided)."""
        return {
            "unit": self.unit,
            "jaccard": jaccard,
            "same_numbers": self.same_numbers,
            "max_word_edits": self.max_word_edits,
            "max_edits": self.max_edits,
            "rule": self.describe(jaccard),
        }


@dataclass(frozen=True)
class DedupParams:
    """Parameters of exact + near-duplicate detection; see `explain()` for their meaning.

    Example:
        >>> DedupParams(num_perm=64, bands=16, rows=4).s_curve(points=3)
        [(0.0, 0.0), (0.5, 0.644), (1.0, 1.0)]
    """

    num_perm: int = 100
    bands: int = 20
    rows: int = 5
    shingle_sizes: dict[str, int] = field(default_factory=lambda: dict(_DEFAULT_SIZES))
    jaccard_threshold: float = 0.8
    seed: int = 20240601
    word_families: tuple[str, ...] = ()
    """Families shingled by words instead of characters (none by default: the stated measure)."""
    rule: NearRule = field(default_factory=NearRule)
    """The unit's conditions beyond the Jaccard (`for_unit` sets both from the packs)."""

    def __post_init__(self) -> None:
        """Reject inconsistent banding, unknown families and thresholds outside (0, 1]."""
        if self.bands * self.rows != self.num_perm:
            msg = f"bands x rows must equal num_perm: {self.bands} x {self.rows} != {self.num_perm}"
            raise ValueError(msg)
        unknown = sorted((set(self.shingle_sizes) | set(self.word_families)) - set(FAMILIES))
        if unknown or any(n < 1 for n in self.shingle_sizes.values()):
            msg = (
                f"shingle_sizes needs families {FAMILIES} with sizes >= 1; got {self.shingle_sizes}"
            )
            raise ValueError(msg)
        if not 0.0 < self.jaccard_threshold <= 1.0:
            msg = f"jaccard_threshold must be in (0, 1]; got {self.jaccard_threshold}"
            raise ValueError(msg)

    def for_unit(self, rule: NearRule, *, jaccard: float) -> DedupParams:
        """These parameters with a unit's rule and verification Jaccard (signatures unchanged)."""
        return replace(self, rule=rule, jaccard_threshold=jaccard)

    def sizes(self) -> list[int]:
        """Return the shingle size for each family code, in `FAMILIES` order."""
        return [self.shingle_sizes.get(name, _DEFAULT_SIZES[name]) for name in FAMILIES]

    def words(self) -> list[bool]:
        """Return, for each family code in `FAMILIES` order, whether its unit is a word."""
        return [name in self.word_families for name in FAMILIES]

    def p_detect(self, jaccard: float) -> float:
        """Return the probability that LSH proposes a pair with this Jaccard similarity."""
        return 1.0 - (1.0 - jaccard**self.rows) ** self.bands

    def s_curve(self, *, points: int = 21) -> list[tuple[float, float]]:
        """Return `points` evenly spaced (jaccard, p_detect) pairs, rounded to 3 places."""
        grid = [i / (points - 1) for i in range(points)]
        return [(round(j, 3), round(self.p_detect(j), 3)) for j in grid]

    def fingerprint(self) -> str:
        """Return a short hash of everything that changes signatures (registry compatibility)."""
        data = asdict(self)
        data.pop("jaccard_threshold")
        data.pop("rule")
        data["word_families"] = sorted(self.word_families)
        text = repr(
            sorted((k, sorted(v.items()) if isinstance(v, dict) else v) for k, v in data.items())
        )
        return xxhash.xxh3_64_hexdigest(text.encode())

    def _unit_rule_text(self) -> str:
        """The unit's extra conditions in words ('' for the plain Jaccard rule)."""
        if self.rule.is_plain():
            return ""
        return f" Rule for this unit: {self.rule.describe(self.jaccard_threshold)}"

    def explain(self) -> dict[str, str]:
        """Return the parameters in plain words for a reviewer."""
        sizes = ", ".join(f"{k} {v}" for k, v in zip(FAMILIES, self.sizes(), strict=True))
        return {
            "exact": (
                "Records whose normalised text (per dataset type key) is identical are exact "
                "duplicates."
            ),
            "shingles": (
                "Text is case-folded, spaces, punctuation and symbols are left out, and it is cut "
                "into overlapping pieces (shingles) of characters"
                + (f" (words for {', '.join(self.word_families)})" if self.word_families else "")
                + f", in every script. Sizes: {sizes}."
            ),
            "minhash": (
                f"Each record gets {self.num_perm} MinHash values; two records share a value with "
                "probability equal to the share of shingles they have in common (Jaccard)."
            ),
            "lsh": (
                f"The values are grouped into {self.bands} bands of {self.rows}; records agreeing "
                "on a whole band become candidates. A pair with Jaccard 0.8 is proposed with "
                f"probability {self.p_detect(0.8):.4f}, one with 0.5 with {self.p_detect(0.5):.2f}."
            ),
            "verification": (
                "Every candidate pair is checked on its real shingle sets; only pairs with "
                f"Jaccard >= {self.jaccard_threshold} join a cluster. This Jaccard is the stated "
                "measure of a near duplicate." + self._unit_rule_text()
            ),
            "survivor": (
                "In each cluster the longest record is kept (ties: the smallest record_id); the "
                "others are marked duplicate_exact or duplicate_near."
            ),
        }
