"""Shared drawing choices: a deterministic layout, group colours, node sizes."""

from __future__ import annotations

import math

import networkx as nx

from .network import CO_OCCURRENCE

#: Colour-blind-friendly palette (Okabe–Ito, then Tableau), assigned to groups in sorted order.
PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
    "#D55E00", "#F0E442", "#999999", "#8C564B", "#17BECF",
)
SEED = 20240601


def group_colours(graph: nx.Graph) -> dict[str, str]:
    groups = sorted({d["group"] for _, d in graph.nodes(data=True)})
    return {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(groups)}


def positions(graph: nx.MultiGraph) -> dict[str, tuple[float, float]]:
    """Node positions in the unit square, rounded to 4 places (deterministic).

    Themes start on a circle, sorted by group then slug, and relax by a spring
    layout over co-occurrence weights with a fixed seed.
    """
    nodes = sorted(graph.nodes, key=lambda n: (graph.nodes[n]["group"], n))
    if not nodes:
        return {}
    if len(nodes) == 1:
        return {nodes[0]: (0.5, 0.5)}
    start = {
        n: (math.cos(2 * math.pi * i / len(nodes)), math.sin(2 * math.pi * i / len(nodes)))
        for i, n in enumerate(nodes)
    }
    simple = nx.Graph()
    simple.add_nodes_from(nodes)
    for u, v, k, d in sorted(graph.edges(keys=True, data=True), key=lambda e: (min(e[:2]), max(e[:2]), e[2])):
        if k == CO_OCCURRENCE and u != v:
            simple.add_edge(u, v, weight=d["weight"])
    raw = nx.spring_layout(simple, pos=start, seed=SEED, weight="weight", iterations=100,
                           k=1.5 / math.sqrt(len(nodes)))
    xs = [float(p[0]) for p in raw.values()]
    ys = [float(p[1]) for p in raw.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    return {
        n: (round((float(raw[n][0]) - min(xs)) / span_x, 4), round((float(raw[n][1]) - min(ys)) / span_y, 4))
        for n in sorted(nodes)
    }


def node_radius(frequency: int, largest: int, smallest: float = 6.0, biggest: float = 24.0) -> float:
    """Radius growing with the square root of frequency (area ∝ frequency)."""
    if largest <= 0:
        return smallest
    return round(smallest + (biggest - smallest) * math.sqrt(max(frequency, 0) / largest), 2)


def edge_width(weight: int, largest: int) -> float:
    return round(1.0 + 5.0 * weight / largest, 2) if largest > 0 else 1.0
