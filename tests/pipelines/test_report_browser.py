"""The HTML report in headless Chromium: renders cleanly, hostile corpus text never runs.

Needs Debian's `chromium` (`apt-get install -y chromium`); skipped when it is absent. Talks to
the browser over the DevTools protocol, so every assertion is about what the browser did.
"""

from __future__ import annotations

import base64
import importlib.util
import itertools
import json
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from websockets.sync.client import ClientConnection, connect

from graders.report.canonical import digest
from graders.report.html import render_html

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--window-size=1100,1400",
]


def _sample_module() -> ModuleType:
    """tests/graders/report/sample_report.py, loaded by path (tests are not a package)."""
    path = Path(__file__).resolve().parents[1] / "graders" / "report" / "sample_report.py"
    spec = importlib.util.spec_from_file_location("h9_sample_report", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Page:
    """A DevTools session on one page target, collecting console errors and exceptions."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.ids = itertools.count(1)
        self.errors: list[str] = []
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its reply, recording events seen meanwhile."""
        call_id = next(self.ids)
        self.socket.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv(timeout=30))
            if message.get("id") == call_id:
                return dict(message.get("result", {}))
            self._event(message)

    def _event(self, message: dict[str, Any]) -> None:
        self.events.append(message)
        method, params = message.get("method"), message.get("params", {})
        if method == "Runtime.exceptionThrown":
            self.errors.append(json.dumps(params.get("exceptionDetails", {}))[:300])
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            self.errors.append(json.dumps(params.get("args", []))[:300])
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            self.errors.append(str(params["entry"].get("text")))

    def wait_for(self, method: str, *, timeout: float = 20.0) -> None:
        """Read events until `method` arrives."""
        if any(e.get("method") == method for e in self.events):
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = json.loads(self.socket.recv(timeout=timeout))
            self._event(message)
            if message.get("method") == method:
                return
        raise TimeoutError(method)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def open(self, url: str) -> None:
        """Navigate and wait for the load event (listeners enabled first: nothing is missed)."""
        self.events.clear()
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")
        time.sleep(0.3)
        self.call("Runtime.evaluate", expression="0")

    def screenshot(self, path: Path) -> None:
        """A full-page PNG of the current view."""
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        path.write_bytes(base64.b64decode(data["data"]))


def _port(profile: Path) -> int:
    """The DevTools port Chromium chose (written to DevToolsActivePort)."""
    marker = profile / "DevToolsActivePort"
    for _ in range(200):
        if marker.exists() and marker.read_text().strip():
            return int(marker.read_text().split()[0])
        time.sleep(0.05)
    raise TimeoutError("Chromium did not open its DevTools port")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    """A headless Chromium with a fresh profile and one DevTools page session."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    args = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0"]
    proc = subprocess.Popen(
        [*args, "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        port = _port(profile)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as reply:
            targets = json.loads(reply.read())
        url = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
        with connect(url, max_size=64 * 1024 * 1024) as socket:
            session = Page(socket)
            for domain in ("Page", "Runtime", "Log"):
                session.call(f"{domain}.enable")
            yield session
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def report_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample report (hostile corpus text included) written as report.html."""
    report = _sample_module().sample_report()
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
    page.evaluate("document.getElementById('lang-en').checked = true")
    assert page.evaluate("document.querySelector('#verdict h2 .zh').offsetParent === null")
    assert page.evaluate("document.querySelector('#verdict h2 .en').offsetParent !== null")
    page.screenshot(ARTIFACTS / "report-en.png")
    assert page.evaluate("document.querySelectorAll('svg').length") >= 6


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
