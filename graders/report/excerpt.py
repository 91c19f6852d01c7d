"""Example excerpts that show the part of a record that caused its drop.

A record dropped for boilerplate, a safety keyword or a phone number appended at its end is not
explained by its first 280 characters. `focus_span` finds the evidence for a drop reason (the
boilerplate line, the keyword, the masked personal information ...) in the masked text;
`excerpt` cuts a window centred on it, or keeps the head and the tail when nothing is found, so
text appended at the end still shows. The report templates mark the same span (`split_focus`).
"""

from __future__ import annotations

import re
from functools import cache

from quality.safety import load_keywords

__all__ = ["EXAMPLE_CHARS", "excerpt", "focus_span", "split_focus"]

EXAMPLE_CHARS = 280
HEAD_CHARS = 190
ELLIPSIS = "…"

PII_PLACEHOLDER = re.compile(r"\[[A-Z][A-Z0-9_]*\]")
"""What `quality.pii.mask_pii` leaves in place of personal information (`[PHONE]`)."""
_BOILERPLATE_TEXT = (
    r"cookie|privacy policy|terms of (?:use|service)|all rights reserved|copyright|©"
    r"|subscribe|newsletter|read more|click here|share:?\s|^\s*home\s*\||log ?in\s*\|"
    r"|版权所有|隐私政策|点击这里|阅读全文|免责声明"
)
_BOILERPLATE = re.compile(_BOILERPLATE_TEXT, re.I | re.M)
_MARKUP_TEXT = r"<[A-Za-z/!][^<>]{0,200}>|&[A-Za-z]{2,8};|&#\d{1,7};"
LOCATORS: dict[str, re.Pattern[str]] = {
    "markup": re.compile(f"{_MARKUP_TEXT}|{_BOILERPLATE_TEXT}", re.I | re.M),
    "c4_boilerplate": _BOILERPLATE,
    "c4_lorem_ipsum": re.compile(r"(?i)lorem ipsum"),
    "gopher_ellipsis_lines": re.compile(r"(?m)^[^\n]*(?:\.\.\.|…)$"),
    "gopher_bullet_lines": re.compile(r"(?m)^[•\-\*·‣▪●◦–—►✓][^\n]*$"),
    "fineweb_line_punct": re.compile(r"(?m)^[^\n]*[^\s.!?…。！？\"'”’»」』)）\]】។៕။၊।॥؟]$"),
    "gopher_symbol_ratio": re.compile(r"[#…]{2,}|\S*[^\w\s]{3,}\S*"),
}
"""Per drop reason: the pattern whose first match is the evidence in the masked text."""


@cache
def _keyword_pattern() -> re.Pattern[str] | None:
    """The safety keyword library as one case-insensitive alternation (longest first)."""
    words = sorted(set(load_keywords()), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words), re.I) if words else None


def focus_span(reason: str, text: str) -> tuple[int, int] | None:
    """Where in `text` the evidence for `reason` is: (start, end), or None when not located.

    >>> focus_span("c4_lorem_ipsum", "Real text. Lorem ipsum dolor")
    (11, 22)
    """
    pattern = LOCATORS.get(reason)
    if reason == "safety_keyword":
        pattern = _keyword_pattern()
    found = pattern.search(text) if pattern is not None else None
    if found is None and not reason.startswith(("duplicate_", "quarantine:")):
        found = PII_PLACEHOLDER.search(text)
    return (found.start(), found.end()) if found and found.end() > found.start() else None


def excerpt(reason: str, text: str, *, limit: int = EXAMPLE_CHARS) -> str:
    """At most about `limit` characters of `text` showing the evidence for `reason`.

    Short texts are kept whole. A located span is centred in the window; otherwise the head
    and the last characters are kept with an ellipsis between them.

    >>> excerpt("markup", "x" * 400 + " ©2026 Example", limit=40)
    '…xxxxxxxxxxxxxxxxxxxxxxx ©2026 Example'
    """
    if len(text) <= limit:
        return text
    span = focus_span(reason, text)
    if span is None:
        head = limit * HEAD_CHARS // EXAMPLE_CHARS
        return text[:head] + f" {ELLIPSIS} " + text[len(text) - (limit - head) :]
    start, end = span
    width = max(limit, end - start)
    left = max(0, min((start + end - width) // 2, len(text) - width))
    right = min(len(text), left + width)
    return (
        (ELLIPSIS if left > 0 else "") + text[left:right] + (ELLIPSIS if right < len(text) else "")
    )


def split_focus(reason: str, text: str) -> tuple[str, str, str]:
    """`text` split as (before, evidence, after) for highlighting; all of it `before` if none."""
    span = focus_span(reason, text)
    if span is None:
        return text, "", ""
    start, end = span
    return text[:start], text[start:end], text[end:]
