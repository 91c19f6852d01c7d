"""The filter step: language-pack thresholds over stored signals -> ``drop_reason``.

Tag, then filter: this step never recomputes a signal, it only compares the signal columns the
signals stage wrote with each record's language pack, so a threshold change re-runs this step
alone. ``drop_reason`` is the id of the first rule (pack order) a record fails; null = kept.
Thresholds depend on the record ``unit`` (document, paragraph, sentence; ``quality.record_unit``):
a rule's ``unit_bounds`` replace its bounds for that unit.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from quality.drop import DROP_REASON, mark_dropped
from quality.language_packs import LanguagePacks, Rule, default_packs
from quality.record_unit import UnitDecision

DOCUMENT_TYPES = frozenset({"text_corpus"})
"""Dataset types whose records are documents, so `scope: document` rules apply to them."""


def _bound_expr(
    lang: pl.Expr, packs: LanguagePacks, rule_index: int, side: str, unit: str
) -> pl.Expr:
    """The rule's `side` ("min"/"max") bound for each record's language (Float64, null = none);
    a bound the rule sets for `unit` wins over every language's."""
    has_unit_bound, unit_bound = packs.default.rules[rule_index].bound(side, unit)
    if has_unit_bound:
        return pl.lit(unit_bound, dtype=pl.Float64)
    default: float | None = getattr(packs.default.rules[rule_index], side)
    mapping = {
        code: getattr(pack.rules[rule_index], side) for code, pack in packs.languages.items()
    }
    if not mapping:
        return pl.lit(default, dtype=pl.Float64)
    return lang.replace_strict(mapping, default=default, return_dtype=pl.Float64)


def _fails_expr(
    rule: Rule, rule_index: int, lang: pl.Expr, packs: LanguagePacks, unit: str
) -> pl.Expr:
    """True where the record's signal is outside its language's bounds (null never fails)."""
    signal = pl.col(rule.signal).cast(pl.Float64)
    low = signal < _bound_expr(lang, packs, rule_index, "min", unit)
    high = signal > _bound_expr(lang, packs, rule_index, "max", unit)
    return (low.fill_null(False) | high.fill_null(False)).fill_null(False)


def active_rules(
    packs: LanguagePacks, *, dataset_type: str, unit: str = "document"
) -> list[tuple[int, Rule]]:
    """(index, rule) pairs that apply to records of `dataset_type` and `unit`, in pack order.

    Document-scope rules run only on document datasets (``text_corpus``), and there only on
    documents or on the units the rule gives bounds for.
    """
    documents = dataset_type in DOCUMENT_TYPES
    return [
        (i, rule)
        for i, rule in enumerate(packs.default.rules)
        if rule.scope == "record" or (documents and rule.applies_to(unit))
    ]


def drop_reason_expr(
    columns: list[str], packs: LanguagePacks, *, dataset_type: str, unit: str = "document"
) -> pl.Expr:
    """The first failed rule id (rules whose signal column is absent are skipped)."""
    lang = pl.col("lang").cast(pl.String) if "lang" in columns else pl.lit(None, dtype=pl.String)
    reasons = [
        pl.when(_fails_expr(rule, i, lang, packs, unit)).then(pl.lit(rule.id))
        for i, rule in active_rules(packs, dataset_type=dataset_type, unit=unit)
        if rule.signal in columns
    ]
    return pl.coalesce([*reasons, pl.lit(None, dtype=pl.String)])


def apply_filters(
    df: pl.DataFrame,
    *,
    packs: LanguagePacks | None = None,
    dataset_type: str = "text_corpus",
    unit: str = "document",
) -> pl.DataFrame:
    """Write ``drop_reason`` (first failed rule; null = kept). A reason already present stays.

    Rows and order are kept; nothing is removed, so every dropped record keeps its reason.
    `scope: document` rules (minimum length, stop words, line and n-gram measures) apply only
    to document datasets (``text_corpus``); sentence-level types skip them. `unit` is the
    record granularity (``quality.record_unit.decide_unit``).
    """
    chosen = packs if packs is not None else default_packs()
    return mark_dropped(
        df, drop_reason_expr(df.columns, chosen, dataset_type=dataset_type, unit=unit)
    )


def summarize_filters(
    df: pl.DataFrame,
    *,
    packs: LanguagePacks | None = None,
    dataset_type: str = "text_corpus",
    unit: UnitDecision | None = None,
) -> dict[str, Any]:
    """Report section ``filters``: kept/dropped, drops per reason and per language, thresholds,
    and the record unit (declared or inferred, with its length statistics)."""
    unit_name = unit.unit if unit is not None else "document"
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
        "rules": [
            rule.id for _, rule in active_rules(chosen, dataset_type=dataset_type, unit=unit_name)
        ],
        "thresholds": chosen.thresholds(),
        "unit": unit.to_report() if unit is not None else None,
    }
