"""Scoring and reporting for run_all.py: dedup precision/recall against the corpus truth, the
ratios to datatrove, bench/results/run_<docs>.json and the Markdown table README.md."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import polars as pl

SCORE_DOCS = "Precision: share of removed documents that belong to an injected duplicate group. "
SCORE_DOCS += "Recall: share of injected copies (exact or near) whose group lost a member."


OLD_CHAIN = (
    "- measured before issue 18: `end_to_end` ran signals, filters and dedup only (not the"
    " safety screen, type checks, type and safety filters), and datatrove read one file\n"
)


def truth_groups(folder: Path) -> pl.DataFrame:
    """(id, source, kind) for every injected exact or near copy."""
    truth = pl.read_ndjson(folder / "truth.jsonl")
    return truth.filter(pl.col("kind").is_in(["exact", "near"])).select("id", "source", "kind")


def score(removed: list[str], truth: pl.DataFrame) -> dict[str, Any]:
    """Precision and recall (overall and near-only) of a set of removed document ids."""
    gone = set(removed)
    members = set(truth["id"].to_list()) | set(truth["source"].to_list())
    hit = [c in gone or s in gone for c, s in zip(truth["id"], truth["source"], strict=True)]
    found = truth.with_columns(found=pl.Series(hit, dtype=pl.Boolean))
    near = found.filter(pl.col("kind") == "near")
    true_positive = len(gone & members)
    return {
        "removed": len(gone),
        "precision": round(true_positive / len(gone), 6) if gone else 1.0,
        "recall": round(found["found"].cast(pl.Float64).sum() / max(1, found.height), 6),
        "near_recall": round(near["found"].cast(pl.Float64).sum() / max(1, near.height), 6),
    }


def ours_removed(folder: Path, name: str = "dedup.parquet") -> list[str]:
    """Record ids a corpusgrade run's dedup marked as duplicates (`name` under `folder`)."""
    dedup = pl.read_parquet(folder / name, columns=["record_id", "dup_of"])
    return dedup.filter(pl.col("dup_of").is_not_null())["record_id"].to_list()


def chain_scores(folder: Path, truth: pl.DataFrame) -> dict[str, Any]:
    """Dedup scores of the dedup step alone (all records) and inside each whole run (only the
    records the filters kept take part, so a copy the filters dropped is not found by dedup)."""
    scores = {}
    if (folder / "dedup.parquet").exists():
        scores["dedup"] = score(ours_removed(folder), truth)
    for run in ("comparable", "full_chain", "stream_comparable", "stream_full_chain"):
        if (folder / f"{run}.parquet").exists():
            scores[run] = score(ours_removed(folder, f"{run}.parquet"), truth)
    return scores


def table(docs: int, ours: dict[str, dict[str, Any]], theirs: dict[str, Any] | None) -> str:
    """The Markdown rows for one corpus size."""
    pss = all("peak_pss_mb" in row for row in ours.values())
    peak = "peak MiB (PSS, process tree)" if pss else "peak MB (RSS)"
    lines = [
        f"\n### {docs:,} documents\n",
        f"| system / stage | s | docs/s | MB/s | {peak} | load average |",
    ]
    lines.append("|---|---:|---:|---:|---:|---:|")
    for stage, row in ours.items():
        load = f"{row['load_before']}-{row['load_after']}" if "load_before" in row else ""
        lines.append(
            f"| corpusgrade {stage} | {row['seconds']:.1f} | {row['docs_per_s']:,.0f} | "
            f"{row['mb_per_s']:.2f} | {row.get('peak_pss_mb', row['peak_rss_mb']):,.0f} | "
            f"{load} |"
        )
    if theirs is not None:
        for stage in ("filter", "dedup", "end_to_end"):
            row = theirs[stage]
            their_peak = theirs.get("peak_pss_mb", theirs["peak_rss_mb"])
            lines.append(
                f"| datatrove {stage} | {row['seconds']:.1f} | {row['docs_per_s']:,.0f} | "
                f"{row['mb_per_s']:.2f} | {their_peak:,.0f} | |"
            )
    return "\n".join(lines) + "\n"


def _datatrove_rows(theirs: dict[str, Any], docs: int, size_mb: float) -> dict[str, Any]:
    """Per-pipeline rows (seconds, docs/s, MB/s) for datatrove's filter, dedup and both."""
    seconds = {
        "filter": theirs["filter_seconds"],
        "dedup": theirs["dedup_seconds"],
        "end_to_end": theirs["filter_seconds"] + theirs["dedup_seconds"],
    }
    rows = {
        k: {"seconds": v, "docs_per_s": docs / v, "mb_per_s": size_mb / v}
        for k, v in seconds.items()
    }
    return {**theirs, **rows}


def speed_ratios(ours: dict[str, dict[str, Any]], theirs: dict[str, Any]) -> dict[str, float]:
    """docs/s of corpusgrade's whole runs over datatrove's filters + dedup (above 1: faster)."""
    base = theirs["end_to_end"]["docs_per_s"]
    whole = ("full_chain", "comparable", "stream_full_chain", "stream_comparable")
    runs = [run for run in whole if run in ours]
    return {run: round(ours[run]["docs_per_s"] / base, 3) for run in runs}


def report(
    *,
    docs: int,
    folder: Path,
    ours: dict[str, dict[str, Any]],
    theirs: dict[str, Any] | None,
    results: Path,
) -> None:
    """Score, print, and write run_<docs>.json and the README.md table."""
    size_mb = (folder / "data" / "corpus.jsonl").stat().st_size / 1e6
    truth = truth_groups(folder)
    figures: dict[str, Any] = {
        "docs": docs,
        "corpus_mb": round(size_mb, 1),
        "cpus": os.cpu_count(),
        "load_average_after": round(os.getloadavg()[0], 2),
        "corpusgrade": ours,
        "corpusgrade_dedup_score": chain_scores(folder, truth),
        "scoring": SCORE_DOCS,
    }
    if theirs is not None:
        removed = theirs.pop("removed_duplicates")
        theirs = _datatrove_rows(theirs, docs, size_mb)
        figures["datatrove"] = theirs
        figures["datatrove_dedup_score"] = score(removed, truth)
        figures["speed_ratio"] = speed_ratios(ours, theirs)
    (results / f"run_{docs}.json").write_text(json.dumps(figures, indent=2, sort_keys=True))
    print(json.dumps({k: v for k, v in figures.items() if "score" in k or "ratio" in k}))
    write_readme(results)


def write_readme(results: Path) -> None:
    """Rebuild README.md from every run_<docs>.json present."""
    parts = ["# Benchmark results (`make bench`)\n", SCORE_DOCS + "\n"]
    for path in sorted(results.glob("run_*.json"), key=lambda p: int(p.stem.split("_")[1])):
        figures = json.loads(path.read_text())
        theirs = figures.get("datatrove")
        parts.append(table(figures["docs"], figures["corpusgrade"], theirs))
        if "end_to_end" in figures["corpusgrade"]:
            parts.append(OLD_CHAIN)
        if theirs is not None and "conditions" in theirs:  # a datatrove run not on an idle machine
            parts.append(f"- datatrove conditions: {theirs['conditions']}\n")
        for key in ("corpusgrade_dedup_score", "datatrove_dedup_score", "speed_ratio"):
            if key in figures:
                parts.append(f"- {key}: `{json.dumps(figures[key], sort_keys=True)}`\n")
        parts.append(f"- corpus {figures['corpus_mb']} MB, load average after run ")
        parts.append(f"{figures['load_average_after']} on {figures['cpus']} CPUs\n")
    (results / "README.md").write_text("".join(parts))
    print((results / "README.md").read_text())
