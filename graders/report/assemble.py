"""Assemble `report.json` from the stage sections: distributions, masked examples, the model.

The stage summaries (`summarize_*`) arrive as dicts; this module adds the two sections only the
report needs (length/language distributions for the charts, masked examples per failure reason),
validates the whole against `schemas.report.Report` and returns the JSON-able dict.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from graders.report.excerpt import excerpt
from quality.pii import mask_pii, public_record_id
from schemas.report import Report

__all__ = [
    "LENGTH_EDGES",
    "assemble_report",
    "example_records",
    "length_distribution",
    "submission_section",
]

LENGTH_EDGES: tuple[int, ...] = (0, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192)
"""Lower edges of the character-length bins (doubling, so short and long records both show)."""

EXAMPLES_PER_REASON = 3


def length_distribution(records: pl.DataFrame) -> dict[str, Any]:
    """Records per length bin (characters of normalised content), kept and dropped apart."""
    length = (
        pl.col("n_chars") if "n_chars" in records.columns else pl.col("content").str.len_chars()
    )
    binned = records.select(
        pl.sum_horizontal([(length >= edge).cast(pl.Int32) for edge in LENGTH_EDGES[1:]]).alias(
            "bin"
        ),
        pl.col("drop_reason").is_null().alias("kept"),
    )
    counts = binned.group_by("bin", "kept").len()
    table = {(int(b), bool(k)): int(n) for b, k, n in counts.iter_rows()}
    bins = [
        {
            "from": edge,
            "to": LENGTH_EDGES[i + 1] if i + 1 < len(LENGTH_EDGES) else None,
            "kept": table.get((i, True), 0),
            "dropped": table.get((i, False), 0),
        }
        for i, edge in enumerate(LENGTH_EDGES)
    ]
    kept = records.filter(pl.col("drop_reason").is_null())
    langs = kept.group_by("lang").len().sort(["len", "lang"], descending=[True, False])
    return {
        "length_bins": bins,
        "kept_languages": {str(lang): int(n) for lang, n in langs.iter_rows()},
    }


def _dropped_examples(records: pl.DataFrame, key: bytes) -> dict[str, list[dict[str, Any]]]:
    """The first few dropped records per `drop_reason`, masked content only, ingest order;
    each text is an excerpt around the evidence for its reason (`graders.report.excerpt`)."""
    text = "content_masked" if "content_masked" in records.columns else "content_norm"
    picked = (
        records.filter(pl.col("drop_reason").is_not_null())
        .group_by("drop_reason", maintain_order=True)
        .head(EXAMPLES_PER_REASON)
        .select(
            "drop_reason",
            "record_id",
            "source_file",
            "source_line",
            pl.col(text).alias("text"),
        )
    )
    out: dict[str, list[dict[str, Any]]] = {}
    for row in picked.iter_rows(named=True):
        reason = str(row.pop("drop_reason"))
        shown = excerpt(reason, row["text"] or "")
        public = {"record_id": public_record_id(str(row["record_id"]), key=key), "text": shown}
        out.setdefault(reason, []).append(row | public)
    return out


def _quarantine_examples(quarantine: pl.DataFrame, key: bytes) -> dict[str, list[dict[str, Any]]]:
    """The first few quarantined rows per reason, raw text PII-masked (it never was before)."""
    picked = quarantine.group_by("reason", maintain_order=True).head(EXAMPLES_PER_REASON)
    out: dict[str, list[dict[str, Any]]] = {}
    for row in picked.iter_rows(named=True):
        masked = excerpt(f"quarantine:{row['reason']}", mask_pii(row["raw"] or "")[0])
        example = {
            "record_id": public_record_id(f"{row['source_file']}:{row['source_line']}", key=key),
            "source_file": row["source_file"],
            "source_line": row["source_line"],
            "text": masked,
            "detail": mask_pii(row["detail"] or "")[0],
        }
        out.setdefault(f"quarantine:{row['reason']}", []).append(example)
    return out


def example_records(
    records: pl.DataFrame, quarantine: pl.DataFrame, *, record_id_key: bytes
) -> dict[str, Any]:
    """Masked examples per failure reason: quarantine reasons (`quarantine:<reason>`), drops.

    Record ids holding PII are shown as surrogates keyed with `record_id_key` (the workspace's
    secret, `quality.pii.public_record_id`).
    """
    merged = _quarantine_examples(quarantine, record_id_key) | _dropped_examples(
        records, record_id_key
    )
    return dict(sorted(merged.items()))


def submission_section(manifest: Mapping[str, Any]) -> dict[str, Any]:
    """The `submission` section: the validated manifest (as stored by the `manifest` asset)."""
    return {"manifest": dict(manifest["manifest"]), "manifest_sha256": manifest["manifest_sha256"]}


def assemble_report(*, sections: Mapping[str, Any]) -> dict[str, Any]:
    """Validate the sections as a `Report` and return its JSON-able dict (None kept as null).

    `sections` maps every key of `schemas.report.SECTIONS` to its value (`types` and
    `expectations` may be None).
    """
    return Report.model_validate(dict(sections)).model_dump(mode="json")
