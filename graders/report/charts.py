"""The report's charts, one function per chart, each reading the report dict in one language.

Returns None when a chart has no data (e.g. no audit), so the template can say so instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from graders.report.i18n import Lang, label
from graders.report.reasons import reason_name
from graders.report.svg import Bar, Interval, bar_chart, column_chart, interval_chart

__all__ = ["build_charts"]


def _pct(value: float) -> str:
    """A share as a percentage with one decimal."""
    return f"{value * 100:.1f}%"


def languages(report: Mapping[str, Any], lang: Lang) -> Markup | None:
    """Records per detected language (all records read and validated)."""
    dist = report["signals"].get("languages", {}).get("distribution", {})
    bars = [
        Bar(code, float(v["records"]), f"{v['records']} ({_pct(v['share'])})")
        for code, v in dist.items()
    ]
    return bar_chart(bars, title=label("chart_languages", lang)) if bars else None


def lengths(report: Mapping[str, Any], lang: Lang) -> Markup | None:
    """Length histogram, kept records stacked under dropped ones."""
    bins = report["distributions"].get("length_bins", [])
    if not bins:
        return None
    labels = [f"{b['from']}+" if b["to"] is None else f"<{b['to']}" for b in bins]
    series = [
        (label("kept", lang), [int(b["kept"]) for b in bins]),
        (label("dropped", lang), [int(b["dropped"]) for b in bins]),
    ]
    return column_chart(labels, series, title=label("chart_lengths", lang))


def funnel(report: Mapping[str, Any], lang: Lang) -> Markup:
    """read → quarantined → dropped per reason → duplicates → kept, as records remaining."""
    totals = report["ingest"]["totals"]
    remaining = int(totals["read"])
    bars = [Bar(label("read", lang), remaining, str(remaining))]
    reasons = report["filters"].get("dropped_by_reason", {})
    steps = [(label("quarantined", lang), int(totals["quarantined"]))]
    steps += [
        (reason_name(r, lang), int(n)) for r, n in reasons.items() if not r.startswith("duplicate_")
    ]
    dups = sum(int(n) for r, n in reasons.items() if r.startswith("duplicate_"))
    steps.append((label("duplicates", lang), dups))
    for name, count in steps:
        remaining -= count
        bars.append(Bar(f"− {name}", remaining, f"−{count} → {remaining}"))
    kept = int(report["filters"].get("kept", remaining))
    bars.append(Bar(label("kept", lang), kept, str(kept)))
    return bar_chart(bars, title=label("chart_funnel", lang))


def dedup(report: Mapping[str, Any], lang: Lang) -> Markup:
    """Exact and near duplicates, clusters and the largest cluster's size."""
    section = report["dedup"]
    dups = section.get("duplicates", {})
    rows = [
        ("exact_duplicates", int(dups.get("exact", 0))),
        ("near_duplicates", int(dups.get("near", 0))),
        ("clusters", int(section.get("clusters", 0))),
        ("largest_cluster", int(section.get("largest_cluster", 0))),
    ]
    bars = [Bar(label(key, lang), n, str(n)) for key, n in rows]
    return bar_chart(bars, title=label("chart_dedup", lang))


def prior(report: Mapping[str, Any], lang: Lang) -> Markup | None:
    """Share of this submission matching each earlier submission in the registry."""
    rows = report["dedup"].get("prior_overlap", [])
    bars = [
        Bar(
            str(r["prior_submission"]),
            float(r["share_of_submission"]),
            f"{r['matched_records']} ({_pct(float(r['share_of_submission']))})",
        )
        for r in rows
    ]
    return bar_chart(bars, title=label("chart_prior", lang), scale=1.0) if bars else None


def audit_rates(report: Mapping[str, Any], lang: Lang) -> Markup | None:
    """Audit pass rates with their Wilson intervals."""
    rates = report["audit"].get("rates", {})
    rows = [
        Interval(
            name,
            float(r["rate"]),
            float(r["ci_low"]),
            float(r["ci_high"]),
            f"{r.get('passes', '')}/{r['n']} {_pct(float(r['rate']))}",
        )
        for name, r in rates.items()
        if r.get("n") and r.get("rate") is not None
    ]
    return interval_chart(rows, title=label("chart_audit", lang)) if rows else None


def _agreement_value(metrics: Mapping[str, Any]) -> tuple[str, float] | None:
    """The headline agreement metric of a control: alpha, span F1, or percent agreement."""
    for key in ("krippendorff_alpha", "span_f1_exact", "percent_agreement"):
        value = metrics.get(key)
        if isinstance(value, int | float):
            return key, float(value)
    return None


def agreement(report: Mapping[str, Any], lang: Lang) -> Markup | None:
    """The headline agreement metric per control on double-annotated items."""
    bars = []
    for control, metrics in report["audit"].get("agreement", {}).items():
        picked = _agreement_value(metrics)
        if picked is not None:
            bars.append(Bar(control, max(0.0, picked[1]), f"{picked[0]} {picked[1]:.3f}"))
    return bar_chart(bars, title=label("chart_agreement", lang), scale=1.0) if bars else None


def annotators(report: Mapping[str, Any], lang: Lang) -> Markup | None:
    """Each annotator's accuracy on gold items, with its interval."""
    rows = [
        Interval(
            str(a["annotator"]),
            float(a["accuracy"]),
            float(a["accuracy_low"]),
            float(a["accuracy_high"]),
            f"{a['n_correct']}/{a['n_gold']}",
        )
        for a in report["audit"].get("annotators", [])
        if a.get("accuracy") is not None and a.get("accuracy_low") is not None
    ]
    return interval_chart(rows, title=label("chart_annotators", lang)) if rows else None


CHARTS = {
    "chart_languages": languages,
    "chart_lengths": lengths,
    "chart_funnel": funnel,
    "chart_dedup": dedup,
    "chart_prior": prior,
    "chart_audit": audit_rates,
    "chart_agreement": agreement,
    "chart_annotators": annotators,
}
"""Chart title key -> builder, in the order the report shows them."""


def build_charts(report: Mapping[str, Any], lang: Lang) -> dict[str, Markup | None]:
    """Every chart of the report in one language, keyed by its title label."""
    return {key: build(report, lang) for key, build in CHARTS.items()}
