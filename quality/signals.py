"""The signals stage: content, normalisation, script, units, language, PII and heuristic signals.

One composition of the pure steps, DataFrame in, DataFrame out: the same rows in the same order
with the signal columns of ``docs/design.md`` added; nothing is dropped here (filters run after).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from quality.heuristics import add_heuristic_signals
from quality.langid import LanguageIdentifier, add_language_columns, summarize_languages
from quality.langid_sides import add_side_signals, both_sides, summarize_sides
from quality.language_packs import LanguagePacks, default_packs
from quality.normalize import normalize_texts, normalize_with_flags
from quality.pii import add_pii_columns, summarize_pii
from quality.scripts import dominant_script_expr, script_counts
from schemas.records import TEXT_COLUMNS

# Types whose text carries character offsets (NER spans): their `<col>_masked` is masked from the
# submitted text, not the normalised one, so offsets outside masked spans stay valid.
_OFFSET_TYPES = frozenset({"ner"})


def _joined(columns: Sequence[str]) -> pl.Expr:
    """The columns joined by a newline, null or empty parts left out."""
    parts = pl.concat_list([pl.col(c).fill_null("") for c in columns])
    return parts.list.eval(pl.element().filter(pl.element() != "")).list.join("\n")


def add_content(records: pl.DataFrame, *, dataset_type: str) -> pl.DataFrame:
    """Add ``content``: the text the signals and dedup look at (design.md, per dataset type).

    >>> add_content(pl.DataFrame({"source": ["a"], "target": ["b"]}),
    ...             dataset_type="parallel_corpus")["content"].to_list()
    ['a\\nb']
    """
    columns = TEXT_COLUMNS[dataset_type]
    return records.with_columns(_joined(columns).alias("content"))


def _masked_type_columns(
    normalised: pl.DataFrame, raw: pl.DataFrame, dataset_type: str
) -> pl.DataFrame:
    """`<col>_masked` for each type text column (normalised text, or submitted for NER)."""
    source = raw if dataset_type in _OFFSET_TYPES else normalised
    columns = list(TEXT_COLUMNS[dataset_type])
    masked = add_pii_columns(source.select(columns), columns=columns)
    return masked.select([f"{c}_masked" for c in columns])


def add_signals(
    records: pl.DataFrame,
    *,
    dataset_type: str,
    declared_languages: Sequence[str],
    packs: LanguagePacks | None = None,
    identifier: LanguageIdentifier | None = None,
) -> pl.DataFrame:
    """Add content_norm, zawgyi_converted, content_masked, ``<col>_masked``, script, n_chars,
    n_units, lang*, pii_* and ``q_*`` signals (design.md). Rows and order are kept; ``content``
    is added if missing.
    """
    chosen = packs if packs is not None else default_packs()
    df = (
        records if "content" in records.columns else add_content(records, dataset_type=dataset_type)
    )
    content_norm, zawgyi = normalize_with_flags(df.get_column("content"))
    df = df.with_columns(content_norm.alias("content_norm"), zawgyi.alias("zawgyi_converted"))
    pii = add_pii_columns(df.select(pl.col("content_norm").alias("content")), columns=["content"])
    df = df.with_columns(*pii.drop("content").get_columns())
    columns = list(TEXT_COLUMNS[dataset_type])
    if columns == ["text"] and dataset_type not in _OFFSET_TYPES:
        # content is the text column itself: its masked form is content_masked.
        df = df.with_columns(pl.col("content_masked").alias("text_masked"))
    else:
        normalised = df.select([normalize_texts(df.get_column(c)).alias(c) for c in columns])
        df = df.with_columns(*_masked_type_columns(normalised, df, dataset_type).get_columns())
    ident = identifier if identifier is not None else LanguageIdentifier.default()
    decisive = [rule.script for rule in ident.rules.scripts]
    counts = script_counts(df.get_column("content_norm"), scripts=decisive)
    df = df.with_columns(counts.select(dominant_script_expr().alias("script")).to_series())
    df = add_language_columns(
        df, column="content_norm", declared=declared_languages, identifier=ident, counts=counts
    )
    if dataset_type == "parallel_corpus":
        df = add_side_signals(df, declared=declared_languages, identifier=ident)
    stopwords = {lang: pack.stopwords for lang, pack in chosen.languages.items() if pack.stopwords}
    return add_heuristic_signals(df, text="content_norm", raw="content", stopwords=stopwords)


def _round(value: object) -> float | None:
    """Round a number to 6 places (report convention); None stays None."""
    return None if not isinstance(value, int | float) else round(float(value), 6)


def _normalisation(df: pl.DataFrame) -> dict[str, int]:
    """What normalisation rewrote, counted per rule (records)."""
    converted = df.get_column("zawgyi_converted") if "zawgyi_converted" in df.columns else None
    return {"zawgyi_converted": int(converted.sum()) if converted is not None else 0}


def summarize_signals(df: pl.DataFrame, *, declared: Sequence[str] = ()) -> dict[str, Any]:
    """Report section ``signals``: languages (distribution, purity, declared match), PII per type,
    scripts, and size and quality-signal means. JSON-able, keys sorted, floats rounded. For a
    parallel corpus, languages and scripts count both sides, and ``sides`` has each side."""
    paired = "src_lang" in df.columns
    # A pair is written in two languages: languages and scripts count each side once.
    judged = both_sides(df) if paired else df
    scripts = judged.group_by("script").len().sort("script")
    q_columns = sorted(c for c in df.columns if c.startswith("q_"))
    means = df.select([pl.col(c).mean() for c in q_columns]).row(0) if df.height else ()
    matches = judged.get_column("lang_matches_declared").drop_nulls()
    summary = {
        "languages": summarize_languages(judged, declared=declared),
        "declared_match_share": _round(matches.cast(pl.Float64).mean()) if matches.len() else None,
        "pii": summarize_pii(df),
        "records": df.height,
        "scripts": {str(s): int(n) for s, n in scripts.iter_rows()},
        "chars": int(df.get_column("n_chars").sum()),
        "normalisation": _normalisation(df),
        "units": int(df.get_column("n_units").sum()),
        "signal_means": {c: _round(v) for c, v in zip(q_columns, means, strict=False)},
    }
    if paired:
        summary["sides"] = summarize_sides(df, declared=declared)
    return dict(sorted(summary.items()))
