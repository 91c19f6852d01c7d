"""Curated export: the kept records as Parquet and a publishable Hugging Face dataset with a card.

This is the cleaning service the owner gets back. Text columns are the PII-masked ones (under
their original names) unless the owner asked for raw text; dropped records are left out and
counted per reason in the dataset card. Record ids follow the text: with masked text they are
`quality.pii.public_record_id` surrogates (an id holding a phone number or an e-mail address is
masked and suffixed with a keyed hash, an id without PII is unchanged), so a published export
never carries PII in its ids; `source_file` and `source_line` still find each row in the owner's
files. `curated.parquet` keeps the pipeline's provenance columns; `hf_dataset/` is what the
owner publishes: a `DatasetDict` with one `train` split, typed features per dataset type
(`ClassLabel`, `Translation`, `Sequence`), only the owner's columns plus `HUB_QUALITY_COLUMNS`,
a filled `DatasetInfo`, and a card whose header passes the Hub's checks.
"""

from __future__ import annotations

import json  # noqa: F401
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import datasets
import polars as pl
import xxhash

from pipelines.hub_card import TASK_CATEGORIES, card_text, check_card
from quality.pii import public_record_ids
from schemas.manifest import Manifest
from schemas.records import TEXT_COLUMNS, DatasetType, record_schema

_PROVENANCE = ("record_id", "source_file", "source_line", "source_details", "generated")
_SIGNALS = ("lang", "script", "n_units", "src_lang", "tgt_lang")
HUB_QUALITY_COLUMNS = ("record_id", "lang")
"""Columns the Hub export adds to the owner's: the record id and the measured language."""
_LANG_COLUMNS = (
    "lang",
    "source_lang",
    "target_lang",
    "lang_source",
    "lang_target",
    "src_lang",
    "tgt_lang",
)


def curated_table(
    df: pl.DataFrame,
    *,
    dataset_type: DatasetType,
    raw: bool = False,
    record_id_key: bytes | None = None,
) -> pl.DataFrame:
    """The kept rows with provenance, the type's columns (masked text unless `raw`) and lang.

    With masked text and the workspace's `record_id_key`, record ids become their public
    surrogates; `raw` (or no key) keeps the submitted ids.
    """
    kept = df.filter(pl.col("drop_reason").is_null()) if "drop_reason" in df.columns else df
    if record_id_key is not None and not raw and "record_id" in kept.columns:
        kept = kept.with_columns(public_record_ids(key=record_id_key))
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


SIZE_CATEGORIES: tuple[tuple[int, str], ...] = (
    (1_000, "n<1K"),
    (10_000, "1K<n<10K"),
    (100_000, "10K<n<100K"),
    (1_000_000, "100K<n<1M"),
    (10_000_000, "1M<n<10M"),
    (100_000_000, "10M<n<100M"),
    (1_000_000_000, "100M<n<1B"),
)
"""Upper bounds and the Hub's size-category tags (the `datasets` package's size_categories.json)."""


def _size_category(n: int) -> str:
    """Hugging Face size category tag for `n` records."""
    return next((tag for bound, tag in SIZE_CATEGORIES if n < bound), "1B<n<10B")


def measured_languages(table: pl.DataFrame, *, manifest: Manifest) -> list[str]:
    """Every language measured on any side of the kept records (declared ones if none measured).

    Reads `lang` and the per-side columns of pairs, most frequent first; `und` is left out.
    """
    counts: dict[str, int] = {}
    for column in _LANG_COLUMNS:
        if column not in table.columns:
            continue
        for code, n in table.group_by(column).len().iter_rows():
            if code and code != "und":
                counts[str(code)] = counts.get(str(code), 0) + int(n)
    ranked = sorted(counts, key=lambda code: (-counts[code], code))
    return ranked or list(manifest.languages)


def _pair_languages(table: pl.DataFrame, manifest: Manifest) -> tuple[str, str]:
    """Source and target language of a parallel corpus: declared, else the commonest per side."""
    if manifest.source_lang and manifest.target_lang:
        return str(manifest.source_lang), str(manifest.target_lang)
    sides = []
    for column in ("source_lang", "target_lang"):
        values = table[column].drop_nulls().mode().sort() if column in table.columns else None
        sides.append(str(values[0]) if values is not None and values.len() else "und")
    return sides[0], sides[1]


def _class_label(values: list[str]) -> datasets.ClassLabel:
    """A ClassLabel over `values` (declared order kept, duplicates dropped)."""
    return datasets.ClassLabel(names=list(dict.fromkeys(values)))


def hub_table(table: pl.DataFrame, *, manifest: Manifest) -> tuple[pl.DataFrame, datasets.Features]:
    """The owner's columns plus `HUB_QUALITY_COLUMNS`, and their Hub features for the type."""
    kind = manifest.dataset_type
    string = datasets.Value("string")
    quality = {c: string for c in HUB_QUALITY_COLUMNS if c in table.columns}
    base = table.select([pl.col(c) for c in quality])
    if kind == "parallel_corpus":
        src, tgt = _pair_languages(table, manifest)
        pair = pl.struct(pl.col("source").alias(src), pl.col("target").alias(tgt))
        frame = base.with_columns(table.select(pair.alias("translation")))
        owner: dict[str, Any] = {"translation": datasets.Translation(languages=[src, tgt])}
    elif kind == "classification":
        labels = manifest.label_set or sorted(table["label"].drop_nulls().unique().to_list())
        unknown = set(table["label"].drop_nulls().to_list()) - set(labels)
        labels = [*labels, *sorted(unknown)]
        frame = base.with_columns(table.select("text", "label"))
        owner = {"text": string, "label": _class_label(labels)}
    elif kind == "ner":
        span = {"start": datasets.Value("int64"), "end": datasets.Value("int64"), "label": string}
        owner = {"text": string, "entities": datasets.List(span)}
        columns = ["text", "entities"]
        if "tokens" in table.columns and table["tokens"].drop_nulls().len():
            tags = sorted(table["tags"].explode().drop_nulls().unique().to_list())
            owner |= {
                "tokens": datasets.Sequence(string),
                "tags": datasets.Sequence(_class_label(tags)),
            }
            columns += ["tokens", "tags"]
        frame = base.with_columns(table.select(columns))
    else:
        names = list(TEXT_COLUMNS[kind])
        frame = base.with_columns(table.select(names))
        owner = {name: string for name in names}
    return frame, datasets.Features({**quality, **owner})


def _to_dataset(frame: pl.DataFrame, features: datasets.Features) -> datasets.Dataset:
    """A `datasets.Dataset` with `features` (class labels encoded from their names)."""
    rows: dict[str, list[Any]] = {name: frame[name].to_list() for name in features}
    for name, feature in features.items():
        if isinstance(feature, datasets.ClassLabel):
            rows[name] = [feature.str2int(v) if v is not None else -1 for v in rows[name]]
        elif isinstance(feature, datasets.Sequence) and isinstance(
            feature.feature, datasets.ClassLabel
        ):
            inner = feature.feature
            rows[name] = [[inner.str2int(v) for v in seq] if seq else [] for seq in rows[name]]
    return datasets.Dataset.from_dict(rows, features=features)


def dataset_info(manifest: Manifest, features: datasets.Features) -> datasets.DatasetInfo:
    """The DatasetInfo shipped with the export: description, licence, features, provenance."""
    return datasets.DatasetInfo(
        description=f"{manifest.title} ({manifest.dataset_type}), submitted by {manifest.owner} "
        f"as `{manifest.id}`; curated by corpusgrade (kept records only, personal data masked).",
        license=manifest.license,
        features=features,
        dataset_name=manifest.id,
        config_name="default",
    )


def _grade_lines(grade: Mapping[str, Any] | None) -> list[str]:
    """The card's grade summary: score, tier and each gate's outcome (a note when not graded)."""
    if not grade:
        return ["Not graded yet: the grade summary appears once the submission is graded.", ""]
    lines = [
        f"- score: {grade.get('score', '—')}",
        f"- tier: {grade.get('tier', '—')}",
    ]
    gates = grade.get("gates") or []
    lines += [
        f"- gate {g.get('id', '?')}: {'passed' if g.get('passed') else 'failed'}" for g in gates
    ]
    return [*lines, ""]


def card_body(
    table: pl.DataFrame,
    *,
    manifest: Manifest,
    summary: Mapping[str, Any],
    raw: bool,
    grade: Mapping[str, Any] | None = None,
) -> str:
    """Markdown body: languages, sizes, filters applied, drops per reason, grade, provenance."""
    lang = pl.col("lang") if "lang" in table.columns else pl.lit("und")
    langs = table.group_by(lang.alias("lang")).len().sort(["len", "lang"], descending=[True, False])
    lang_rows = [f"| {code} | {n} |" for code, n in langs.iter_rows()]
    reasons = summary.get("dropped_by_reason", {})
    reason_rows = [f"| {reason} | {n} |" for reason, n in sorted(reasons.items())]
    rules = ", ".join(f"`{rule}`" for rule in summary.get("rules", [])) or "none"
    text_note = (
        "as submitted (raw, on the owner's request)."
        if raw
        else "normalised and personal information is masked with typed placeholders."
    )
    return "\n".join(
        [
            f"# {manifest.title}",
            "",
            f"Submission `{manifest.id}` by {manifest.owner}; dataset type "
            f"`{manifest.dataset_type}`.",
            f"Curated by corpusgrade: {table.height} records kept of {summary.get('records', 0)}.",
            f"Text is {text_note}",
            "",
            "## Grade",
            "",
            *_grade_lines(grade),
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
            "## Provenance",
            "",
            "Produced by the corpusgrade pipeline (ingest → normalise → filter → dedup → "
            "PII masking → curated export). Columns: the owner's fields plus "
            f"{', '.join(f'`{c}`' for c in HUB_QUALITY_COLUMNS)} (record id, measured "
            "language). `curated.parquet` beside this folder keeps source file and line of "
            "every record.",
            "",
        ]
    )


def export_curated(
    df: pl.DataFrame,
    out_dir: Path,
    *,
    manifest: Manifest,
    summary: dict[str, Any],
    raw: bool = False,
    grade: Mapping[str, Any] | None = None,
    record_id_key: bytes | None = None,
) -> None:
    """Write ``curated.parquet``, ``hf_dataset/`` (a ``DatasetDict`` saved to disk) and cards.

    `record_id_key` (the workspace's) turns record ids into public surrogates in a masked export.
    `summary` is :func:`quality.filters.summarize_filters` output (rules, drops per reason);
    `grade` the grade summary when the submission is graded. The card is checked offline
    (`pipelines.hub_card.validate_card`) before anything is written. Re-running replaces the
    folder's previous export; same input, same files.
    """
    table = curated_table(
        df, dataset_type=manifest.dataset_type, raw=raw, record_id_key=record_id_key
    )
    frame, features = hub_table(table, manifest=manifest)
    info = dataset_info(manifest, features)
    card = card_text(
        info=info,
        pretty_name=manifest.title,
        license_id=manifest.license,
        languages=measured_languages(table, manifest=manifest),
        task_categories=TASK_CATEGORIES[manifest.dataset_type],
        size_category=_size_category(table.height),
        body=card_body(table, manifest=manifest, summary=summary, raw=raw, grade=grade),
    )
    hf_dir = out_dir / "hf_dataset"
    check_card(card, path=hf_dir / "README.md")
    out_dir.mkdir(parents=True, exist_ok=True)
    parquet = out_dir / "curated.parquet"
    table.write_parquet(parquet, statistics=False)
    if hf_dir.exists():
        shutil.rmtree(hf_dir)
    datasets.disable_progress_bars()  # a progress bar per save would clutter CLI and run logs
    train = _to_dataset(frame, features)
    train.info.update(info)
    fingerprint = xxhash.xxh64_hexdigest(parquet.read_bytes())
    train = train.map(function=None, new_fingerprint=fingerprint)  # reproducible fingerprint
    datasets.DatasetDict({"train": train}).save_to_disk(str(hf_dir))
    (hf_dir / "README.md").write_text(card, encoding="utf-8")
    (out_dir / "README.md").write_text(card, encoding="utf-8")
