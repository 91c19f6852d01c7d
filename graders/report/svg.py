"""Inline SVG charts built in Python: no JavaScript, no network, every label escaped.

Each function returns `markupsafe.Markup` so the Jinja2 template can place it verbatim; all text
that could come from a submission (file names, languages, reasons) passes `escape` here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

__all__ = ["Bar", "Interval", "bar_chart", "column_chart", "interval_chart"]

WIDTH = 640
ROW = 22
LABEL_W = 200
VALUE_W = 170
LABEL_CHARS = 30
FONT = "font-family:system-ui,'Noto Sans CJK SC','PingFang SC',sans-serif;font-size:12px"
COLORS = ("#2f6db5", "#c8553d", "#7a9e3a")


@dataclass(frozen=True)
class Bar:
    """One horizontal bar: a label, a value, and the text printed beside it."""

    label: str
    value: float
    text: str


@dataclass(frozen=True)
class Interval:
    """A rate with its interval on [0, 1]: drawn as a dot with whiskers."""

    label: str
    value: float
    low: float
    high: float
    text: str


def _svg(height: int, body: str, title: str) -> Markup:
    """Wrap chart elements in an accessible SVG root of the common width."""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" style="{FONT}"><title>{escape(title)}</title>'
    )
    return Markup(head + body + "</svg>")


def _label(x: float, y: float, text: str, *, anchor: str = "end") -> str:
    """A text element with escaped content, cut to LABEL_CHARS so it stays inside the chart."""
    shown = text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{escape(shown)}</text>'


def bar_chart(bars: Sequence[Bar], *, title: str, scale: float | None = None) -> Markup:
    """Horizontal bars, one row each; `scale` is the value of a full-width bar (default: max)."""
    top = max([b.value for b in bars] + [scale or 0.0, 1e-12])
    span = WIDTH - LABEL_W - VALUE_W
    parts: list[str] = []
    for i, bar in enumerate(bars):
        y = 6 + i * ROW
        w = max(0.0, bar.value) / top * span
        parts.append(_label(LABEL_W - 6, y + 14, bar.label))
        parts.append(
            f'<rect x="{LABEL_W}" y="{y + 3}" width="{w:.1f}" height="{ROW - 6}" '
            f'fill="{COLORS[0]}"/>'
        )
        parts.append(_label(LABEL_W + w + 4, y + 14, bar.text, anchor="start"))
    return _svg(12 + ROW * max(1, len(bars)), "".join(parts), title)


def column_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    *,
    title: str,
) -> Markup:
    """Stacked columns (e.g. a length histogram, kept under dropped) with a legend."""
    height, base, left = 220, 180, 40
    totals = [sum(values[i] for _, values in series) for i in range(len(labels))]
    top = max([*totals, 1])
    step = (WIDTH - left - 10) / max(1, len(labels))
    parts = [_label(left - 4, 16, str(top)), _label(left - 4, base, "0")]
    for i, label in enumerate(labels):
        x, y = left + i * step, float(base)
        for k, (_, values) in enumerate(series):
            h = values[i] / top * (base - 20)
            y -= h
            parts.append(
                f'<rect x="{x + 2:.1f}" y="{y:.1f}" width="{step - 4:.1f}" height="{h:.1f}" '
                f'fill="{COLORS[k % len(COLORS)]}"/>'
            )
        parts.append(_label(x + step / 2, base + 14, label, anchor="middle"))
    for k, (name, _) in enumerate(series):
        x = left + k * 150
        parts.append(f'<rect x="{x}" y="{base + 26}" width="10" height="10" fill="{COLORS[k]}"/>')
        parts.append(_label(x + 14, base + 35, name, anchor="start"))
    return _svg(height, "".join(parts), title)


def interval_chart(rows: Sequence[Interval], *, title: str) -> Markup:
    """Rates on a 0-100% axis with their intervals as whiskers (e.g. Wilson 95%)."""
    span = WIDTH - LABEL_W - VALUE_W
    parts: list[str] = []
    for tick in (0.0, 0.5, 1.0):
        x = LABEL_W + tick * span
        parts.append(
            f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{8 + ROW * len(rows)}" stroke="#ccc"/>'
        )
    for i, row in enumerate(rows):
        y = 6 + i * ROW + ROW / 2
        lo, hi, mid = (
            LABEL_W + max(0.0, min(1.0, v)) * span for v in (row.low, row.high, row.value)
        )
        parts.append(_label(LABEL_W - 6, y + 4, row.label))
        parts.append(
            f'<line x1="{lo:.1f}" y1="{y:.1f}" x2="{hi:.1f}" y2="{y:.1f}" stroke="{COLORS[0]}" '
            'stroke-width="2"/>'
        )
        parts.append(f'<circle cx="{mid:.1f}" cy="{y:.1f}" r="4" fill="{COLORS[1]}"/>')
        parts.append(_label(LABEL_W + span + 6, y + 4, row.text, anchor="start"))
    return _svg(14 + ROW * max(1, len(rows)), "".join(parts), title)
