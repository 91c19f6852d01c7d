"""The demo reports and the board as a reviewer sees them, in headless Chromium.

Two demo submissions run through the real pipeline (`corpusgrade run --audit none`): the noisy
multilingual news corpus (Chinese/Vietnamese/Thai/Indonesian/Tagalog: duplicates, markup,
personal information, broken lines) and the
Indonesian classification corpus, whose unknown label fails an expectation. The tests assert
what is on the screen in each language: the fixes in order of the points at stake with "run the
audit" first, the failed expectation named with observed value and threshold in one unit,
translated evidence labels, human drop reasons, Thai drawn in its Noto font. Screenshots of the
report and the board in each language go to test-artifacts/screens/ (copies in
docs/screenshots/).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipelines.demo import DEMO_SEED, generate_demo
from tests.browser import Page, chromium_page

pytestmark = pytest.mark.browser

SCREENS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screens"
HARM_ADVICE = "Remove any source with more than 5% harmful content"
VISIBLE = (
    "[...document.querySelectorAll({0!r})].filter(e => e.offsetParent !== null)"
    ".map(e => e.innerText)"
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """report.html of the two demo submissions and the board over their ledger."""
    from pipelines.cli.main import app

    root = tmp_path_factory.mktemp("demo-screens")
    folders = {p.name: p for p in generate_demo(root / "subs", seed=DEMO_SEED)}
    noisy, topics = folders["demo-multilingual-news"], folders["demo-id-topics"]
    with pytest.MonkeyPatch.context() as env:
        env.setenv("CORPUSGRADE_HOME", str(root / "home"))
        env.setenv("DAGSTER_HOME", str(root / "home" / "dagster"))
        (root / "home" / "dagster").mkdir(parents=True)
        pages = {}
        for name, folder in (("noisy", noisy), ("topics", topics)):
            out = root / "out" / name
            result = CliRunner().invoke(
                app, ["run", str(folder), "--out", str(out), "--audit", "none"]
            )
            assert result.exit_code == 0, result.output
            pages[name] = out / "report.html"
        result = CliRunner().invoke(app, ["board", "--budget", "2026=1000000"])
        assert result.exit_code == 0, result.output
        pages["board"] = root / "home" / "board" / "board.html"
        yield pages


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    with chromium_page(tmp_path_factory.mktemp("chromium-demo")) as session:
        yield session


def _shot(page: Page, name: str, *, anchor: str, height: int = 1300) -> None:
    """A viewport screenshot from `anchor` down (what a reader sees there)."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.call("Emulation.setDeviceMetricsOverride", width=1000, height=height,
              deviceScaleFactor=1, mobile=False)  # fmt: skip
    page.evaluate(f"document.querySelector({anchor!r}).scrollIntoView()")
    data = page.call("Page.captureScreenshot", format="png")
    (SCREENS / name).write_bytes(base64.b64decode(data["data"]))
    page.call("Emulation.clearDeviceMetricsOverride")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_fixes_are_caused_and_ordered_by_points_at_stake(
    page: Page, demo: dict[str, Path], lang: str
) -> None:
    page.open(f"{demo['noisy'].as_uri()}#{lang}")
    assert page.errors == []
    fixes = page.evaluate(VISIBLE.format("ol.fixes > li"))
    first = {"zh": ("未进行人工审核", "阻止任何等级与奖励"),
             "en": ("No audit was run", "blocks every tier")}[lang]  # fmt: skip
    assert all(word in fixes[0] for word in first), fixes[0]
    unit = {"zh": "分可争取", "en": "points at stake"}[lang]
    stakes = [float(m) for f in fixes[1:] for m in re.findall(rf"(\d+(?:\.\d+)?) {unit}", f)]
    assert len(stakes) >= 2 and stakes == sorted(stakes, reverse=True), fixes
    assert HARM_ADVICE not in page.evaluate("document.body.innerText")
    _shot(page, f"report-fixes-{lang}.png", anchor="#what-to-fix")


def test_evidence_and_drop_reasons_are_translated_in_zh(page: Page, demo: dict[str, Path]) -> None:
    page.open(f"{demo['noisy'].as_uri()}#zh")
    gates = " ".join(page.evaluate(VISIBLE.format("table.gates")))
    assert "人工抽检合格率" in gates and "已审核的来源数" in gates
    assert "Manual audit pass share" not in gates and "manual_pass_share" not in gates
    g7 = page.evaluate("document.querySelector('#gate-G7').innerText")
    assert "不适用" in g7 and "applicable" not in g7
    reasons = " ".join(page.evaluate(VISIBLE.format("#examples h3")))
    assert "完全重复" in reasons and "残留网页标记" in reasons
    _shot(page, "report-gates-zh.png", anchor="#ladder")
    page.open(f"{demo['noisy'].as_uri()}#en")
    gates = " ".join(page.evaluate(VISIBLE.format("table.gates")))
    assert "Manual audit pass share" in gates and "人工抽检合格率" not in gates
    _shot(page, "report-gates-en.png", anchor="#ladder")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_failed_expectation_is_named_in_the_threshold_unit(
    page: Page, demo: dict[str, Path], lang: str
) -> None:
    page.open(f"{demo['topics'].as_uri()}#{lang}")
    rows = page.evaluate(VISIBLE.format("table.expectations tr"))
    row = next(r for r in rows if "t_label_unknown_rate" in r)
    name = {"zh": "标签不在申报的标签集中", "en": "Label not in the declared set"}[lang]
    assert name in row and "≤ 0%" in row and re.search(r"\b0\.\d+%", row), row
    fix = next(f for f in page.evaluate(VISIBLE.format("ol.fixes > li")) if "t_label" in f)
    assert "cls-unknown-label" in fix


def test_thai_examples_are_drawn_in_noto_sans_thai(page: Page, demo: dict[str, Path]) -> None:
    """Not tofu: Chromium reports the platform font it drew a Thai example with."""
    page.open(demo["noisy"].as_uri())
    index = page.evaluate(
        "[...document.querySelectorAll('.sample')]"
        ".findIndex(e => /[\\u0E00-\\u0E7F]/.test(e.innerText))"
    )
    assert index >= 0
    page.call("DOM.enable")
    page.call("CSS.enable")
    root = page.call("DOM.getDocument", depth=-1)["root"]["nodeId"]
    nodes = page.call("DOM.querySelectorAll", nodeId=root, selector=".sample")["nodeIds"]
    fonts = page.call("CSS.getPlatformFontsForNode", nodeId=nodes[index])["fonts"]
    assert "Noto Sans Thai" in {f["familyName"] for f in fonts if f["glyphCount"] > 0}, fonts


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_board_lists_the_demo_in_each_language(
    page: Page, demo: dict[str, Path], lang: str
) -> None:
    page.open(f"{demo['board'].as_uri()}#{lang}")
    assert page.errors == []
    title = page.evaluate("document.querySelector('h1').innerText")
    assert title == {"zh": "评审委员会总览", "en": "Committee board"}[lang]
    rows = page.evaluate(VISIBLE.format("tr.row"))
    assert len(rows) == 2 and any("demo-id-topics" in r for r in rows)
    link = page.evaluate("document.querySelector('tr.row a').getAttribute('href')")
    assert (demo["board"].parent / link).is_file()
    _shot(page, f"board-{lang}.png", anchor="h1", height=700)
