"""Find Chromium (``chromium()``) and drive it headless over the DevTools protocol through ``--remote-debugging-pipe``.

No extra dependency: the browser reads commands on fd 3 and writes answers and events on
fd 4, as JSON messages ending in NUL. A page's problems are gathered from the protocol's
own events, which ``--enable-logging`` does not fully show (a failed image or stylesheet
load is never logged there): uncaught exceptions, console errors, log entries of level
error, failed loads and HTTP responses with an error status.

``chromium()`` skips the calling test when no binary is found, unless
``OFSTED_KG_REQUIRE_BROWSER=1`` (set in CI), which makes it a failure; ``OFSTED_KG_CHROMIUM``
names a binary explicitly.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1280,900", "--remote-debugging-pipe",
)
COMMAND_LIMIT = 60.0  # seconds one protocol command or page load may take


def chromium() -> str:
    explicit = os.environ.get("OFSTED_KG_CHROMIUM")
    found = shutil.which(explicit) if explicit else next(filter(None, map(shutil.which, CANDIDATES)), None)
    if found:
        return found
    reason = f"no Chromium binary found (tried {explicit or ', '.join(CANDIDATES)}); apt-get install chromium"
    if os.environ.get("OFSTED_KG_REQUIRE_BROWSER") == "1":
        pytest.fail(f"OFSTED_KG_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


class Browser:
    """One headless Chromium with one page, driven over the pipe; use as a context manager."""

    def __init__(self, binary: str, profile: Path) -> None:
        profile.mkdir(parents=True, exist_ok=True)
        to_child, from_us = os.pipe()
        to_us, from_child = os.pipe()
        high = [os.dup(fd) for fd in (to_child, from_child)]  # keep them clear of 3 and 4

        def wire() -> None:
            os.dup2(high[0], 3)
            os.dup2(high[1], 4)

        self.process = subprocess.Popen([binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                        preexec_fn=wire, close_fds=False, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for fd in (to_child, from_child, *high):
            os.close(fd)
        self._out = os.fdopen(from_us, "wb")
        self._in = os.fdopen(to_us, "rb")
        self._next = 0
        self._answers: dict[int, queue.Queue] = {}
        self.events: list[dict] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()
        targets = self.send("Target.getTargets")["targetInfos"]
        page = next(t["targetId"] for t in targets if t["type"] == "page")
        self.session = self.send("Target.attachToTarget", targetId=page, flatten=True)["sessionId"]
        for domain in ("Runtime", "Log", "Network", "Page"):
            self.send(f"{domain}.enable", session=True)
        self.send("Emulation.setDeviceMetricsOverride", session=True, width=1280, height=900,
                  deviceScaleFactor=1, mobile=False)

    def _read(self) -> None:
        buffer = b""
        while chunk := self._in.read1(65536):
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "id" in message:
                    waiting = self._answers.get(message["id"])
                    if waiting is not None:
                        waiting.put(message)
                else:
                    with self._lock:
                        self.events.append(message)

    def send(self, method: str, session: bool = False, **params) -> dict:
        self._next += 1
        ident = self._next
        waiting = self._answers[ident] = queue.Queue()
        message = {"id": ident, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        self._out.write(json.dumps(message).encode() + b"\0")
        self._out.flush()
        try:
            answer = waiting.get(timeout=COMMAND_LIMIT)
        finally:
            self._answers.pop(ident, None)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    def open(self, url: str) -> list[str]:
        """Load ``url``, wait for its load event, and return the page's problems (empty when clean)."""
        with self._lock:
            self.events.clear()
        self.send("Page.navigate", session=True, url=url)
        deadline = time.monotonic() + COMMAND_LIMIT
        while time.monotonic() < deadline and not self._seen("Page.loadEventFired"):
            time.sleep(0.05)
        assert self._seen("Page.loadEventFired"), f"{url} did not load in {COMMAND_LIMIT:g} s"
        time.sleep(0.3)  # late console messages
        return self.problems()

    def _seen(self, method: str) -> bool:
        with self._lock:
            return any(e["method"] == method for e in self.events)

    def problems(self) -> list[str]:
        found = []
        with self._lock:
            events = list(self.events)
        for event in events:
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.exceptionThrown":
                found.append(f"uncaught: {params['exceptionDetails'].get('exception', {}).get('description', '')}")
            elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
                found.append(f"console.{params['type']}: {params['args']}")
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                found.append(f"log: {params['entry']['text']} ({params['entry'].get('url', '')})")
            elif method == "Network.loadingFailed" and not params.get("canceled"):
                found.append(f"load failed: {params.get('errorText')} {params.get('blockedReason', '')}")
            elif method == "Network.responseReceived" and params["response"]["status"] >= 400:
                found.append(f"HTTP {params['response']['status']}: {params['response']['url']}")
        return found

    def dom(self) -> str:
        result = self.send("Runtime.evaluate", session=True, expression="document.documentElement.outerHTML")
        return result["result"]["value"]

    def screenshot(self, path: Path) -> Path:
        data = self.send("Page.captureScreenshot", session=True, format="png", captureBeyondViewport=False)["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (RuntimeError, OSError, queue.Empty):
            pass
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for stream in (self._out, self._in):
            try:
                stream.close()
            except OSError:
                pass

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
