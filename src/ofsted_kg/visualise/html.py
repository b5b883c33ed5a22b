"""A self-contained interactive page of the theme network: inline SVG, CSS and script.

Every node is ``<g class="node" data-theme="<slug>">`` inside ``<svg id="graph">``;
every edge carries ``data-kind``, ``data-source``, ``data-target`` and ``data-weight``.
Hover or focus a node to highlight its links; click (or Enter) pins it and lists its
links in ``#details``; the page opened with ``#theme=<slug>`` pins that theme, and with
``#edges=all`` (alone or after ``&``) shows every edge. Check
boxes show or hide either kind of edge, and the weaker links (edges not among the strongest
of ``layout.DEFAULT_EDGE_LIMITS`` carry the class ``weak``); the page opens on the strongest
persistence links. When its script has run, ``<body>`` carries
``data-status="ready"`` (or ``"error"`` and the messages in ``data-errors``).
A Content-Security-Policy forbids loading anything from outside the page.
"""

from __future__ import annotations

from html import escape

import networkx as nx

from ._page import SCRIPT, STYLE
from .layout import (
    DEFAULT_EDGE_LIMITS,
    edge_width,
    group_colours,
    label_angle,
    node_radius,
    positions,
    strongest_edges,
)
from .network import CO_OCCURRENCE, EDGE_KINDS, PERSISTENCE

WIDTH, HEIGHT = 1200, 1000
RADIUS = 280  # of the circle the themes sit on; the labels stand radially outside it
#: Edge kinds shown when the page opens (persistence first; co-occurrence is a check box away).
SHOWN_AT_START = (PERSISTENCE,)
CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
EDGE_TEXT = {
    CO_OCCURRENCE: "together in {w} inspection(s)",
    PERSISTENCE: "persisted together across {w} pair(s) of consecutive inspections",
}


def _a(value: object) -> str:
    """An attribute value, escaped."""
    return escape(str(value), quote=True)


def _xy(pos: tuple[float, float]) -> tuple[float, float]:
    x = WIDTH / 2 + (pos[0] - 0.5) * 2 * RADIUS
    y = HEIGHT / 2 - (pos[1] - 0.5) * 2 * RADIUS
    return round(x, 1), round(y, 1)


def _label(unit: tuple[float, float], x: float, y: float, r: float, text: str) -> str:
    """The node's label, written radially outward from the circle (never upside down)."""
    rotation, rightwards = label_angle(unit)
    dx, dy = unit[0] - 0.5, 0.5 - unit[1]
    norm = max((dx * dx + dy * dy) ** 0.5, 1e-9)
    lx, ly = round(x + (r + 5) * dx / norm, 1), round(y + (r + 5) * dy / norm, 1)
    anchor = "start" if rightwards else "end"
    return (f'<text x="{lx}" y="{ly}" dy="0.35em" text-anchor="{anchor}" '
            f'transform="rotate({-rotation} {lx} {ly})">{escape(text)}</text>')


def _svg(graph: nx.MultiGraph) -> list[str]:
    out = [
        f'<svg id="graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="Theme network">'
    ]
    if graph.number_of_nodes() == 0:
        out.append(f'<text class="empty" x="{WIDTH // 2}" y="{HEIGHT // 2}" text-anchor="middle">'
                   "No findings match the selection.</text></svg>")
        return out
    unit = positions(graph)
    pos = {n: _xy(p) for n, p in unit.items()}
    colours = group_colours(graph)
    largest_frequency = max(d["frequency"] for _, d in graph.nodes(data=True))
    radius = {n: node_radius(d["frequency"], largest_frequency) for n, d in graph.nodes(data=True)}
    label = {n: d["label"] for n, d in graph.nodes(data=True)}
    edges = sorted(
        (min(u, v), max(u, v), k, d["weight"]) for u, v, k, d in graph.edges(keys=True, data=True)
    )
    largest = {kind: max([w for *_, k, w in edges if k == kind], default=1) for kind in EDGE_KINDS}
    strong = set(strongest_edges(edges, DEFAULT_EDGE_LIMITS))
    out.append('<g class="edges">')
    for u, v, kind, weight in edges:
        weak = "" if (u, v, kind, weight) in strong else " weak"
        common = (
            f'class="edge {kind}{weak}" data-kind="{kind}" data-source="{_a(u)}" data-target="{_a(v)}" '
            f'data-weight="{weight}" stroke-width="{edge_width(weight, largest[kind])}"'
        )
        what = f"{label[u]} — {label[v]}: " if u != v else f"{label[u]}: "
        title = f"<title>{escape(what + EDGE_TEXT[kind].format(w=weight))}</title>"
        if u == v:  # a theme persisting on its own: a ring around the node
            (x, y), r = pos[u], radius[u] + 4
            out.append(f'<circle {common} cx="{x}" cy="{y}" r="{r}">{title}</circle>')
        else:
            (x1, y1), (x2, y2) = pos[u], pos[v]
            out.append(f'<line {common} x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}">{title}</line>')
    out.append('</g><g class="nodes">')
    for n in sorted(graph.nodes):
        d = graph.nodes[n]
        (x, y), r = pos[n], radius[n]
        out.append(
            f'<g class="node" tabindex="0" data-theme="{_a(n)}" data-label="{_a(d["label"])}" '
            f'data-group="{_a(d["group"])}" data-frequency="{d["frequency"]}" '
            f'data-inspections="{d["inspections"]}" data-persistence="{d["persistence"]}">'
            f'<title>{escape(d["label"])} ({escape(d.get("group_label") or d["group"])}): '
            f'{d["frequency"]} findings, {d["inspections"]} inspections</title>'
            f'<circle cx="{x}" cy="{y}" r="{r}" fill="{colours[d["group"]]}"/>'
            f'{_label(unit[n], x, y, r, d["label"])}</g>'
        )
    out.append("</g></svg>")
    return out


def _legend(graph: nx.MultiGraph) -> list[str]:
    out = ['<ul id="legend">']
    names = {d["group"]: d.get("group_label") or d["group"] for _, d in graph.nodes(data=True)}
    for group, colour in group_colours(graph).items():
        out.append(f'<li data-group="{_a(group)}"><span class="swatch" style="background:{colour}"></span>'
                   f"{escape(names.get(group, group))}</li>")
    out.append('<li><span class="line-swatch"></span>co-occurrence (same inspection)</li>')
    out.append('<li><span class="line-swatch persistence"></span>persistence (consecutive inspections; '
               "a ring: the theme on its own)</li>")
    out.append("<li>Node size: number of findings</li></ul>")
    return out


def network_html(graph: nx.MultiGraph, title: str = "Theme network") -> str:
    """The page as a string (deterministic for a given graph)."""
    meta = graph.graph
    span = ""
    if meta.get("first_inspection"):
        span = f", {meta['first_inspection']} to {meta['last_inspection']}"
    summary = (
        f"{meta.get('filters', 'all findings')}: {meta.get('finding_count', 0)} findings in "
        f"{meta.get('inspection_count', 0)} inspections{span}; {graph.number_of_nodes()} themes."
    )
    toggles = "".join(
        f'<label><input type="checkbox" id="toggle-{kind}" data-kind="{kind}"'
        f'{" checked" if kind in SHOWN_AT_START else ""}> {kind} edges</label>'
        for kind in EDGE_KINDS
    ) + '<label><input type="checkbox" id="toggle-weak" data-kind="weak"> weaker links too</label>'
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_a(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{STYLE}</style></head>",
        '<body data-status="loading">',
        f"<h1>{escape(title)}</h1>",
        f'<p class="summary">{escape(summary)}</p>',
        f'<div id="controls">{toggles}</div>',
        '<div class="layout">',
        *_svg(graph),
        '<div id="side"><div id="details" aria-live="polite"></div>',
        *_legend(graph),
        "</div></div>",
        f"<script>{SCRIPT}</script>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"
