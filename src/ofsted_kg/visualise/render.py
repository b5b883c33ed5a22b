"""Render every picture of a selection into one folder (what the build calls)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Iterable

import networkx as nx

from .exchange import gexf_bytes, graphml_bytes
from .files import atomic_write
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
    network: nx.MultiGraph | None = None,
    drawn: dict[str, str] | None = None,
) -> list[Path]:
    """Write the pictures of the selected findings into ``out_dir``; return their paths.

    ``theme-network.{html,png,svg,graphml,gexf}`` and, per authority of the selection,
    ``timeline-<authority-slug>.{png,svg}``. Each file is replaced atomically; the
    output is byte-identical for the same input. Files of earlier runs are left alone.

    ``network``: the theme network, when already made (the build makes it from counts the
    store aggregates); otherwise it is made from ``rows``. ``drawn``: picture name ->
    digest of its input when last drawn; a picture whose input is unchanged and whose files
    all exist is not drawn again. It is updated in place.
    """
    filters = filters or Filters()
    rows, themes, persistence = list(rows), list(themes), list(persistence)
    out = Path(out_dir)
    drawn = {} if drawn is None else drawn
    if network is None:
        network = theme_network(
            rows, themes, persistence,
            authority=filters.authority, region=filters.region, years=filters.years, categories=filters.categories,
        )
    title = "Theme network" if filters == Filters() else f"Theme network ({filters.describe()})"
    exchange = graphml_bytes(network)
    written = _draw(out, drawn, NETWORK_STEM, [title, exchange], {
        "html": lambda: network_html(network, title),
        "png": lambda: network_picture(network, "png", title),
        "svg": lambda: network_picture(network, "svg", title),
        "graphml": lambda: exchange,
        "gexf": lambda: gexf_bytes(network),
    })
    if timelines:
        inspected = [row for row in rows if filters.matches_inspection(row)]
        by_authority: dict[str, list[FindingRow]] = {}
        for row in inspected:
            by_authority.setdefault(row.authority, []).append(row)
        used: set[str] = set()
        for authority in authorities(inspected):
            base = slug = timeline_slug(authority)
            number = 1
            while slug in used:  # two names with one slug: keep both pictures
                number += 1
                slug = f"{base}-{number}"
            used.add(slug)
            own = by_authority[authority]
            written += _draw(out, drawn, f"timeline-{slug}", [authority, sorted(map(repr, own)), themes, _sorted(filters.categories)], {
                fmt: (lambda fmt=fmt: timeline_picture(authority, own, themes, fmt, filters.categories))
                for fmt in ("png", "svg")
            })
    return written


def _sorted(items):
    return None if items is None else sorted(items)


def _draw(out: Path, drawn: dict[str, str], stem: str, inputs: list, formats: dict[str, Callable[[], bytes | str]]) -> list[Path]:
    """Write ``stem.{format}`` for every format, unless its input digest is the one last drawn."""
    digest = hashlib.sha256(repr(inputs).encode()).hexdigest()
    paths = [out / f"{stem}.{fmt}" for fmt in formats]
    if drawn.get(stem) == digest and all(p.is_file() for p in paths):
        return paths
    written = [atomic_write(path, make()) for path, make in zip(paths, formats.values())]
    drawn[stem] = digest
    return written


def remove_stale(out_dir: str | Path, written: Iterable[Path]) -> list[Path]:
    """Delete pictures in ``out_dir`` that this run did not write (e.g. the timeline of an
    authority no longer in the sources); returns what was removed. Other files are left alone."""
    keep = {Path(p).resolve() for p in written}
    folder = Path(out_dir)
    candidates = [*folder.glob(f"{NETWORK_STEM}.*"), *folder.glob("timeline-*.png"), *folder.glob("timeline-*.svg")]
    stale = sorted(p for p in candidates if p.is_file() and p.resolve() not in keep)
    for path in stale:
        path.unlink(missing_ok=True)
    return stale
