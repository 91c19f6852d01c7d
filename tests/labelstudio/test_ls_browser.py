"""Each label config as an annotator sees it: the real Label Studio in headless Chromium.

Simulated annotators read the API, so only a browser shows what leaks onto the screen (the gold
flag once did). The test logs in through the login form with the server's credentials, opens one
task of each config in the labeling view and asserts what is and is not visible; a screenshot
per config goes to test-artifacts/screens/ (reduced copies in docs/screenshots/).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from pipelines.labelstudio.configs import AUDIT_TASKS, load_config
from pipelines.labelstudio.push import push_sample
from tests.browser import Page, chromium_page
from tests.ls_server import TASK_FIELDS, LiveServer, sample_for

pytestmark = [pytest.mark.labelstudio, pytest.mark.browser]

SCREENS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screens"
SOURCE_TEXT = TASK_FIELDS
READY = "说明"
"""Every config's instructions start with it: the labeling view has rendered the config."""
BILINGUAL = {
    "text_quality": ("可用", "usable"),
    "classification": ("标签正确", "label is correct"),
    "ner": ("全部正确", "all spans correct"),
    "translation": ("可接受", "acceptable"),
    "instruction": ("遵循指令", "follows the instruction"),
    "duplicate_pair": ("近似重复", "near duplicates"),
}


def _gold_sample(task: str) -> pl.DataFrame:
    """One gold record per task, with distinct visible text per field and a label set."""
    sample = sample_for(task, 1).with_columns(
        pl.lit(True).alias("is_gold"), pl.lit(f"gold-{task}-00001").alias("record_id")
    )
    for field in SOURCE_TEXT[task]:
        sample = sample.with_columns(
            pl.lit(f"{field} 可见文本 visible {task}").alias(f"{field}_masked")
        )
    if task == "classification":
        sample = sample.with_columns(label_set=pl.Series([["news", "sport", "tech"]]))
    return sample


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory, live_server: LiveServer) -> Iterator[Page]:
    """Chromium logged in to the live server through its login form."""
    creds_file = live_server.paths.home / "data" / "corpusgrade-credentials.json"
    creds = json.loads(creds_file.read_text(encoding="utf-8"))
    with chromium_page(tmp_path_factory.mktemp("chromium-ls")) as page:
        page.open(f"{live_server.connection.url}/user/login/")
        page.evaluate(
            "(() => { const f = document.querySelector('form');"
            f" f.querySelector('input[name=email]').value = {json.dumps(creds['username'])};"
            f" f.querySelector('input[name=password]').value = {json.dumps(creds['password'])};"
            " f.submit(); })()"
        )
        page.wait_until(
            "document.readyState === 'complete' && !location.pathname.startsWith('/user/login')",
            timeout=30,
        )
        yield page


@pytest.mark.parametrize("task", AUDIT_TASKS)
def test_task_screen_shows_only_annotator_fields(
    browser: Page, live_server: LiveServer, task: str
) -> None:
    config = load_config(task)
    pushed = push_sample(live_server.client, _gold_sample(task), submission="screen", config=config)
    task_id = min(t.id for t in live_server.client.tasks.list(project=pushed.project_id))
    browser.open(f"{live_server.connection.url}/projects/{pushed.project_id}/data?task={task_id}")
    shown = browser.wait_until(
        "document.body.innerText.includes('说明') && document.body.innerText", timeout=90
    )
    time.sleep(2)  # the view re-renders once after the first paint; look at the settled one
    shown = browser.wait_until(
        f"document.body.innerText.includes({READY!r}) && document.body.innerText"
    )
    browser.screenshot(SCREENS / f"labelstudio-{task}.png")
    print(shown)
    assert "is_gold" not in shown
    assert f"gold-{task}-00001" not in shown
    assert '"meta"' not in shown
    for field in SOURCE_TEXT[task]:
        assert f"{field} 可见文本 visible {task}" in shown
    zh, en = BILINGUAL[task]
    assert f"{zh} / {en}" in shown  # both languages on the button, not only on hover
    if task == "classification":  # label correction is a choice over the label set
        browser.evaluate(
            "[...document.querySelectorAll('label')]"
            ".find(l => l.innerText.includes('标签错误')).click()"
        )
        shown = browser.wait_until(
            "document.body.innerText.includes('sport') && document.body.innerText"
        )
        assert all(label in shown for label in ("news", "sport", "tech"))
        browser.screenshot(SCREENS / f"labelstudio-{task}-corrected.png")
