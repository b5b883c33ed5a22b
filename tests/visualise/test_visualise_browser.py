"""The interactive page in a real headless Chromium (``pytest -m browser``).

Skipped when no Chromium binary is found, unless ``OFSTED_KG_REQUIRE_BROWSER=1``
(set in CI), which turns the skip into a failure. ``OFSTED_KG_CHROMIUM`` names a
binary explicitly. The page records script errors and blocked resource loads in
``<body data-status data-errors>``, which ``--dump-dom`` reveals.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from devtools import chromium
from ofsted_kg.visualise.html import network_html
from ofsted_kg.visualise.network import theme_network
from visualise_rows import PERSISTENCE, ROWS, THEMES

pytestmark = pytest.mark.browser

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--enable-logging=stderr", "--v=0", "--virtual-time-budget=2000", "--window-size=1280,900",
)


def run_chromium(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile.mkdir(parents=True, exist_ok=True)
    command = [binary, *FLAGS, f"--user-data-dir={profile}", *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, f"{command} exited {result.returncode}: {result.stderr[-2000:]}"
    return result


def console_errors(stderr: str) -> list[str]:
    """Console messages of level error and uncaught exceptions from Chromium's log."""
    return [line for line in stderr.splitlines()
            if re.search(r"Uncaught|CONSOLE.*(?:error|Error)|Refused to (?:load|execute|apply)", line)]


@pytest.fixture(scope="module")
def graph():
    return theme_network(ROWS, THEMES, PERSISTENCE)


@pytest.fixture(scope="module")
def page(graph, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("page") / "theme-network.html"
    path.write_text(network_html(graph), encoding="utf-8")
    return path


def body_of(dom: str) -> str:
    match = re.search(r"<body[^>]*>", dom)
    assert match, dom[:500]
    return match.group(0)


def test_page_runs_without_errors_and_shows_every_node(graph, page, tmp_path):
    binary = chromium()
    result = run_chromium(binary, tmp_path / "profile", "--dump-dom", page.as_uri())
    dom, body = result.stdout, body_of(result.stdout)
    assert 'data-status="ready"' in body, f"{body}\n{result.stderr[-2000:]}"
    assert "data-errors" not in body
    assert console_errors(result.stderr) == []
    assert f'data-node-count="{graph.number_of_nodes()}"' in body
    assert f'data-edge-count="{graph.number_of_edges()}"' in body
    svg = dom[dom.index('id="graph"'):]
    assert sorted(re.findall(r'<g class="node[^"]*"[^>]*data-theme="([^"]+)"', svg)) == sorted(graph.nodes)
    assert "Hover over or click a theme" in dom


def test_page_opens_on_persistence_links_only(graph, page, tmp_path):
    """Fewer edges at first: a selected theme lists only its (strongest) persistence links."""
    binary = chromium()
    result = run_chromium(binary, tmp_path / "profile", "--dump-dom", page.as_uri() + "#theme=supervision")
    dom = result.stdout
    assert 'data-selected="supervision"' in body_of(dom)
    assert re.search(r'<svg[^>]*id="graph"[^>]*class="[^"]*hide-co-occurrence', dom)
    details = dom[dom.index('id="details"'):dom.index('id="legend"')]
    linked = set(re.findall(r'<li data-theme="([^"]+)"', details))
    persisted = {v for u, v, k in graph.edges("supervision", keys=True) if k == "persistence"}
    co_only = {v for u, v, k in graph.edges("supervision", keys=True) if k == "co-occurrence"} - persisted
    assert linked <= persisted | {"supervision"}
    assert co_only and not (linked & co_only)


def test_selected_theme_lists_its_links(page, tmp_path):
    binary = chromium()
    result = run_chromium(binary, tmp_path / "profile", "--dump-dom",
                          page.as_uri() + "#theme=supervision&edges=all")
    dom = result.stdout
    assert 'data-selected="supervision"' in body_of(dom)
    details = dom[dom.index('id="details"'):dom.index('id="legend"')]
    assert "<h2>Supervision</h2>" in details
    linked = re.findall(r'<li data-theme="([^"]+)"', details)
    assert sorted(set(linked)) == ["assessment-quality", "caseloads", "early-help", "supervision", "timeliness"]
    assert re.search(r'class="edge co-occurrence lit"[^>]*data-source="supervision" data-target="timeliness"', dom)
    assert re.search(r'class="node lit selected"[^>]*data-theme="supervision"', dom)


def test_broken_page_is_reported(tmp_path):
    """Negative control: the harness does see a script error and a blocked external load."""
    binary = chromium()
    bad = tmp_path / "bad.html"
    page = network_html(theme_network(ROWS, THEMES)).replace(
        "</body>", '<img src="https://example.invalid/x.png"><script>null.boom();</script></body>')
    bad.write_text(page, encoding="utf-8")
    result = run_chromium(binary, tmp_path / "profile", "--dump-dom", bad.as_uri())
    body = body_of(result.stdout)
    assert 'data-status="error"' in body and "data-errors=" in body
    assert "content security policy" in body
    assert console_errors(result.stderr)


def test_screenshot(page, tmp_path):
    from matplotlib.image import imread

    binary = chromium()
    shot = tmp_path / "shot.png"
    run_chromium(binary, tmp_path / "profile", f"--screenshot={shot}", page.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    pixels = imread(shot)
    assert pixels.shape[0] >= 800 and pixels.shape[1] >= 1200
    assert pixels.std() > 0.05  # not a blank page
