"""The HTML report in headless Chromium: renders cleanly, hostile corpus text never runs.

Needs Debian's `chromium` (`make test-deps`); fails when it is absent. Talks to the browser over
the DevTools protocol (tests/browser.py), so every assertion is about what the browser did.
"""

from __future__ import annotations

import base64
import importlib.util
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from graders.report.canonical import digest
from graders.report.html import render_html
from tests.browser import Page, chromium_page

pytestmark = pytest.mark.browser

SCREENS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screens"
SEA_TEXT = {
    "th": "สวัสดีครับ ภาษาไทย",
    "lo": "ສະບາຍດີ ພາສາລາວ",
    "km": "សួស្តី ភាសាខ្មែរ",
    "my": "မင်္ဂလာပါ မြန်မာဘာသာ",
}
FONTS = {"th": "Noto Sans Thai", "lo": "Noto Sans Lao", "km": "Noto Sans Khmer",
         "my": "Noto Sans Myanmar"}  # fmt: skip

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _sample_module() -> ModuleType:
    """tests/graders/report/sample_report.py, loaded by path (tests are not a package)."""
    path = Path(__file__).resolve().parents[1] / "graders" / "report" / "sample_report.py"
    spec = importlib.util.spec_from_file_location("h9_sample_report", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    """A headless Chromium with a fresh profile (the test fails when Chromium is missing)."""
    with chromium_page(tmp_path_factory.mktemp("chromium-profile")) as session:
        yield session


@pytest.fixture(scope="module")
def report_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample report (hostile corpus text included) written as report.html."""
    report = _sample_module().sample_report()
    report["examples"]["southeast_asian_scripts"] = [
        {"record_id": f"sea-{code}", "source_file": "data/sea.jsonl", "source_line": i,
         "text": text, "detail": None}
        for i, (code, text) in enumerate(SEA_TEXT.items(), start=1)
    ]  # fmt: skip
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_html(report, digest=digest(report)), encoding="utf-8")
    return path


UNTOUCHED = (
    "[document.title.includes('pwned'), typeof window.pwned, "
    "document.querySelectorAll('script, [onerror], [onload], a[href^=\"javascript\"]').length, "
    "document.getElementById('jsurl') === null]"
)


def test_report_renders_without_errors_in_both_languages(page: Page, report_html: Path) -> None:
    page.open(report_html.as_uri())
    assert page.errors == []
    zh_visible = page.evaluate("document.querySelector('#verdict h2 .zh').offsetParent !== null")
    assert zh_visible is True
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(ARTIFACTS / "report-zh.png")
    page.evaluate("document.querySelector('.switch a[href=\"#en\"]').click()")
    assert page.evaluate("document.querySelector('#verdict h2 .zh').offsetParent === null")
    assert page.evaluate("document.querySelector('#verdict h2 .en').offsetParent !== null")
    page.screenshot(ARTIFACTS / "report-en.png")
    assert page.evaluate("document.querySelectorAll('svg').length") >= 6


VISIBLE_TEXT = (
    "[...document.querySelectorAll('{0} .{1}')].filter(e => e.offsetParent)"
    ".map(e => e.innerText).join(' ')"
)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_url_fragment_selects_the_language_and_the_ladder_shows(
    page: Page, report_html: Path, lang: str
) -> None:
    page.open(f"{report_html.as_uri()}#{lang}")
    other = "en" if lang == "zh" else "zh"
    assert page.evaluate(f"document.querySelector('#verdict h2 .{lang}').offsetParent !== null")
    assert page.evaluate(f"document.querySelector('#verdict h2 .{other}').offsetParent === null")
    ladder = page.evaluate(VISIBLE_TEXT.format(".ladder-distance,.ladder", lang))
    words = {"zh": ("等级阶梯", "当前位置"), "en": ("Tier ladder", "you are here")}[lang]
    heading = page.evaluate(f"document.querySelector('#ladder .{lang}').innerText")
    assert heading == words[0] and words[1] in ladder
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.evaluate("document.getElementById('ladder').scrollIntoView()")
    page.call("Emulation.setDeviceMetricsOverride", width=1000, height=700, deviceScaleFactor=1,
              mobile=False)  # fmt: skip
    data = page.call("Page.captureScreenshot", format="png")
    (SCREENS / f"report-ladder-{lang}.png").write_bytes(base64.b64decode(data["data"]))
    page.call("Emulation.clearDeviceMetricsOverride")


def test_southeast_asian_scripts_render_in_their_noto_fonts(page: Page, report_html: Path) -> None:
    """Not tofu: Chromium reports the platform font it actually drew each example with."""
    page.open(report_html.as_uri())
    page.call("DOM.enable")
    page.call("CSS.enable")
    root = page.call("DOM.getDocument", depth=-1)["root"]["nodeId"]
    for code, text in SEA_TEXT.items():
        found = page.call("DOM.querySelector", nodeId=root, selector=f"#ex-sea-{code}")
        fonts = page.call("CSS.getPlatformFontsForNode", nodeId=found["nodeId"])["fonts"]
        families = {f["familyName"] for f in fonts if f["glyphCount"] > 0}
        assert FONTS[code] in families, (code, text, families)


def test_hostile_corpus_text_never_executes(page: Page, report_html: Path) -> None:
    page.open(report_html.as_uri())
    assert page.evaluate(UNTOUCHED) == [False, "undefined", 0, True]
    shown = page.evaluate("document.body.innerText")
    assert "<script>document.title='pwned'" in shown
    assert page.errors == []


def test_escaping_alone_stops_hostile_text(page: Page, report_html: Path) -> None:
    """Without the Content-Security-Policy, escaping must still keep every payload inert."""
    html = report_html.read_text(encoding="utf-8")
    start = html.index('<meta http-equiv="Content-Security-Policy"')
    bare = report_html.with_name("no-csp.html")
    bare.write_text(html[:start] + html[html.index(">", start) + 1 :], encoding="utf-8")
    page.open(bare.as_uri())
    assert page.evaluate(UNTOUCHED) == [False, "undefined", 0, True]
    assert page.errors == []
