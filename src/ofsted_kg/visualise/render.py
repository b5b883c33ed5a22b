"""Render every picture of a selection into one folder (what the build calls)."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import networkx as nx

from ..errors import Failure
from ..workers import Limits, run_bounded
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
    network: nx.MultiGraph | None = None,
    drawn: dict[str, str] | None = None,
    parallel: Limits | None = None,
    category_labels: dict[str, str] | None = None,
) -> list[Path]:
    """Write the pictures of the selected findings into ``out_dir``; return their paths.

    ``theme-network.{html,png,svg,graphml,gexf}`` and, per authority of the selection,
    ``timeline-<authority-slug>.{png,svg}``. Each file is replaced atomically; the
    output is byte-identical for the same input. Files of earlier runs are left alone.

    ``network``: the theme network, when already made (the build makes it from counts the
    store aggregates); otherwise it is made from ``rows``. ``drawn``: picture name ->
    digest of its input when last drawn; a picture whose input is unchanged and whose files
    all exist is not drawn again. It is updated in place. ``parallel``: draw in worker
    processes with these limits (a picture that fails is reported on stderr and left out).
    """
    filters = filters or Filters()
    rows, themes, persistence = list(rows), list(themes), list(persistence)
    out = Path(out_dir)
    drawn = {} if drawn is None else drawn
    pending: dict[str, _Job] = {}
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
    }, pending)
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
            inputs = [authority, sorted(map(repr, own)), themes, _sorted(filters.categories), category_labels]
            written += _draw(out, drawn, f"timeline-{slug}", inputs, {
                fmt: (lambda fmt=fmt, authority=authority, own=own:
                      timeline_picture(authority, own, themes, fmt, filters.categories, category_labels))
                for fmt in ("png", "svg")
            }, pending)
    failed = _draw_pending(pending, drawn, parallel)
    return [p for p in written if p.stem not in failed]


def _sorted(items):
    return None if items is None else sorted(items)


@dataclass(frozen=True)
class _Job:
    digest: str
    paths: list[Path]
    makers: list[Callable[[], bytes | str]]

    def run(self) -> list[Path]:
        return [atomic_write(path, make()) for path, make in zip(self.paths, self.makers)]


def _draw(out: Path, drawn: dict[str, str], stem: str, inputs: list, formats: dict[str, Callable[[], bytes | str]],
          pending: dict[str, _Job]) -> list[Path]:
    """The paths of ``stem.{format}``; they are to be drawn (``pending``) unless the digest of
    their input is the one last drawn."""
    digest = hashlib.sha256(repr(inputs).encode()).hexdigest()
    paths = [out / f"{stem}.{fmt}" for fmt in formats]
    if drawn.get(stem) != digest or not all(p.is_file() for p in paths):
        pending[stem] = _Job(digest, paths, list(formats.values()))
    return paths


def _draw_pending(pending: dict[str, _Job], drawn: dict[str, str], parallel: Limits | None) -> set[str]:
    """Draw every pending picture, here or in worker processes; returns the stems that failed."""
    if parallel is None or len(pending) < 2:
        results = ((stem, job.run()) for stem, job in pending.items())
    else:
        results = run_bounded(lambda stem, stage: stage("draw") or pending[stem].run(), list(pending), parallel)
    failed = set()
    for stem, result in results:
        if isinstance(result, Failure):
            print(f"ofsted-kg: picture {stem}: {result.stage} error: {result.reason}", file=sys.stderr)
            failed.add(stem)
        else:
            drawn[stem] = pending[stem].digest
    return failed


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
    drawn: dict[str, str] | None = None,
) -> list[Path]:
    """``england-latest-grade.{png,svg}`` and, for ``theme``, ``england-theme-<slug>.{png,svg}``.

    ``drawn``: as for ``render_all`` (a map whose input is unchanged is not drawn again)."""
    out = Path(out_dir)
    maps = [("latest-grade", grade_shades(grades), "Latest overall effectiveness grade, by authority",
             "No graded inspection in the graph")]
    if theme is not None:
        label = {t.slug: t.label for t in themes}.get(theme, theme)
        totals, persisted = persistence_counts(pairs, theme)
        maps.append((f"theme-{theme}", persistence_shades(totals, persisted),
                     f"“{label}”: persisted between consecutive inspections",
                     "Fewer than two inspections in the graph"))
    drawn = {} if drawn is None else drawn
    pending: dict[str, _Job] = {}
    written = []
    for stem, shades, title, no_data in maps:
        written += _draw(out, drawn, f"{MAP_STEM}-{stem}", [sorted(shades.items()), title, no_data], {
            fmt: (lambda fmt=fmt, shades=shades, title=title, no_data=no_data: map_picture(shades, title, no_data, fmt))
            for fmt in ("png", "svg")
        }, pending)
    failed = _draw_pending(pending, drawn, None)
    return [p for p in written if p.stem not in failed]


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
