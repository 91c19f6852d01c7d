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
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import xxhash

from quality.dedup.scripts import FAMILIES

_DEFAULT_SIZES: dict[str, int] = {"latin": 5, "cjk": 5, "thai_lao": 5, "khmer": 5, "burmese": 5}


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
        data["word_families"] = sorted(self.word_families)
        text = repr(
            sorted((k, sorted(v.items()) if isinstance(v, dict) else v) for k, v in data.items())
        )
        return xxhash.xxh3_64_hexdigest(text.encode())

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
                "measure of a near duplicate."
            ),
            "survivor": (
                "In each cluster the longest record is kept (ties: the smallest record_id); the "
                "others are marked duplicate_exact or duplicate_near."
            ),
        }
