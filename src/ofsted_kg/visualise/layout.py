"""Shared drawing choices: a deterministic layout, group colours, node sizes."""

from __future__ import annotations

import math

import networkx as nx


#: Colour-blind-friendly palette (Okabe–Ito, then Tableau), assigned to groups in sorted order.
PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
    "#D55E00", "#F0E442", "#999999", "#8C564B", "#17BECF",
)


def group_colours(graph: nx.Graph) -> dict[str, str]:
    groups = sorted({d["group"] for _, d in graph.nodes(data=True)})
    return {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(groups)}


def positions(graph: nx.MultiGraph) -> dict[str, tuple[float, float]]:
    """Node positions in the unit square, rounded to 4 places (deterministic).

    Themes sit on a circle, sorted by group then slug, so each group is one arc and
    edges are chords between arcs. (A force layout was tried: on real data the dense
    co-occurrence core collapsed into a blot while themes without links flew to the
    edge; a circle stays readable whatever the data.)
    """
    nodes = sorted(graph.nodes, key=lambda n: (graph.nodes[n]["group"], n))
    if not nodes:
        return {}
    if len(nodes) == 1:
        return {nodes[0]: (0.5, 0.5)}
    placed = {}
    for i, node in enumerate(nodes):
        angle = math.pi / 2 - 2 * math.pi * i / len(nodes)
        placed[node] = (round(0.5 + 0.5 * math.cos(angle), 4), round(0.5 + 0.5 * math.sin(angle), 4))
    return {n: placed[n] for n in sorted(nodes)}


def node_radius(frequency: int, largest: int, smallest: float = 6.0, biggest: float = 24.0) -> float:
    """Radius growing with the square root of frequency (area ∝ frequency)."""
    if largest <= 0:
        return smallest
    return round(smallest + (biggest - smallest) * math.sqrt(max(frequency, 0) / largest), 2)


def edge_width(weight: int, largest: int) -> float:
    return round(1.0 + 5.0 * weight / largest, 2) if largest > 0 else 1.0


def label_angle(position: tuple[float, float]) -> tuple[float, bool]:
    """How to write a label radially outside the circle of :func:`positions`.

    Returns the text's rotation in degrees and whether it reads outwards to the right
    (``True``: anchored at its start) or to the left (``False``: anchored at its end, turned
    half a turn so it is never upside down).
    """
    angle = math.degrees(math.atan2(position[1] - 0.5, position[0] - 0.5))
    if -90.0 < angle <= 90.0:
        return round(angle, 2), True
    return round(angle - 180.0 if angle > 0 else angle + 180.0, 2), False


#: Edges drawn in the static pictures by default: persistence first, and only the strongest.
DEFAULT_EDGE_LIMITS = {"persistence": 20, "co-occurrence": 10}


def strongest_edges(
    edges: list[tuple[str, str, str, int]], limits: dict[str, int | None]
) -> list[tuple[str, str, str, int]]:
    """The ``(u, v, kind, weight)`` edges kept under ``limits`` (kind -> how many; ``None``:
    all). A theme's persistence ring (``u == v``) is always kept; links between two themes
    are kept strongest first, ties by name, so the choice is deterministic."""
    kept = [e for e in edges if e[0] == e[1] and e[2] in limits]
    for kind, limit in limits.items():
        links = sorted((e for e in edges if e[2] == kind and e[0] != e[1]), key=lambda e: (-e[3], e[0], e[1]))
        kept.extend(links if limit is None else links[:limit])
    return sorted(kept)
