"""Agreement on nominal labels: percent agreement, Cohen's kappa and Fleiss' kappa.

Each takes the long ratings table (item, annotator, value) and returns None when the statistic
is undefined (no item rated twice, or every rating in one category so chance agreement is 1).
"""

from __future__ import annotations

import polars as pl

from quality.audit.ratings import ratings, value_counts_per_item


def _pair_agreement(counts: pl.DataFrame) -> pl.DataFrame:
    """Per item, the share of rater pairs that agree: sum n_iv(n_iv - 1) / n_i(n_i - 1)."""
    return counts.group_by("item").agg(
        p_i=(pl.col("n_iv") * (pl.col("n_iv") - 1)).sum()
        / (pl.col("n_i").first() * (pl.col("n_i").first() - 1))
    )


def percent_agreement(table: pl.DataFrame) -> float | None:
    """Mean share of agreeing rater pairs over items rated at least twice.

    >>> t = pl.DataFrame({"item": [1, 1, 2, 2], "annotator": ["a", "b"] * 2,
    ...                   "value": ["x", "x", "x", "y"]})
    >>> percent_agreement(t)
    0.5
    """
    counts = value_counts_per_item(table)
    if counts.is_empty():
        return None
    return float(_pair_agreement(counts)["p_i"].mean())  # type: ignore[arg-type]


def _kappa(observed: float, expected: float) -> float | None:
    """Chance-corrected agreement; undefined when chance agreement is already perfect."""
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def fleiss_kappa(table: pl.DataFrame) -> float | None:
    """Fleiss' kappa for any number of raters per item (items rated once are left out).

    With unequal numbers of ratings per item each item's agreement uses its own count.
    """
    counts = value_counts_per_item(table)
    if counts.is_empty():
        return None
    observed = float(_pair_agreement(counts)["p_i"].mean())  # type: ignore[arg-type]
    shares = counts.group_by("value").agg(n=pl.col("n_iv").sum())
    total = float(shares["n"].sum())
    expected = float(((shares["n"] / total) ** 2).sum())
    return _kappa(observed, expected)


def _two_raters(table: pl.DataFrame, raters: tuple[str, str] | None) -> tuple[str, str]:
    """Pick the two raters Cohen's kappa compares, or fail if the table has another number."""
    if raters is not None:
        return raters
    names = sorted(str(name) for name in table["annotator"].unique().to_list())
    if len(names) != 2:
        msg = f"cohen_kappa needs exactly two annotators (pass raters=), found {len(names)}"
        raise ValueError(msg)
    return names[0], names[1]


def cohen_kappa(table: pl.DataFrame, *, raters: tuple[str, str] | None = None) -> float | None:
    """Cohen's kappa between two annotators on the items both rated.

    >>> t = pl.DataFrame({"item": [1, 1, 2, 2, 3, 3, 4, 4],
    ...                   "annotator": ["a", "b"] * 4,
    ...                   "value": ["y", "y", "n", "n", "y", "n", "n", "n"]})
    >>> cohen_kappa(t)
    0.5
    """
    rated = ratings(table).with_columns(pl.col("annotator").cast(pl.Utf8))
    first, second = _two_raters(rated, raters)
    left = rated.filter(pl.col("annotator") == first).select("item", a="value")
    right = rated.filter(pl.col("annotator") == second).select("item", b="value")
    pairs = left.join(right, on="item", how="inner")
    if pairs.is_empty():
        return None
    observed = float((pairs["a"] == pairs["b"]).mean())  # type: ignore[arg-type]
    share_a = pairs["a"].value_counts(normalize=True, name="pa")
    share_b = pairs["b"].value_counts(normalize=True, name="pb")
    joint = share_a.join(share_b, left_on="a", right_on="b", how="inner")
    expected = float((joint["pa"] * joint["pb"]).sum())
    return _kappa(observed, expected)
