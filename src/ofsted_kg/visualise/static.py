"""The theme network as a static picture (PNG or SVG) with matplotlib, deterministic.

Themes sit on a circle grouped by colour, labelled radially outside it so no two labels
overlap. To stay readable the picture draws every persistence ring but only the strongest
links (``layout.DEFAULT_EDGE_LIMITS``: persistence first, a few co-occurrences faint
behind); the HTML page and the GraphML/GEXF files keep every edge.
"""

from __future__ import annotations

import networkx as nx
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle

from .files import figure_bytes, new_figure
from .layout import DEFAULT_EDGE_LIMITS, edge_width, group_colours, label_angle, node_radius, positions, strongest_edges
from .network import CO_OCCURRENCE, EDGE_KINDS

PERSISTENCE_COLOUR = "#C0392B"
CO_OCCURRENCE_COLOUR = "#9a9a9a"
#: Node radii are given in points for the HTML page; this turns them into axes units.
SCALE = 1 / 500


def _draw_edges(axes, graph: nx.MultiGraph, pos, limits) -> dict[str, int]:
    """Draw the kept edges; return how many links of each kind were left out."""
    edges = sorted((min(u, v), max(u, v), k, d["weight"]) for u, v, k, d in graph.edges(keys=True, data=True))
    largest = {kind: max([w for *_, k, w in edges if k == kind], default=1) for kind in EDGE_KINDS}
    largest_frequency = max(d["frequency"] for _, d in graph.nodes(data=True))
    kept = strongest_edges(edges, limits)
    for u, v, kind, weight in kept:
        width = edge_width(weight, largest[kind])
        if kind == CO_OCCURRENCE:
            axes.plot(*zip(pos[u], pos[v]), color=CO_OCCURRENCE_COLOUR, alpha=0.35, linewidth=width * 0.6, zorder=1)
        elif u != v:
            axes.plot(*zip(pos[u], pos[v]), color=PERSISTENCE_COLOUR, alpha=0.7, linewidth=width * 0.7, zorder=2)
        else:
            r = (node_radius(graph.nodes[u]["frequency"], largest_frequency) + 5) * SCALE
            axes.add_patch(Circle(pos[u], r, fill=False, edgecolor=PERSISTENCE_COLOUR, linewidth=min(width, 3.5),
                                  linestyle="--", alpha=0.85, zorder=2))
    links = {kind: sum(1 for u, v, k, _ in edges if k == kind and u != v) for kind in EDGE_KINDS}
    shown = {kind: sum(1 for u, v, k, _ in kept if k == kind and u != v) for kind in EDGE_KINDS}
    return {kind: links[kind] - shown[kind] for kind in EDGE_KINDS}


def _draw_nodes(axes, graph: nx.MultiGraph, pos, colours) -> None:
    largest_frequency = max(d["frequency"] for _, d in graph.nodes(data=True))
    for n in sorted(graph.nodes):
        d = graph.nodes[n]
        r = node_radius(d["frequency"], largest_frequency) * SCALE
        axes.add_patch(Circle(pos[n], r, facecolor=colours[d["group"]], edgecolor="white", linewidth=1, zorder=3))
        rotation, rightwards = label_angle(pos[n])
        (x, y), gap = pos[n], r + 0.012
        dx, dy = x - 0.5, y - 0.5
        norm = max((dx * dx + dy * dy) ** 0.5, 1e-9)
        axes.text(x + gap * dx / norm, y + gap * dy / norm, d["label"], fontsize=10, rotation=rotation,
                  rotation_mode="anchor", ha="left" if rightwards else "right", va="center", zorder=4)


def network_figure(
    graph: nx.MultiGraph, title: str = "Theme network", limits: dict[str, int | None] | None = None
) -> Figure:
    """The picture; ``limits`` (kind -> number of links, ``None`` = all) overrides the default."""
    limits = DEFAULT_EDGE_LIMITS if limits is None else limits
    figure = new_figure(17, 12)
    axes = figure.add_axes((0.0, 0.0, 0.72, 0.93))
    axes.set_axis_off()
    axes.set_xlim(-0.95, 1.95)
    axes.set_ylim(-0.72, 1.72)
    axes.set_aspect("equal", adjustable="box")
    summary = f"{graph.graph.get('filters', 'all findings')}: {graph.graph.get('finding_count', 0)} findings, " \
              f"{graph.graph.get('inspection_count', 0)} inspections"
    figure.suptitle(f"{title}\n{summary}", fontsize=15, y=0.985)
    if graph.number_of_nodes() == 0:
        axes.text(0.5, 0.5, "No findings match the selection.", ha="center", va="center", fontsize=14)
        return figure
    pos = positions(graph)
    colours = group_colours(graph)
    hidden = _draw_edges(axes, graph, pos, limits)
    _draw_nodes(axes, graph, pos, colours)
    names = {d["group"]: d.get("group_label") or d["group"] for _, d in graph.nodes(data=True)}
    handles = [Line2D([], [], marker="o", linestyle="", markersize=11, markerfacecolor=c, markeredgecolor="white",
                      label=names.get(g, g)) for g, c in colours.items()]
    handles.append(Line2D([], [], color=PERSISTENCE_COLOUR, linewidth=2.5, linestyle="--",
                          label="persisted: same theme at consecutive\ninspections of an authority (ring)"))
    handles.append(Line2D([], [], color=PERSISTENCE_COLOUR, linewidth=2.5,
                          label="persisted together (strongest links)"))
    if limits.get(CO_OCCURRENCE, 0) != 0:
        handles.append(Line2D([], [], color=CO_OCCURRENCE_COLOUR, linewidth=2.5,
                              label="raised at the same inspection\n(strongest links)"))
    figure.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.73, 0.88), fontsize=11, frameon=False,
                  title="Theme groups (node size = findings)", title_fontsize=11, alignment="left")
    left_out = "\n".join(f"{n} weaker {kind} links" for kind, n in hidden.items() if n)
    if left_out:
        figure.text(0.74, 0.04, f"Not drawn here: {left_out}.\nAll are in theme-network.html, .graphml, .gexf.",
                    fontsize=9, color="#555555", va="bottom")
    return figure


def network_picture(graph: nx.MultiGraph, fmt: str, title: str = "Theme network") -> bytes:
    """PNG or SVG bytes of the theme network (``fmt`` is ``"png"`` or ``"svg"``)."""
    return figure_bytes(network_figure(graph, title), fmt)
