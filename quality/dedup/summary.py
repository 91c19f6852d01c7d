"""Prior-submission columns and the `dedup` section of report.json.

Pure functions: the registry (pipelines) produces the matches and overlap table; these attach
them to the records and summarise everything as a JSON-able dict with sorted keys and floats
rounded to 6 places.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from quality.dedup.params import DedupParams

MATCH_SCHEMA: dict[str, pl.DataType] = {
    "record_id": pl.Utf8(),
    "prior_submission": pl.Utf8(),
    "prior_record_id": pl.Utf8(),
    "jaccard": pl.Float64(),
}
"""Columns of a registry match table."""


def add_prior_matches(df: pl.DataFrame, matches: pl.DataFrame) -> pl.DataFrame:
    """Return `df` with `prior_submission` and `prior_record_id` (null where no earlier match).

    `matches` has at most one row per `record_id` (the registry picks the best match).
    """
    picked = matches.select("record_id", "prior_submission", "prior_record_id")
    base = df.drop([c for c in ("prior_submission", "prior_record_id") if c in df.columns])
    return base.join(picked, on="record_id", how="left", maintain_order="left")


def summarize_dedup(
    df: pl.DataFrame,
    *,
    params: DedupParams,
    overlaps: pl.DataFrame | None = None,
    stats: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """Return the report's `dedup` section: counts, clusters, S-curve, parameters, overlaps.

    `df` is `DedupResult.records` (optionally with prior columns); `overlaps` is
    `Registry.overlaps(...)`; `stats` is `DedupResult.stats`.
    """
    dups = df.filter(pl.col("dup_of").is_not_null())
    clusters = df.filter(pl.col("dup_cluster").is_not_null()).group_by("dup_cluster").len()
    considered = int(df["drop_reason"].is_null().sum()) + dups.height
    summary: dict[str, Any] = {
        "records_considered": considered,
        "duplicates": {
            "exact": int((dups["dup_kind"] == "exact").sum()),
            "near": int((dups["dup_kind"] == "near").sum()),
        },
        "duplicate_share": _round(dups.height / considered if considered else 0.0),
        "clusters": clusters.height,
        "largest_cluster": int(clusters["len"].max() or 0) if clusters.height else 0,  # type: ignore[arg-type]
        "parameters": {
            "num_perm": params.num_perm,
            "bands": params.bands,
            "rows": params.rows,
            "jaccard_threshold": params.jaccard_threshold,
            "near_duplicate_rule": params.rule.to_report(params.jaccard_threshold),
            "shingle_sizes": dict(sorted(params.shingle_sizes.items())),
            "seed": params.seed,
        },
        "explained": params.explain(),
        "s_curve": [{"jaccard": j, "p_detect": p} for j, p in params.s_curve()],
        "steps": dict(sorted((stats or {}).items())),
        "prior_overlap": _overlaps(overlaps),
    }
    if "prior_submission" in df.columns:
        summary["records_matching_prior"] = int(df["prior_submission"].is_not_null().sum())
    return _sorted(summary)


def _overlaps(overlaps: pl.DataFrame | None) -> list[dict[str, Any]]:
    """Return the overlap rows as dicts with rounded shares, in table order."""
    if overlaps is None:
        return []
    rows = overlaps.to_dicts()
    return [{k: _round(v) if isinstance(v, float) else v for k, v in r.items()} for r in rows]


def _round(value: float) -> float:
    """Round a float to 6 places (the report convention)."""
    return round(float(value), 6)


def _sorted(value: Any) -> Any:
    """Return dicts with sorted keys, recursively, so the JSON is canonical."""
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value
