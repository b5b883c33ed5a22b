"""``ofsted-kg serve`` for real on 127.0.0.1, its pages opened in headless Chromium (``-m browser``).

Skipped without Chromium unless ``OFSTED_KG_REQUIRE_BROWSER=1`` (see ``tests/devtools.py``).
The browser is driven over the DevTools protocol (``tests/devtools.py``), so every uncaught
exception, console error and failed or erroring load of a page is seen. ``OFSTED_KG_SCREENSHOTS=DIR``
keeps the screenshots for a person to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bundled import bundled_build_dir
from devtools import Browser, chromium

pytestmark = pytest.mark.browser
START_LIMIT = 120  # seconds the server may take to say where it listens
PAGES = ["", "authority/westminster", "authority/blackpool", "theme/supervision", "inspection/westminster/2019-09-09",
         "search?q=shire", "sparql", "sparql?format=html&query=SELECT+%2A+WHERE+%7B+%3Fs+%3Fp+%3Fo+%7D+LIMIT+5"]


@pytest.fixture(scope="module")
def server():
    out = bundled_build_dir()
    proc = subprocess.Popen([sys.executable, "-m", "ofsted_kg", "serve", "--store", str(out), "--port", "0",
                             "--host", "127.0.0.1"], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + START_LIMIT
    address = None
    while address is None and time.monotonic() < deadline and proc.poll() is None:
        match = re.search(r"at (http://127\.0\.0\.1:\d+/)", proc.stderr.readline())
        address = match.group(1) if match else None
    try:
        assert address, f"the server did not start (exit {proc.poll()})"
        yield address
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with Browser(chromium(), tmp_path_factory.mktemp("profile")) as b:
        yield b


def test_pages_open_without_errors_and_screenshot(server, browser, tmp_path):
    from matplotlib.image import imread

    keep = os.environ.get("OFSTED_KG_SCREENSHOTS")
    for path in PAGES:
        assert browser.open(server + path) == [], path
        dom = browser.dom()
        assert "<main>" in dom and "</footer>" in dom, path
        shot = browser.screenshot(tmp_path / "shot.png")
        pixels = imread(shot)
        assert pixels.shape[0] >= 800 and pixels.shape[1] >= 1200
        assert pixels.std() > 0.05, f"{path}: a blank page"
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^\w-]+", "-", path.split("?")[0]) or "index"
            shutil.copy(shot, Path(keep) / f"serve-{name}.png")
    assert 'src="/timeline/authority/blackpool.png"' in (browser.open(server + "authority/blackpool") or browser.dom())


def test_control_failed_loads_and_script_errors_are_seen(server, browser, tmp_path):
    """Negative control: the harness does see a missing page, a failed load and a script error."""
    assert any("HTTP 404" in p for p in browser.open(server + "authority/nowhere"))
    page = tmp_path / "control.html"
    page.write_text(f'<!DOCTYPE html><img src="{server}pictures/missing.png">'
                    "<script>null.boom();</script><p>control</p>", encoding="utf-8")
    problems = browser.open(page.as_uri())
    assert any("uncaught" in p for p in problems) and any("404" in p for p in problems), problems
