"""A headless Chromium driven over the DevTools protocol (a websocket), for the guide tests.

Only what the tests need: open a page, wait for its load event, evaluate JavaScript, and
collect every console error, uncaught exception and failed resource load on the way.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import requests
import websocket

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
    "--remote-allow-origins=*",
)
TIMEOUT_S = 20.0


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Page:
    def __init__(self, ws_url: str) -> None:
        self.ws = websocket.create_connection(ws_url, timeout=TIMEOUT_S, suppress_origin=True)
        self.ids = itertools.count(1)
        self.errors: list[str] = []
        self.loaded = False
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable")

    def _event(self, message: dict[str, Any]) -> None:
        method, params = message.get("method"), message.get("params", {})
        if method == "Page.loadEventFired":
            self.loaded = True
        elif method == "Runtime.exceptionThrown":
            self.errors.append(json.dumps(params["exceptionDetails"])[:500])
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            self.errors.append(json.dumps(params.get("args"))[:500])
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            self.errors.append(f"{params['entry'].get('text')} {params['entry'].get('url', '')}")

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        call_id = next(self.ids)
        self.ws.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self._event(message)

    def wait_for_load(self) -> None:
        deadline = time.monotonic() + TIMEOUT_S
        while not self.loaded:
            if time.monotonic() > deadline:
                raise TimeoutError("the page did not finish loading")
            self._event(json.loads(self.ws.recv()))

    def open(self, url: str) -> None:
        self.loaded = False
        self.call("Page.navigate", url=url)
        self.wait_for_load()

    def click(self, element_id: str) -> None:
        """Click a link and wait for the page it leads to."""
        self.loaded = False
        self.evaluate(f"document.getElementById({json.dumps(element_id)}).click()")
        self.wait_for_load()

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def close(self) -> None:
        self.ws.close()


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """A running headless Chromium; yields a function opening a new Page."""
    path = chromium_path()
    if path is None:
        raise RuntimeError("Chromium is not installed (scripts/ci_browser.sh installs Debian's chromium)")
    profile = tempfile.mkdtemp(prefix="atsbox-chromium-")
    proc = subprocess.Popen(
        [path, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    pages: list[Page] = []
    try:
        port_file = Path(profile) / "DevToolsActivePort"
        deadline = time.monotonic() + TIMEOUT_S
        while not (port_file.exists() and port_file.read_text().strip()):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Chromium did not start its DevTools endpoint")
            time.sleep(0.05)  # polling a file Chromium writes; not a timing assumption
        port = int(port_file.read_text().split()[0])

        def new_page() -> Page:
            target = requests.put(f"http://127.0.0.1:{port}/json/new?about:blank", timeout=TIMEOUT_S).json()
            page = Page(target["webSocketDebuggerUrl"])
            pages.append(page)
            return page

        yield new_page
    finally:
        for page in pages:
            with contextlib.suppress(Exception):
                page.close()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)
