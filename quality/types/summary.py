"""Per-submission measures of the type checks: the report's `types` section."""

from __future__ import annotations

import math
from typing import Any

import polars as pl

_DIGITS = 6


def rounded(value: Any) -> float | None:
    """Round to 6 places; None and NaN become None."""
    if value is None or math.isnan(float(value)):
        return None
    return round(float(value), _DIGITS)


def issue_rates(df: pl.DataFrame) -> dict[str, Any]:
    """Share of records with any type issue and the share per first-issue code."""
    total = max(df.height, 1)
    counts = df["t_issue"].drop_nulls().value_counts().sort("t_issue")
    per_code = {
        row["t_issue"]: rounded(row["count"] / total) for row in counts.iter_rows(named=True)
    }
    return {
        "records": df.height,
        "issue_rate": rounded(df["t_issue"].is_not_null().sum() / total),
        "issues": per_code,
    }


def flag_rates(df: pl.DataFrame) -> dict[str, float | None]:
    """Mean of every boolean `t_` signal (nulls = not judged are left out)."""
    columns = [c for c, dtype in df.schema.items() if c.startswith("t_") and dtype == pl.Boolean]
    return {c: rounded(df[c].cast(pl.Float64).mean()) for c in sorted(columns)}


def distribution(series: pl.Series) -> dict[str, float | None]:
    """Quantiles of a numeric signal."""
    clean = series.drop_nulls().cast(pl.Float64)
    if clean.is_empty():
        return {}
    return {
        f"p{int(q * 100):02d}": rounded(clean.quantile(q)) for q in (0.05, 0.25, 0.5, 0.75, 0.95)
    }


def class_balance(labels: pl.Series) -> dict[str, Any]:
    """Class counts, imbalance (largest / smallest) and normalised entropy (1 = balanced)."""
    counts = (
        labels.drop_nulls().value_counts().sort(["count", labels.name], descending=[True, False])
    )
    values = counts["count"].to_list()
    if not values:
        return {"classes": {}, "imbalance_ratio": None, "normalized_entropy": None}
    total = sum(values)
    entropy = -sum(v / total * math.log(v / total) for v in values)
    normalised = entropy / math.log(len(values)) if len(values) > 1 else 0.0
    return {
        "classes": dict(zip(counts[labels.name].to_list(), values, strict=True)),
        "imbalance_ratio": rounded(max(values) / min(values)),
        "normalized_entropy": rounded(normalised),
    }


def _counts(series: pl.Series) -> dict[str, int]:
    """Records per value, most frequent first (ties by value); null counts as ``und``."""
    filled = series.cast(pl.Utf8).fill_null("und").alias("value")
    counts = filled.value_counts().sort(["count", "value"], descending=[True, False])
    return {str(v): int(n) for v, n in counts.iter_rows()}


def sides(df: pl.DataFrame, prefixes: dict[str, str]) -> dict[str, Any]:
    """Per side (an instruction's prompt and output): records per language and per script, and
    the share whose language is the declared one (None when that side declares none)."""
    out: dict[str, Any] = {}
    for side, prefix in prefixes.items():
        matches = df[f"{prefix}lang_matches_declared"].drop_nulls()
        out[side] = {
            "languages": _counts(df[f"{prefix}lang"]),
            "scripts": _counts(df[f"{prefix}script"]),
            "declared_match_share": (
                rounded(matches.cast(pl.Float64).mean()) if matches.len() else None
            ),
        }
    return out
