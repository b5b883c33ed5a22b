"""``ofsted-kg graph`` end to end on a rows JSON file."""

from __future__ import annotations

import pytest

from ofsted_kg import main
from ofsted_kg.commands.graph import categories, years
from ofsted_kg.visualise.rows import rows_to_json
from visualise_rows import PERSISTENCE, ROWS, THEMES


@pytest.fixture
def rows_file(tmp_path):
    path = tmp_path / "rows.json"
    path.write_text(rows_to_json(ROWS, THEMES, PERSISTENCE), encoding="utf-8")
    return path


def test_graph_writes_the_pictures(rows_file, tmp_path, capsys):
    out = tmp_path / "pictures"
    assert main(["graph", "--rows", str(rows_file), "--out", str(out), "--authority", "alpha",
                 "--years", "2009-2017", "--categories", "area-for-development,recommendation"]) == 0
    printed = capsys.readouterr().out.split()
    assert sorted(p.rsplit("/", 1)[1] for p in printed) == sorted(
        [f"theme-network.{e}" for e in ("gexf", "graphml", "html", "png", "svg")]
        + ["timeline-alpha.png", "timeline-alpha.svg"])
    page = (out / "theme-network.html").read_text(encoding="utf-8")
    assert 'data-theme="supervision"' in page and 'data-theme="neglect"' not in page


def test_graph_falls_back_to_bundled_themes(tmp_path, capsys):
    path = tmp_path / "rows.json"
    path.write_text(rows_to_json(ROWS, [], []), encoding="utf-8")
    assert main(["graph", "--rows", str(path), "--out", str(tmp_path), "--no-timelines"]) == 0
    assert 'data-label="Quality of assessments"' in (tmp_path / "theme-network.html").read_text()


def test_graph_reports_an_empty_selection(rows_file, tmp_path, capsys):
    assert main(["graph", "--rows", str(rows_file), "--out", str(tmp_path), "--region", "Nowhere"]) == 1
    assert "no finding matches" in capsys.readouterr().err
    assert (tmp_path / "theme-network.html").exists()


@pytest.mark.parametrize("argv", [
    ["graph", "--years", "2012-2009", "--rows", "x.json"],
    ["graph", "--years", "soon", "--rows", "x.json"],
    ["graph", "--categories", "praise", "--rows", "x.json"],
    ["graph", "--rows", "missing.json"],
    ["graph"],
])
def test_graph_usage_errors_exit_2(argv, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert not (tmp_path / "out").exists()


def test_option_parsers():
    assert years("2008-2012") == (2008, 2012)
    assert years("2010") == (2010, 2010)
    assert categories("strength, recommendation") == {"strength", "recommendation"}


def test_graph_output_is_identical_across_processes(rows_file, tmp_path):
    """Separate interpreters with different hash seeds write byte-identical files."""
    import os
    import subprocess
    import sys

    from conftest import ROOT

    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"run{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT / "src")}
        subprocess.run([sys.executable, "-m", "ofsted_kg", "graph", "--rows", str(rows_file), "--out", str(out)],
                       check=True, env=env, capture_output=True, timeout=300)
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert len(outputs[0]) == 9 and outputs[0] == outputs[1]
