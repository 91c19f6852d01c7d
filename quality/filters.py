"""The filter step: language-pack thresholds over stored signals -> ``drop_reason``.

Tag, then filter: this step never recomputes a signal, it only compares the signal columns the
signals stage wrote with each record's language pack, so a threshold change re-runs this step
alone. ``drop_reason`` is the id of the first rule (pack order) a record fails; null = kept.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from quality.language_packs import LanguagePacks, Rule, default_packs

DROP_REASON = "drop_reason"
DOCUMENT_TYPES = frozenset({"text_corpus"})
"""Dataset types whose records are documents, so `scope: document` rules apply to them."""


def _bound_expr(lang: pl.Expr, packs: LanguagePacks, rule_index: int, side: str) -> pl.Expr:
    """The rule's `side` ("min"/"max") bound for each record's language (Float64, null = none)."""
    default: float | None = getattr(packs.default.rules[rule_index], side)
    mapping = {
        code: getattr(pack.rules[rule_index], side) for code, pack in packs.languages.items()
    }
    if not mapping:
        return pl.lit(default, dtype=pl.Float64)
    return lang.replace_strict(mapping, default=default, return_dtype=pl.Float64)


def _fails_expr(rule: Rule, rule_index: int, lang: pl.Expr, packs: LanguagePacks) -> pl.Expr:
    """True where the record's signal is outside its language's bounds (null never fails)."""
    signal = pl.col(rule.signal).cast(pl.Float64)
    low = signal < _bound_expr(lang, packs, rule_index, "min")
    high = signal > _bound_expr(lang, packs, rule_index, "max")
    return (low.fill_null(False) | high.fill_null(False)).fill_null(False)


def active_rules(packs: LanguagePacks, *, dataset_type: str) -> list[tuple[int, Rule]]:
    """(index, rule) pairs that apply to records of `dataset_type`, in pack order."""
    documents = dataset_type in DOCUMENT_TYPES
    return [
        (i, rule)
        for i, rule in enumerate(packs.default.rules)
        if documents or rule.scope == "record"
    ]


def drop_reason_expr(columns: list[str], packs: LanguagePacks, *, dataset_type: str) -> pl.Expr:
    """The first failed rule id (rules whose signal column is absent are skipped)."""
    lang = pl.col("lang").cast(pl.String) if "lang" in columns else pl.lit(None, dtype=pl.String)
    reasons = [
        pl.when(_fails_expr(rule, i, lang, packs)).then(pl.lit(rule.id))
        for i, rule in active_rules(packs, dataset_type=dataset_type)
        if rule.signal in columns
    ]
    return pl.coalesce([*reasons, pl.lit(None, dtype=pl.String)])


def apply_filters(
    df: pl.DataFrame, *, packs: LanguagePacks | None = None, dataset_type: str = "text_corpus"
) -> pl.DataFrame:
    """Write ``drop_reason`` (first failed rule; null = kept). A reason already present stays.

    Rows and order are kept; nothing is removed, so every dropped record keeps its reason.
    `scope: document` rules (minimum length, stop words, line and n-gram measures) apply only
    to document datasets (``text_corpus``); sentence-level types skip them.
    """
    chosen = packs if packs is not None else default_packs()
    new_reason = drop_reason_expr(df.columns, chosen, dataset_type=dataset_type)
    if DROP_REASON in df.columns:
        new_reason = pl.coalesce(pl.col(DROP_REASON), new_reason)
    return df.with_columns(new_reason.alias(DROP_REASON))


def summarize_filters(
    df: pl.DataFrame, *, packs: LanguagePacks | None = None, dataset_type: str = "text_corpus"
) -> dict[str, Any]:
    """Report section ``filters``: kept/dropped, drops per reason and per language, thresholds."""
    chosen = packs if packs is not None else default_packs()
    lang = pl.col("lang") if "lang" in df.columns else pl.lit("und")
    dropped = df.filter(pl.col(DROP_REASON).is_not_null()).with_columns(lang.alias("_lang"))
    per_reason = dropped.group_by(DROP_REASON).len().sort(DROP_REASON)
    per_lang = dropped.group_by("_lang", DROP_REASON).len().sort("_lang", DROP_REASON)
    by_lang: dict[str, dict[str, int]] = {}
    for code, reason, count in per_lang.iter_rows():
        by_lang.setdefault(str(code), {})[str(reason)] = int(count)
    n = df.height
    return {
        "dropped": dropped.height,
        "dropped_by_language": by_lang,
        "dropped_by_reason": {str(r): int(c) for r, c in per_reason.iter_rows()},
        "kept": n - dropped.height,
        "kept_share": round((n - dropped.height) / n, 6) if n else 0.0,
        "records": n,
        "rules": [rule.id for _, rule in active_rules(chosen, dataset_type=dataset_type)],
        "thresholds": chosen.thresholds(),
    }
