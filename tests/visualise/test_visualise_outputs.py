"""Pictures and exchange files: deterministic, re-readable, self-contained, escaped."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import networkx as nx
import pytest

from ofsted_kg.visualise.exchange import gexf_bytes, graphml_bytes
from ofsted_kg.visualise.html import network_html
from ofsted_kg.visualise.network import CO_OCCURRENCE, PERSISTENCE, Filters, theme_network
from ofsted_kg import render_all
from ofsted_kg.visualise.rows import rows_from_json, rows_to_json, themes_from_csv
from ofsted_kg.visualise.static import network_picture
from ofsted_kg.visualise.timeline import inspections_of, timeline_picture
from visualise_rows import PERSISTENCE as PERSIST, ROWS, THEMES


@pytest.fixture(scope="module")
def graph():
    return theme_network(ROWS, THEMES, PERSIST)


def test_rows_json_round_trip():
    text = rows_to_json(ROWS, THEMES, PERSIST)
    assert json.loads(text)["format"] == "ofsted-kg/finding-rows"
    assert rows_from_json(text) == (ROWS, THEMES, PERSIST)
    assert rows_from_json(text.encode()) == (ROWS, THEMES, PERSIST)


def test_rows_json_optional_parts_and_errors():
    minimal = {"format": "ofsted-kg/finding-rows", "version": 1, "findings": [
        {"inspection": "i", "authority": "A", "date": "2010-01-02", "category": "strength", "themes": ["x"]}]}
    rows, themes, persistence = rows_from_json(json.dumps(minimal))
    assert rows[0].region is None and rows[0].grade is None and rows[0].themes == ("x",)
    assert themes == [] and persistence == []
    for bad in ('{"format": "other"}', "[]", json.dumps({**minimal, "version": 9}),
                json.dumps({**minimal, "findings": [{"inspection": "i"}]})):
        with pytest.raises(ValueError):
            rows_from_json(bad)


def test_themes_from_csv(tmp_path):
    from conftest import DATA

    themes = themes_from_csv(DATA / "reference" / "themes.csv")
    assert len(themes) == len({t.slug for t in themes}) > 30
    assert all(t.label and t.group for t in themes)


@pytest.mark.parametrize("render", [
    lambda g: network_html(g).encode(),
    lambda g: network_picture(g, "png"),
    lambda g: network_picture(g, "svg"),
    graphml_bytes,
    gexf_bytes,
], ids=["html", "png", "svg", "graphml", "gexf"])
def test_reruns_are_byte_identical(graph, render):
    first = render(graph)
    assert first and first == render(theme_network(ROWS, THEMES, PERSIST))


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_timelines_are_byte_identical(fmt):
    first = timeline_picture("Alpha", ROWS, THEMES, fmt)
    assert first == timeline_picture("Alpha", list(reversed(ROWS)), THEMES, fmt)
    if fmt == "png":
        assert first[:4] == b"\x89PNG"
    else:
        assert b"<svg" in first and b"<dc:date>" not in first


def test_timeline_inspections_keep_grades():
    found = inspections_of("Beta", ROWS)
    assert [(i.framework, i.grade) for i in found] == [("UCRA", None), ("SIF", "requires improvement")]
    assert timeline_picture("Nobody", ROWS, THEMES, "png")[:4] == b"\x89PNG"  # empty, still a picture


def test_graphml_reads_back(graph, tmp_path):
    path = tmp_path / "g.graphml"
    path.write_bytes(graphml_bytes(graph))
    back = nx.read_graphml(path, force_multigraph=True)
    assert sorted(back.nodes) == sorted(graph.nodes)
    assert back.nodes["caseloads"]["label"] == "Caseloads & <workload>"
    assert back.nodes["supervision"]["frequency"] == 4
    assert back.number_of_edges() == graph.number_of_edges()
    assert set(back["supervision"]["timeliness"]) == {CO_OCCURRENCE, PERSISTENCE}


def test_gexf_reads_back(graph, tmp_path):
    path = tmp_path / "g.gexf"
    path.write_bytes(gexf_bytes(graph))
    back = nx.read_gexf(path)
    assert back.is_multigraph()
    assert sorted(back.nodes) == sorted(graph.nodes)
    assert back.nodes["neglect"]["label"] == 'Neglect "chronic"'
    assert back.number_of_edges() == graph.number_of_edges()
    kinds = sorted(d["kind"] for _, _, d in back.edges(data=True))
    assert kinds.count(PERSISTENCE) == 4
    assert b'lastmodifieddate="2017-02-06"' in path.read_bytes()


def test_html_is_self_contained_escaped_and_has_every_node(graph):
    page = network_html(graph)
    assert not re.search(r"""(?:src|href|url)\s*[=(]\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert "@import" not in page
    assert 'id="graph"' in page and "Content-Security-Policy" in page
    shown = re.findall(r'<g class="node"[^>]*data-theme="([^"]+)"', page)
    assert shown == sorted(graph.nodes)
    assert "Caseloads &amp; &lt;workload&gt;" in page and "<workload>" not in page
    assert 'data-label="Neglect &quot;chronic&quot;"' in page
    assert page.count('class="edge ') == graph.number_of_edges()


def test_html_of_an_empty_selection():
    page = network_html(theme_network(ROWS, THEMES, region="Nowhere"))
    assert 'id="graph"' in page and "No findings match" in page and 'class="node"' not in page


def test_render_all_writes_every_file_atomically(tmp_path):
    written = render_all(ROWS, THEMES, PERSIST, tmp_path / "out", Filters(years=(2009, 2014)))
    names = sorted(p.name for p in written)
    assert names == sorted([f"theme-network.{e}" for e in ("html", "png", "svg", "graphml", "gexf")]
                           + [f"timeline-{a}.{e}" for a in ("alpha", "beta") for e in ("png", "svg")])
    assert all(p.stat().st_size > 0 for p in written)
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]  # no temp files left
    before = {p.name: p.read_bytes() for p in written}
    again = render_all(ROWS, THEMES, PERSIST, tmp_path / "out", Filters(years=(2009, 2014)))
    assert {p.name: p.read_bytes() for p in again} == before


def test_a_picture_is_drawn_again_only_when_its_input_changed(tmp_path, monkeypatch):
    drawn: dict[str, str] = {}
    first = render_all(ROWS, THEMES, PERSIST, tmp_path, drawn=drawn)
    assert set(drawn) == {"theme-network", "timeline-alpha", "timeline-beta"}
    stamps = {p: p.stat().st_mtime_ns for p in first}
    calls = []
    monkeypatch.setattr("ofsted_kg.visualise.render.timeline_figure",
                        lambda authority, *a: calls.append(authority) or authority)
    monkeypatch.setattr("ofsted_kg.visualise.render.network_figure", lambda *a: calls.append("network") or "n")
    monkeypatch.setattr("ofsted_kg.visualise.render.figure_bytes", lambda figure, fmt: f"{figure}.{fmt}".encode())
    again = render_all(ROWS, THEMES, PERSIST, tmp_path, drawn=drawn)
    assert again == first and calls == [] and {p: p.stat().st_mtime_ns for p in again} == stamps
    beta = [r for r in ROWS if r.authority == "Beta"]
    changed = [r for r in ROWS if r.authority != "Beta"] + [replace(r, category="strength") for r in beta]
    render_all(changed, THEMES, PERSIST, tmp_path, drawn=drawn)  # the network does not count categories
    assert calls == ["Beta"]  # one figure, saved as png and svg
    assert (tmp_path / "timeline-beta.svg").read_bytes() == b"Beta.svg"
    changed = [r for r in ROWS if r.authority != "Beta"] + [replace(r, themes=()) for r in beta]
    render_all(changed, THEMES, PERSIST, tmp_path, drawn=drawn)
    assert calls.count("Beta") == 2 and "Alpha" not in calls and calls.count("network") == 1
    (tmp_path / "timeline-alpha.svg").unlink()  # a missing file is drawn again
    render_all(changed, THEMES, PERSIST, tmp_path, drawn=drawn)
    assert calls.count("Alpha") == 1


def test_the_store_aggregates_the_same_network_as_the_finding_rows():
    from bundled import bundled_build_dir
    from ofsted_kg.store.knowledge import KnowledgeStore
    from ofsted_kg.visualise.network import count_rows
    from ofsted_kg.visualise.source import finding_rows, network_counts

    with KnowledgeStore(bundled_build_dir() / "store", read_only=True) as store:
        aggregated, rows = network_counts(store), finding_rows(store)
    assert aggregated == count_rows(rows)
    assert aggregated.finding_count > 300 and len(aggregated.pair_inspections) > 50


def test_a_picture_that_fails_to_draw_does_not_stop_the_others(tmp_path, capsys):
    # drawn in one process (the build's standby worker), a failing picture is reported and left out
    from ofsted_kg.visualise.render import Plan, _Job

    def broken() -> bytes:
        raise ValueError("no font")

    good, bad = tmp_path / "good.svg", tmp_path / "bad.svg"
    drawn: dict[str, str] = {}
    plan = Plan([good, bad], {"good": _Job("d1", [good], [lambda: b"<svg/>"]), "bad": _Job("d2", [bad], [broken])},
                drawn)
    assert plan.draw() == [good]
    assert good.read_bytes() == b"<svg/>" and not bad.exists() and drawn == {"good": "d1"}
    assert "picture bad: draw error: ValueError: no font" in capsys.readouterr().err
