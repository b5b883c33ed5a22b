"""Render every picture of a selection into one folder (what the build calls)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..store.atomic import atomic_write
from .england import grade_shades, map_picture, persistence_shades
from .exchange import gexf_bytes, graphml_bytes
from .html import network_html
from .network import Filters, theme_network
from .rows import FindingRow, PersistenceRow, ThemeInfo
from .static import network_picture
from .timeline import authorities, timeline_picture, timeline_slug

NETWORK_STEM = "theme-network"


def render_all(
    rows: Iterable[FindingRow],
    themes: Iterable[ThemeInfo],
    persistence: Iterable[PersistenceRow],
    out_dir: str | Path,
    filters: Filters | None = None,
    *,
    timelines: bool = True,
    category_labels: dict[str, str] | None = None,
) -> list[Path]:
    """Write the pictures of the selected findings into ``out_dir``; return their paths.

    ``theme-network.{html,png,svg,graphml,gexf}`` and, per authority of the selection,
    ``timeline-<authority-slug>.{png,svg}``. Each file is replaced atomically; the
    output is byte-identical for the same input. Files of earlier runs are left alone.
    """
    filters = filters or Filters()
    rows, themes, persistence = list(rows), list(themes), list(persistence)
    out = Path(out_dir)
    graph = theme_network(
        rows, themes, persistence,
        authority=filters.authority, region=filters.region, years=filters.years, categories=filters.categories,
    )
    title = "Theme network" if filters == Filters() else f"Theme network ({filters.describe()})"
    written = [
        atomic_write(out / f"{NETWORK_STEM}.html", network_html(graph, title)),
        atomic_write(out / f"{NETWORK_STEM}.png", network_picture(graph, "png", title)),
        atomic_write(out / f"{NETWORK_STEM}.svg", network_picture(graph, "svg", title)),
        atomic_write(out / f"{NETWORK_STEM}.graphml", graphml_bytes(graph)),
        atomic_write(out / f"{NETWORK_STEM}.gexf", gexf_bytes(graph)),
    ]
    if timelines:
        inspected = [row for row in rows if filters.matches_inspection(row)]
        used: set[str] = set()
        for authority in authorities(inspected):
            base = slug = timeline_slug(authority)
            number = 1
            while slug in used:  # two names with one slug: keep both pictures
                number += 1
                slug = f"{base}-{number}"
            used.add(slug)
            for fmt in ("png", "svg"):
                data = timeline_picture(authority, inspected, themes, fmt, filters.categories, category_labels)
                written.append(atomic_write(out / f"timeline-{slug}.{fmt}", data))
    return written


MAP_STEM = "england"


def persistence_counts(
    pairs: dict[str, dict[tuple[str, str], set[str]]], theme: str
) -> tuple[dict[str, int], dict[str, int]]:
    """Per GSS code: consecutive pairs of inspections, and those across which ``theme`` persisted."""
    totals = {gss: len(by_pair) for gss, by_pair in pairs.items()}
    persisted = {gss: sum(theme in themes for themes in by_pair.values()) for gss, by_pair in pairs.items()}
    return totals, persisted


def render_maps(
    grades: dict[str, tuple[int, str]],
    pairs: dict[str, dict[tuple[str, str], set[str]]],
    themes: Iterable[ThemeInfo],
    out_dir: str | Path,
    theme: str | None = None,
) -> list[Path]:
    """``england-latest-grade.{png,svg}`` and, for ``theme``, ``england-theme-<slug>.{png,svg}``."""
    out = Path(out_dir)
    maps = [("latest-grade", grade_shades(grades), "Latest overall effectiveness grade, by authority",
             "No graded inspection in the graph")]
    if theme is not None:
        label = {t.slug: t.label for t in themes}.get(theme, theme)
        totals, persisted = persistence_counts(pairs, theme)
        maps.append((f"theme-{theme}", persistence_shades(totals, persisted),
                     f"“{label}”: persisted between consecutive inspections",
                     "Fewer than two inspections in the graph"))
    written = []
    for stem, shades, title, no_data in maps:
        for fmt in ("png", "svg"):
            written.append(atomic_write(out / f"{MAP_STEM}-{stem}.{fmt}", map_picture(shades, title, no_data, fmt)))
    return written


def remove_stale(out_dir: str | Path, written: Iterable[Path]) -> list[Path]:
    """Delete pictures in ``out_dir`` that this run did not write (e.g. the timeline of an
    authority no longer in the sources); returns what was removed. Other files are left alone."""
    keep = {Path(p).resolve() for p in written}
    folder = Path(out_dir)
    candidates = [*folder.glob(f"{NETWORK_STEM}.*"), *folder.glob("timeline-*.png"), *folder.glob("timeline-*.svg"),
                  *folder.glob(f"{MAP_STEM}-*.png"), *folder.glob(f"{MAP_STEM}-*.svg")]
    stale = sorted(p for p in candidates if p.is_file() and p.resolve() not in keep)
    for path in stale:
        path.unlink(missing_ok=True)
    return stale
