"""Render the report dict as one self-contained bilingual HTML file (zh and en, CSS switch).

No JavaScript at all: the language switch is two links to `#zh` and `#en` and CSS `:target`, so
`report.html#en` opens the English view and can be linked to; the charts are inline SVG, and a
Content-Security-Policy forbids scripts and network fetches as a second line of defence.
Jinja2 autoescape escapes every piece of corpus text. The tier ladder comes from the rubric that
graded the report (matched by SHA-256); with another rubric the ladder says it is unavailable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import jinja2

from graders.report.charts import build_charts
from graders.report.evidence import evidence_rows, gate_status, percent
from graders.report.excerpt import split_focus
from graders.report.expectations import expectation_name, failed_expectations
from graders.report.fixes import build_fixes
from graders.report.i18n import LABELS, LANGS
from graders.report.ladder import tier_ladder
from graders.report.reasons import reason_name
from graders.rubric import Tier, load_rubric

__all__ = ["TEMPLATE", "render_html"]

TEMPLATE = "report.html.j2"


@cache
def _environment() -> jinja2.Environment:
    """A Jinja2 environment over the package's templates with autoescape always on."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("graders.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def _number(value: Any) -> str:
    """Numbers for people: integers with thousands separators, floats to 4 significant places."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() and abs(value) >= 1000 else f"{value:.4g}"
    return str(value)


def _default_tiers(grade: Mapping[str, Any]) -> Sequence[Tier] | None:
    """The shipped rubric's tiers when it is the rubric that graded the report, else None."""
    loaded = load_rubric()
    return loaded.rubric.tiers if grade["rubric"]["sha256"] == loaded.sha256 else None


def render_html(
    report: Mapping[str, Any], *, digest: str, tiers: Sequence[Tier] | None = None
) -> str:
    """The HTML report for a validated report dict and its SHA-256 digest.

    `tiers` are the grading rubric's tiers (highest first); by default the shipped rubric's,
    used only when its SHA-256 matches the report's.
    """
    template = _environment().get_template(TEMPLATE)
    charts = {lang: build_charts(report, lang) for lang in LANGS}
    grade = report["grade"]
    rungs = tiers if tiers is not None else _default_tiers(grade)
    ladder = tier_ladder(grade, rungs) if rungs is not None else None
    return template.render(
        r=report,
        digest=digest,
        labels=LABELS,
        langs=LANGS,
        charts=charts,
        num=_number,
        ladder=ladder,
        fixes=build_fixes(report),
        failed_expectations=_failed_expectations(report),
        evrows=evidence_rows,
        gate_status=gate_status,
        reason_name=reason_name,
        focus=split_focus,
        pct=percent,
    )


def _failed_expectations(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The failed expectations with their readable name in both languages."""
    return [
        row | {"names": {lang: expectation_name(row["name"], lang) for lang in LANGS}}
        for row in failed_expectations(report)
    ]
