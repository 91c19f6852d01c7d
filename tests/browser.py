"""Headless Chromium over the DevTools protocol, shared by the browser tests.

Debian's `chromium` (`make test-deps` installs it). A missing browser FAILS the test: a skip
would let `make test` pass without ever looking at a screen.
"""

from __future__ import annotations

import base64
import itertools
import json
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import ClientConnection, connect

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
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
        return result.get("result", {}).get("value")

    def open(self, url: str) -> None:
        """Navigate (via about:blank) and wait for the load event; errors are counted afresh."""
        self.events.clear()
        self.errors.clear()
        self.call("Page.navigate", url="about:blank")  # a fragment-only change fires no load
        self.wait_for("Page.loadEventFired")
        self.events.clear()
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")
        time.sleep(0.3)
        self.call("Runtime.evaluate", expression="0")

    def wait_until(self, expression: str, *, timeout: float = 60.0) -> Any:
        """Poll a JavaScript expression until it is truthy; its value (TimeoutError if never)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.25)
        raise TimeoutError(f"never true in the page: {expression}")

    def screenshot(self, path: Path) -> None:
        """A full-page PNG of the current view."""
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data["data"]))


def _port(profile: Path) -> int:
    """The DevTools port Chromium chose (written to DevToolsActivePort)."""
    marker = profile / "DevToolsActivePort"
    for _ in range(200):
        if marker.exists() and marker.read_text().strip():
            return int(marker.read_text().split()[0])
        time.sleep(0.05)
    raise TimeoutError("Chromium did not open its DevTools port")


@contextmanager
def chromium_page(profile: Path) -> Iterator[Page]:
    """A headless Chromium with a fresh profile and one DevTools page session."""
    if CHROMIUM is None:
        pytest.fail("chromium is not installed: run `make test-deps` (apt-get install -y chromium)")
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
