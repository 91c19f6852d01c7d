"""Render the report dict as one self-contained bilingual HTML file (zh and en, CSS switch).

No JavaScript at all: the language switch is two radio inputs and CSS, the charts are inline SVG,
and a Content-Security-Policy forbids scripts and network fetches as a second line of defence.
Jinja2 autoescape escapes every piece of corpus text.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

import jinja2

from graders.report.charts import build_charts
from graders.report.i18n import LABELS, LANGS

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


def render_html(report: Mapping[str, Any], *, digest: str) -> str:
    """The HTML report for a validated report dict and its SHA-256 digest."""
    template = _environment().get_template(TEMPLATE)
    charts = {lang: build_charts(report, lang) for lang in LANGS}
    return template.render(
        r=report, digest=digest, labels=LABELS, langs=LANGS, charts=charts, num=_number
    )
