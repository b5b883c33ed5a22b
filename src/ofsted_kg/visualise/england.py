"""A map of England by authority: coloured by the latest overall grade, or by how often a
chosen theme persisted from one inspection to the next.

The boundaries are the bundled ``data/reference/england-authorities.geojson`` (approximate,
derived from the ONS Postcode Directory; see ``scripts/make_england_map.py`` and
``data/README.md`` for the source and the Open Government Licence attribution), in British
National Grid metres. London's boroughs are small at the national scale, so they are drawn
again, enlarged, in an inset. Authorities with nothing to show are grey and named as such
in the legend. Output is deterministic (``visualise.files``).
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from typing import TYPE_CHECKING

from ..resources import data_dir

if TYPE_CHECKING:  # matplotlib is imported where a map is drawn: the shades are planned without it
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

NO_DATA = "#dcdcdc"
#: Colours of the grade scale by rank (1 best … 4 worst), colour-blind-safe diverging.
GRADE_COLOURS = {1: "#1a7837", 2: "#7fbf7b", 3: "#fdb863", 4: "#b2182b"}
#: Colours of "pairs of consecutive inspections across which the theme persisted": 0 (blue), 1, 2, 3+.
PERSISTENCE_COLOURS = ("#c6dbef", "#fcae91", "#fb6a4a", "#a50f15")
LONDON_PREFIX = "E09"


@dataclass(frozen=True)
class Area:
    """One authority's outline: GSS code, name and its polygons (rings of (x, y) metres)."""

    gss: str
    name: str
    polygons: tuple[tuple[tuple[float, float], ...], ...]


@dataclass(frozen=True)
class Shade:
    """What one authority is coloured by: a colour and its legend entry."""

    colour: str
    legend: str
    order: int  # legend order


def boundaries_path() -> Path:
    return data_dir() / "reference" / "england-authorities.geojson"


@cache
def areas(path: Path | None = None) -> tuple[tuple[Area, ...], str]:
    """The bundled outlines (outer rings only) and their attribution text."""
    collection = json.loads((path or boundaries_path()).read_text(encoding="utf-8"))
    found = []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        parts = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        rings = tuple(tuple((float(x), float(y)) for x, y in part[0]) for part in parts)
        found.append(Area(feature["properties"]["gss"], feature["properties"]["name"], rings))
    return tuple(sorted(found, key=lambda a: a.gss)), collection.get("attribution", "")


def grade_shades(latest: dict[str, tuple[int, str]]) -> dict[str, Shade]:
    """GSS -> shade from ``{gss: (rank, grade label)}`` of each authority's latest overall grade."""
    labels: dict[int, set[str]] = {}
    for rank, label in latest.values():
        labels.setdefault(rank, set()).add(label)
    shades = {}
    for gss, (rank, _) in latest.items():
        legend = " / ".join(sorted(labels[rank], key=len)).capitalize()
        shades[gss] = Shade(GRADE_COLOURS.get(rank, NO_DATA), legend, rank)
    return shades


def persistence_shades(pairs: dict[str, int], persisted: dict[str, int]) -> dict[str, Shade]:
    """GSS -> shade from consecutive-pair counts and the pairs across which the theme persisted.

    Authorities with fewer than two inspections in the graph (no pair) are left out (grey).
    """
    shades = {}
    for gss, total in pairs.items():
        if total <= 0:
            continue
        top = len(PERSISTENCE_COLOURS) - 1
        count = min(persisted.get(gss, 0), top)
        if count == 0:
            legend = "Not persisted"
        elif count == top:
            legend = f"Persisted across {top} or more pairs"
        else:
            legend = f"Persisted across {count} pair" + ("s" if count > 1 else "")
        shades[gss] = Shade(PERSISTENCE_COLOURS[count], legend, count)
    return shades


def _draw(axes: Axes, shown: list[Area], shades: dict[str, Shade], linewidth: float) -> None:
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Polygon

    patches, colours = [], []
    for area in shown:
        colour = shades[area.gss].colour if area.gss in shades else NO_DATA
        for ring in area.polygons:
            patches.append(Polygon(ring, closed=True))
            colours.append(colour)
    axes.add_collection(PatchCollection(patches, facecolors=colours, edgecolors="white", linewidths=linewidth))
    axes.autoscale_view()
    axes.set_aspect("equal")
    axes.set_xticks([])
    axes.set_yticks([])


def map_figure(shades: dict[str, Shade], title: str, no_data: str, *, path: Path | None = None) -> Figure:
    """The map of England with ``shades`` by GSS code; ``no_data`` names the grey areas."""
    from matplotlib.patches import Patch

    from .files import new_figure

    outlines, attribution = areas(path)
    figure = new_figure(10, 11)
    main = figure.add_axes((0.0, 0.06, 0.64, 0.87))
    main.set_axis_off()
    _draw(main, list(outlines), shades, 0.3)
    london = [a for a in outlines if a.gss.startswith(LONDON_PREFIX)]
    if london:
        inset = figure.add_axes((0.62, 0.5, 0.36, 0.3))
        _draw(inset, london, shades, 0.6)
        inset.set_title("London", fontsize=11)
        for spine in inset.spines.values():
            spine.set_edgecolor("#999999")
    figure.suptitle(title, fontsize=15, y=0.975)
    entries = sorted({(s.order, s.legend, s.colour) for s in shades.values()})
    handles = [Patch(facecolor=colour, edgecolor="#999999", label=legend) for _, legend, colour in entries]
    handles.append(Patch(facecolor=NO_DATA, edgecolor="#999999", label=no_data))
    shown = sum(1 for a in outlines if a.gss in shades)
    figure.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.6, 0.45), fontsize=10, frameon=False,
                  title=f"{shown} of {len(outlines)} authorities", title_fontsize=11, alignment="left")
    figure.text(0.02, 0.012, "\n".join(textwrap.wrap(attribution, 190)), fontsize=6.5, color="#555555",
                va="bottom")
    return figure


def map_picture(shades: dict[str, Shade], title: str, no_data: str, fmt: str) -> bytes:
    """PNG or SVG bytes of :func:`map_figure`."""
    from .files import figure_bytes

    return figure_bytes(map_figure(shades, title, no_data), fmt)
