"""Render every picture of a selection into one folder (what the build calls)."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from typing import TYPE_CHECKING

import networkx as nx

from ..errors import Failure
from ..store.atomic import atomic_write
from ..workers import Limits, run_bounded
from .england import grade_shades, persistence_shades
from .exchange import gexf_bytes, graphml_bytes
from .html import network_html
from .network import Filters, theme_network
from .rows import FindingRow, PersistenceRow, ThemeInfo

if TYPE_CHECKING:
    from matplotlib.figure import Figure

NETWORK_STEM = "theme-network"


# The figures, with matplotlib imported only where a picture is drawn (a worker process):
# planning what to draw, in the building process, does not load it.
def network_figure(network: nx.MultiGraph, title: str) -> Figure:
    from .static import network_figure as make

    return make(network, title)


def timeline_figure(authority: str, rows, themes, categories, category_labels) -> Figure:
    from .timeline import timeline_figure as make

    return make(authority, rows, themes, categories, category_labels)


def map_figure(shades, title: str, no_data: str) -> Figure:
    from .england import map_figure as make

    return make(shades, title, no_data)


def figure_bytes(figure: Figure, fmt: str) -> bytes:
    from .files import figure_bytes as save

    return save(figure, fmt)


def render_all(rows: Iterable[FindingRow], themes: Iterable[ThemeInfo], persistence: Iterable[PersistenceRow],
               out_dir: str | Path, filters: Filters | None = None, *, parallel: Limits | None = None,
               **options) -> list[Path]:
    """Write the pictures of the selected findings into ``out_dir``; return their paths.

    ``theme-network.{html,png,svg,graphml,gexf}`` and, per authority of the selection,
    ``timeline-<authority-slug>.{png,svg}``. Each file is replaced atomically; the
    output is byte-identical for the same input. Files of earlier runs are left alone.

    ``options`` are :func:`plan_all`'s (``timelines``, ``network``, ``drawn``, ``category_labels``).
    ``parallel``: draw in worker processes with these limits (a picture that fails is reported
    on stderr and left out).
    """
    return plan_all(rows, themes, persistence, out_dir, filters, **options).draw(parallel)


@dataclass
class Plan:
    """Pictures to write: every path of the selection, and the jobs of those to draw again."""

    written: list[Path]
    pending: dict[str, "_Job"]
    drawn: dict[str, str]

    def __add__(self, other: "Plan") -> "Plan":
        return Plan(self.written + other.written, {**self.pending, **other.pending}, self.drawn)

    def draw(self, parallel: Limits | None = None) -> list[Path]:
        """Draw the pending pictures (updating ``drawn``); the paths written or kept, less those that failed."""
        failed = _draw_pending(self.pending, self.drawn, parallel)
        return [p for p in self.written if p.stem not in failed]


def plan_all(
    rows: Iterable[FindingRow],
    themes: Iterable[ThemeInfo],
    persistence: Iterable[PersistenceRow],
    out_dir: str | Path,
    filters: Filters | None = None,
    *,
    timelines: bool = True,
    network: nx.MultiGraph | None = None,
    drawn: dict[str, str] | None = None,
    category_labels: dict[str, str] | None = None,
) -> Plan:
    """What :func:`render_all` writes, planned but not drawn (``Plan.draw`` draws it).

    ``timelines``: also one timeline per authority. ``network``: the theme network, when already
    made (the build makes it from counts the store aggregates); otherwise it is made from
    ``rows``. ``drawn``: picture name -> digest of its input when last drawn; a picture whose
    input is unchanged and whose files all exist is not drawn again (``Plan.draw`` updates it).
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
    figure = _once(lambda: network_figure(network, title))
    written = _draw(out, drawn, NETWORK_STEM, [title, *network_content(network)], {
        "html": lambda: network_html(network, title),
        "png": lambda: figure_bytes(figure(), "png"),
        "svg": lambda: figure_bytes(figure(), "svg"),
        "graphml": lambda: graphml_bytes(network),
        "gexf": lambda: gexf_bytes(network),
    }, pending)
    if timelines:
        from .timeline import authorities, timeline_slug

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
            written += _draw(out, drawn, f"timeline-{slug}", inputs, _formats(
                lambda authority=authority, own=own:
                timeline_figure(authority, own, themes, filters.categories, category_labels)), pending)
    return Plan(written, pending, drawn)


def network_content(network: nx.MultiGraph) -> list:
    """Everything the network's pictures show (its attributes, nodes and edges with their data), in order."""
    return [sorted(network.graph.items()), sorted(network.nodes(data=True)),
            sorted((min(u, v), max(u, v), k, sorted(d.items())) for u, v, k, d in network.edges(keys=True, data=True))]


def _once(make: Callable[[], Figure]) -> Callable[[], Figure]:
    """``make``, called at most once: the PNG and the SVG of a picture are saved from one figure."""
    made: list[Figure] = []

    def figure() -> Figure:
        if not made:
            made.append(make())
        return made[0]

    return figure


def _formats(make: Callable[[], Figure]) -> dict[str, Callable[[], bytes]]:
    figure = _once(make)
    return {fmt: (lambda fmt=fmt: figure_bytes(figure(), fmt)) for fmt in ("png", "svg")}


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
    if parallel is None or not pending:
        results = ((stem, _run_here(stem, job)) for stem, job in pending.items())
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


def _run_here(stem: str, job: _Job) -> list[Path] | Failure:
    """``job.run()``, or the ``Failure`` it raised (one picture that fails does not stop the others)."""
    try:
        return job.run()
    except Exception as exc:  # noqa: BLE001  (reported per picture, as the worker processes report it)
        return Failure(stem, "draw", f"{type(exc).__name__}: {exc}", error=type(exc).__name__)


MAP_STEM = "england"


def persistence_counts(
    pairs: dict[str, dict[tuple[str, str], set[str]]], theme: str
) -> tuple[dict[str, int], dict[str, int]]:
    """Per GSS code: consecutive pairs of inspections, and those across which ``theme`` persisted."""
    totals = {gss: len(by_pair) for gss, by_pair in pairs.items()}
    persisted = {gss: sum(theme in themes for themes in by_pair.values()) for gss, by_pair in pairs.items()}
    return totals, persisted


def render_maps(grades: dict[str, tuple[int, str]], pairs: dict[str, dict[tuple[str, str], set[str]]],
                themes: Iterable[ThemeInfo], out_dir: str | Path, **options) -> list[Path]:
    """``england-latest-grade.{png,svg}`` and, for ``theme``, ``england-theme-<slug>.{png,svg}``.

    ``options`` are :func:`plan_maps`' (``theme``; ``drawn``: as for ``render_all``, a map whose
    input is unchanged is not drawn again)."""
    return plan_maps(grades, pairs, themes, out_dir, **options).draw()


def plan_maps(
    grades: dict[str, tuple[int, str]],
    pairs: dict[str, dict[tuple[str, str], set[str]]],
    themes: Iterable[ThemeInfo],
    out_dir: str | Path,
    *,
    theme: str | None = None,
    drawn: dict[str, str] | None = None,
) -> Plan:
    """What :func:`render_maps` writes, planned but not drawn."""
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
        written += _draw(out, drawn, f"{MAP_STEM}-{stem}", [sorted(shades.items()), title, no_data], _formats(
            lambda shades=shades, title=title, no_data=no_data: map_figure(shades, title, no_data)), pending)
    return Plan(written, pending, drawn)


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
