"""HTML and Markdown rendering: verdict first, both languages, every corpus string escaped."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sample_report import HOSTILE_FILE, IMG, JS_URL, SCRIPT

from graders.report.canonical import digest
from graders.report.charts import CHARTS
from graders.report.html import render_html
from graders.report.i18n import LABELS, LANGS
from graders.report.markdown import md_escape, render_markdown

TEMPLATES = Path(__file__).resolve().parents[3] / "graders" / "report" / "templates"
PACKAGE = TEMPLATES.parent


def test_every_label_exists_in_both_languages() -> None:
    for key, texts in LABELS.items():
        assert set(texts) == set(LANGS), key
        assert all(texts[lang].strip() for lang in LANGS), key


def test_every_label_the_code_uses_is_defined() -> None:
    used: set[str] = set()
    for path in [*TEMPLATES.glob("*.j2"), *PACKAGE.glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        for call in re.findall(r"""\b(?:t|label)\(([^()]*)\)""", text):
            used |= set(re.findall(r"""["']([a-z_]+)["']""", call)) - {"zh", "en"}
    used = (used - {"audit_"}) | {f"audit_{s}" for s in ("none", "simulated", "labelstudio")}
    used |= set(CHARTS)
    assert used - set(LABELS) == set()


def test_html_is_self_contained_and_escapes_corpus_text(report: dict[str, Any]) -> None:
    html = render_html(report, digest=digest(report))
    for payload in (SCRIPT, IMG, JS_URL, HOSTILE_FILE):
        assert payload not in html
    assert "&lt;script&gt;document.title=" in html
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", html)
    assert "Content-Security-Policy" in html


def test_html_puts_the_verdict_first(report: dict[str, Any]) -> None:
    html = render_html(report, digest=digest(report))
    order = [html.index(f'id="{s}"') for s in ("verdict", "dimensions", "charts", "examples")]
    assert order == sorted(order)


def test_html_is_deterministic(report: dict[str, Any]) -> None:
    assert render_html(report, digest="x") == render_html(report, digest="x")


def test_markdown_escapes_table_breakers_and_html(report: dict[str, Any]) -> None:
    for lang in LANGS:
        text = render_markdown(report, digest=digest(report), lang=lang)
        assert "<script>" not in text and "<img" not in text
        assert text.startswith("# ")
    assert md_escape("a|b<c>\nd") == "a\\|b&lt;c&gt; d"


def test_markdown_verdict_in_each_language(report: dict[str, Any]) -> None:
    zh = render_markdown(report, digest="d", lang="zh")
    en = render_markdown(report, digest="d", lang="en")
    assert "## 评定结论" in zh and "## Verdict" in en
    assert report["grade"]["summary"]["zh"].split("；")[0][:6] in zh


def test_findings_and_tier_cap_are_shown_in_html_and_markdown(report: dict[str, Any]) -> None:
    """A finding in report.json (here: a short keyword library capping the tier) reaches readers."""
    finding = {
        "code": "keyword_library_below_standard",
        "ref": "G3",
        "text": {"zh": "关键词库仅 33 条", "en": "The keyword library has 33 terms"},
    }
    report["grade"] = {**report["grade"], "findings": [finding], "tier_cap": "second"}
    html = render_html(report, digest=digest(report))
    assert 'data-code="keyword_library_below_standard"' in html
    assert "关键词库仅 33 条" in html and "The keyword library has 33 terms" in html
    assert "<code>second</code>" in html
    for lang, text in (("zh", "关键词库仅 33 条"), ("en", "The keyword library has 33 terms")):
        md = render_markdown(report, digest=digest(report), lang=lang)  # type: ignore[arg-type]
        assert f"`G3` {text}" in md and "`second`" in md
    report["grade"] = {**report["grade"], "findings": [], "tier_cap": None}
    assert 'id="findings"' not in render_html(report, digest=digest(report))
