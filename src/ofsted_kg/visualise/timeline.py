"""One picture per authority: its inspections on a time axis, each with its grade,
and the themes of its unfavourable findings as a theme × inspection dot matrix
(colour = most serious category, size = number of findings)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable

from matplotlib import dates as mdates
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..model import (
    AREA_FOR_DEVELOPMENT,
    AREA_FOR_IMPROVEMENT,
    AREA_FOR_PRIORITY_ACTION,
    RECOMMENDATION,
    UNFAVOURABLE,
)
from ..reference import slugify
from .files import figure_bytes, new_figure
from .rows import FindingRow, ThemeInfo, humanise

#: Most serious first; a theme × inspection dot takes the colour of its most serious finding.
SEVERITY = (AREA_FOR_PRIORITY_ACTION, AREA_FOR_IMPROVEMENT, AREA_FOR_DEVELOPMENT, RECOMMENDATION)
CATEGORY_COLOURS = {
    AREA_FOR_PRIORITY_ACTION: "#B2182B",
    AREA_FOR_IMPROVEMENT: "#E66101",
    AREA_FOR_DEVELOPMENT: "#FDB863",
    RECOMMENDATION: "#5E3C99",
}
assert set(SEVERITY) == set(UNFAVOURABLE)


@dataclass(frozen=True)
class Inspection:
    iri: str
    date: datetime.date
    framework: str | None
    grade: str | None


def authorities(rows: Iterable[FindingRow]) -> list[str]:
    return sorted({row.authority for row in rows})


def timeline_slug(authority: str) -> str:
    return slugify(authority) or "authority"


def inspections_of(authority: str, rows: Iterable[FindingRow]) -> list[Inspection]:
    """The authority's inspections by date (grade/framework: the first given in its rows)."""
    found: dict[str, Inspection] = {}
    for row in rows:
        if row.authority != authority:
            continue
        seen = found.get(row.inspection)
        if seen is None:
            found[row.inspection] = Inspection(row.inspection, row.date, row.framework, row.grade)
        elif (seen.grade is None and row.grade) or (seen.framework is None and row.framework):
            found[row.inspection] = Inspection(seen.iri, seen.date, seen.framework or row.framework,
                                               seen.grade or row.grade)
    return sorted(found.values(), key=lambda i: (i.date, i.iri))


def inspection_label(inspection: Inspection) -> str:
    """``"SIF, Mar 2016\nRequires improvement"``: framework and month, then the grade."""
    when = inspection.date.strftime("%b %Y")
    first = f"{inspection.framework}, {when}" if inspection.framework else when
    grade = (inspection.grade or "no overall grade").strip()
    return f"{first}\n{grade[:1].upper()}{grade[1:]}"


def timeline_figure(
    authority: str,
    rows: Iterable[FindingRow],
    themes: Iterable[ThemeInfo],
    categories: Iterable[str] | None = None,
    category_labels: dict[str, str] | None = None,
) -> Figure:
    """The timeline of ``authority`` from ``rows`` (already filtered by inspection).

    Only unfavourable findings (``model.UNFAVOURABLE``) are drawn, further limited to
    ``categories`` when given; ``category_labels`` name the categories in the legend.
    """
    rows = [row for row in rows if row.authority == authority]
    info = {t.slug: t for t in themes}
    wanted = set(UNFAVOURABLE) if categories is None else set(UNFAVOURABLE) & set(categories)
    inspections = inspections_of(authority, rows)
    count: Counter[tuple[str, str]] = Counter()
    worst: dict[tuple[str, str], str] = {}
    per_theme: defaultdict[str, int] = defaultdict(int)
    for row in rows:
        if row.category not in wanted:
            continue
        for theme in sorted(set(row.themes)):
            cell = (theme, row.inspection)
            count[cell] += 1
            per_theme[theme] += 1
            if cell not in worst or SEVERITY.index(row.category) < SEVERITY.index(worst[cell]):
                worst[cell] = row.category

    def order(slug: str) -> tuple[str, str]:
        theme = info.get(slug)
        return (theme.group, theme.label) if theme else ("~", slug)

    theme_rows = sorted(per_theme, key=order, reverse=True)  # first group at the top
    top, bottom = 1.6, 1.0  # inches above the axes (title, inspection labels) and below (years, legend)
    height = max(4.0, top + bottom + 0.32 * len(theme_rows))
    figure = new_figure(11, height)
    axes = figure.add_axes((0.3, bottom / height, 0.66, 1 - (top + bottom) / height))
    figure.suptitle(f"{authority}: inspections and themes of unfavourable findings", fontsize=13,
                    y=1 - 0.12 / height, va="top")
    x = {i.iri: mdates.date2num(i.date) for i in inspections}
    y = {slug: k for k, slug in enumerate(theme_rows)}
    for number, inspection in enumerate(inspections):
        axes.axvline(x[inspection.iri], color="#cccccc", linewidth=1, zorder=0)
        label = inspection_label(inspection)
        # alternate heights so that the labels of inspections close in time do not overlap
        axes.annotate(label, (x[inspection.iri], 1.0), xycoords=("data", "axes fraction"),
                      xytext=(0, 4 + 30 * (number % 2)), textcoords="offset points", ha="center", va="bottom",
                      fontsize=8, linespacing=1.1)
    for (theme, iri), n in sorted(count.items()):
        axes.scatter([x[iri]], [y[theme]], s=30 + 25 * (n - 1), color=CATEGORY_COLOURS[worst[(theme, iri)]],
                     edgecolors="#333333", linewidths=0.5, zorder=3)
    axes.set_yticks(range(len(theme_rows)))
    axes.set_yticklabels([info[s].label if s in info else s for s in theme_rows], fontsize=8)
    axes.set_ylim(-0.7, max(len(theme_rows), 1) - 0.3)
    if inspections:
        low, high = min(x.values()), max(x.values())
        pad = max((high - low) * 0.08, 200.0)
        axes.set_xlim(low - pad, high + pad)
    axes.xaxis.set_major_locator(mdates.YearLocator())
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    axes.tick_params(axis="x", labelsize=8)
    if not theme_rows:
        axes.text(0.5, 0.5, "no unfavourable findings tagged with themes", transform=axes.transAxes,
                  ha="center", va="center", fontsize=9, color="#777777")
    names = category_labels or {}
    handles = [Line2D([], [], marker="o", linestyle="", markersize=8, markerfacecolor=CATEGORY_COLOURS[c],
                      markeredgecolor="#333333", label=(names.get(c) or humanise(c)).capitalize())
               for c in SEVERITY if c in wanted]
    figure.legend(handles=handles, loc="lower center", ncol=4, fontsize=9, frameon=False,
                  title="Most serious finding (dot size: number of findings)", title_fontsize=9)
    return figure


def timeline_picture(
    authority: str,
    rows: Iterable[FindingRow],
    themes: Iterable[ThemeInfo],
    fmt: str,
    categories: Iterable[str] | None = None,
    category_labels: dict[str, str] | None = None,
) -> bytes:
    """PNG or SVG bytes of :func:`timeline_figure`."""
    return figure_bytes(timeline_figure(authority, rows, themes, categories, category_labels), fmt)
