"""The theme network as a static picture (PNG or SVG) with matplotlib, deterministic."""

from __future__ import annotations

import networkx as nx
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle

from .files import figure_bytes, new_figure
from .layout import edge_width, group_colours, node_radius, positions
from .network import CO_OCCURRENCE, EDGE_KINDS

PERSISTENCE_COLOUR = "#C0392B"
CO_OCCURRENCE_COLOUR = "#8a8a8a"


def network_figure(graph: nx.MultiGraph, title: str = "Theme network") -> Figure:
    figure = new_figure(12, 9)
    axes = figure.add_axes((0.02, 0.02, 0.74, 0.9))
    axes.set_axis_off()
    axes.set_xlim(-0.08, 1.25)
    axes.set_ylim(-0.08, 1.08)
    axes.set_aspect("equal", adjustable="box")
    summary = f"{graph.graph.get('filters', 'all findings')}: {graph.graph.get('finding_count', 0)} findings, " \
              f"{graph.graph.get('inspection_count', 0)} inspections"
    figure.suptitle(f"{title}\n{summary}", fontsize=12)
    if graph.number_of_nodes() == 0:
        axes.text(0.5, 0.5, "No findings match the selection.", ha="center", va="center", fontsize=14)
        return figure
    pos = positions(graph)
    colours = group_colours(graph)
    largest_frequency = max(d["frequency"] for _, d in graph.nodes(data=True))
    edges = sorted((min(u, v), max(u, v), k, d["weight"]) for u, v, k, d in graph.edges(keys=True, data=True))
    largest = {kind: max([w for *_, k, w in edges if k == kind], default=1) for kind in EDGE_KINDS}
    # Radii are in points in the HTML page; here they are a fraction of the axes.
    scale = 1 / 600
    for u, v, kind, weight in edges:
        width = edge_width(weight, largest[kind])
        if kind == CO_OCCURRENCE:
            axes.plot(*zip(pos[u], pos[v]), color=CO_OCCURRENCE_COLOUR, alpha=0.5, linewidth=width, zorder=1)
        elif u != v:
            axes.plot(*zip(pos[u], pos[v]), color=PERSISTENCE_COLOUR, alpha=0.75, linewidth=width,
                      linestyle="--", zorder=2)
        else:
            r = (node_radius(graph.nodes[u]["frequency"], largest_frequency) + 4) * scale
            axes.add_patch(Circle(pos[u], r, fill=False, edgecolor=PERSISTENCE_COLOUR, linewidth=width,
                                  linestyle="--", alpha=0.75, zorder=2))
    for n in sorted(graph.nodes):
        d = graph.nodes[n]
        r = node_radius(d["frequency"], largest_frequency) * scale
        axes.add_patch(Circle(pos[n], r, facecolor=colours[d["group"]], edgecolor="white", linewidth=1, zorder=3))
        axes.text(pos[n][0] + r + 0.005, pos[n][1], d["label"], fontsize=8, va="center", zorder=4)
    handles = [Line2D([], [], marker="o", linestyle="", markersize=9, markerfacecolor=c, markeredgecolor="white",
                      label=g) for g, c in colours.items()]
    handles.append(Line2D([], [], color=CO_OCCURRENCE_COLOUR, linewidth=2, label="co-occurrence"))
    handles.append(Line2D([], [], color=PERSISTENCE_COLOUR, linewidth=2, linestyle="--", label="persistence"))
    figure.legend(handles=handles, loc="upper right", bbox_to_anchor=(0.99, 0.9), fontsize=8, frameon=False,
                  title="Theme groups; node size = findings", title_fontsize=8)
    return figure


def network_picture(graph: nx.MultiGraph, fmt: str, title: str = "Theme network") -> bytes:
    """PNG or SVG bytes of the theme network (``fmt`` is ``"png"`` or ``"svg"``)."""
    return figure_bytes(network_figure(graph, title), fmt)

