"""Curated export: the kept records as Parquet and a Hugging Face ``datasets`` folder with a card.

This is the cleaning service the owner gets back. Text columns are the PII-masked ones (under
their original names) unless the owner asked for raw text; dropped records are left out and
counted per reason in the dataset card.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import datasets
import polars as pl
import xxhash

from schemas.manifest import Manifest
from schemas.records import TEXT_COLUMNS, DatasetType, record_schema

_PROVENANCE = ("record_id", "source_file", "source_line", "source_details", "generated")
_SIGNALS = ("lang", "script", "n_units", "src_lang", "tgt_lang")


def curated_table(
    df: pl.DataFrame, *, dataset_type: DatasetType, raw: bool = False
) -> pl.DataFrame:
    """The kept rows with provenance, the type's columns (masked text unless `raw`) and lang."""
    kept = df.filter(pl.col("drop_reason").is_null()) if "drop_reason" in df.columns else df
    text_columns = TEXT_COLUMNS[dataset_type]
    columns: list[pl.Expr] = [pl.col(c) for c in _PROVENANCE if c in kept.columns]
    for name in record_schema(dataset_type).names():
        if name in _PROVENANCE or name not in kept.columns:
            continue
        masked = f"{name}_masked"
        use_masked = name in text_columns and not raw and masked in kept.columns
        columns.append(pl.col(masked).alias(name) if use_masked else pl.col(name))
    columns += [pl.col(c) for c in _SIGNALS if c in kept.columns]
    return kept.select(columns)


def _size_category(n: int) -> str:
    """Hugging Face size category tag for `n` records."""
    bounds = [(1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K")]
    bounds += [(1_000_000, "100K<n<1M"), (10_000_000, "1M<n<10M")]
    return next((tag for bound, tag in bounds if n < bound), "n>10M")


def dataset_card(
    table: pl.DataFrame, *, manifest: Manifest, summary: dict[str, Any], raw: bool
) -> str:
    """Markdown dataset card: languages, sizes, filters applied, records dropped per reason."""
    lang = pl.col("lang") if "lang" in table.columns else pl.lit("und")
    langs = table.group_by(lang.alias("lang")).len().sort(["len", "lang"], descending=[True, False])
    lang_rows = [f"| {code} | {n} |" for code, n in langs.iter_rows()]
    reasons = summary.get("dropped_by_reason", {})
    reason_rows = [f"| {reason} | {n} |" for reason, n in sorted(reasons.items())]
    rules = ", ".join(f"`{rule}`" for rule in summary.get("rules", [])) or "none"
    front = [
        "---",
        f"pretty_name: {json.dumps(manifest.title, ensure_ascii=False)}",
        f"license: {json.dumps(manifest.license, ensure_ascii=False)}",
        "language:",
        *[f"- {code}" for code in manifest.languages],
        "size_categories:",
        f"- {_size_category(table.height)}",
        "---",
    ]
    body = [
        f"# {manifest.title}",
        "",
        f"Submission `{manifest.id}` by {manifest.owner}; dataset type `{manifest.dataset_type}`.",
        f"Curated by corpusgrade: {table.height} records kept of {summary.get('records', 0)}.",
        "Text is "
        + (
            "as submitted (raw, on the owner's request)."
            if raw
            else "normalised and personal information is masked with typed placeholders."
        ),
        "",
        "## Languages (detected, kept records)",
        "",
        "| language | records |",
        "|---|---|",
        *lang_rows,
        "",
        "## Filters applied",
        "",
        f"Language-pack rules, first failed rule recorded: {rules}.",
        "",
        "## Records dropped per reason",
        "",
        "| reason | records |",
        "|---|---|",
        *(reason_rows or ["| (none) | 0 |"]),
        "",
    ]
    return "\n".join(front + body)


def export_curated(
    df: pl.DataFrame,
    out_dir: Path,
    *,
    manifest: Manifest,
    summary: dict[str, Any],
    raw: bool = False,
) -> None:
    """Write ``curated.parquet``, ``hf_dataset/`` (``save_to_disk``) and ``README.md`` cards.

    `summary` is :func:`quality.filters.summarize_filters` output (rules, drops per reason).
    Re-running replaces the folder's previous export; same input, same files.
    """
    table = curated_table(df, dataset_type=manifest.dataset_type, raw=raw)
    out_dir.mkdir(parents=True, exist_ok=True)
    parquet = out_dir / "curated.parquet"
    table.write_parquet(parquet, statistics=False)
    card = dataset_card(table, manifest=manifest, summary=summary, raw=raw)
    hf_dir = out_dir / "hf_dataset"
    if hf_dir.exists():
        shutil.rmtree(hf_dir)
    fingerprint = xxhash.xxh64_hexdigest(parquet.read_bytes())
    hf = datasets.Dataset(datasets.table.InMemoryTable(table.to_arrow()), fingerprint=fingerprint)
    datasets.disable_progress_bars()  # a progress bar per save would clutter CLI and run logs
    hf.save_to_disk(str(hf_dir))
    (hf_dir / "README.md").write_text(card, encoding="utf-8")
    (out_dir / "README.md").write_text(card, encoding="utf-8")
