"""The theme network: themes as nodes, co-occurrence and persistence as edges.

The graph is a ``networkx.MultiGraph`` whose edge *key* is its kind:

``co-occurrence``
    between two themes that appear in the same inspection (in any of its selected
    findings); ``weight`` = number of inspections, ``findings`` = number of findings
    tagged with both themes.
``persistence``
    from :class:`PersistenceRow`s (a theme seen in consecutive inspections of one
    authority). For one theme it is a self-loop whose ``weight`` = number of
    consecutive-inspection pairs it persisted across; between two themes it links
    themes that persisted across the same pair (``weight`` = number of such pairs).

Node attributes: ``label``, ``group`` (``"ungrouped"`` for a slug missing from the
scheme), ``group_label`` (the group's label), ``frequency`` (findings tagged with it), ``inspections`` (inspections with
it), ``persistence`` (pairs it persisted across). Edge attributes: ``kind``,
``weight``, ``findings``. Every attribute is a ``str`` or ``int`` (no ``None``,
no tuples) so GraphML and GEXF can store it; graph attributes are strings.

Nodes are the themes that occur in the selected findings or persistence rows;
nodes and edges are inserted in sorted order, so the graph is deterministic.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Iterable

import networkx as nx

from ..reference import slugify
from .rows import FindingRow, PersistenceRow, ThemeInfo

CO_OCCURRENCE = "co-occurrence"
PERSISTENCE = "persistence"
EDGE_KINDS = (CO_OCCURRENCE, PERSISTENCE)
UNGROUPED = "ungrouped"


@dataclass(frozen=True)
class Filters:
    """Which findings to draw. ``None`` means no restriction.

    ``authority`` and ``region`` match names ignoring case and punctuation
    (``"westminster"`` matches ``"Westminster"``); ``years`` is an inclusive
    ``(from, to)`` pair of inspection start years; ``categories`` a set of slugs.
    """

    authority: str | None = None
    region: str | None = None
    years: tuple[int, int] | None = None
    categories: frozenset[str] | None = None

    def matches_inspection(self, row: FindingRow) -> bool:
        if self.authority is not None and slugify(row.authority) != slugify(self.authority):
            return False
        if self.region is not None and slugify(row.region or "") != slugify(self.region):
            return False
        if self.years is not None and not (self.years[0] <= row.date.year <= self.years[1]):
            return False
        return True

    def matches(self, row: FindingRow) -> bool:
        if self.categories is not None and row.category not in self.categories:
            return False
        return self.matches_inspection(row)

    def describe(self) -> str:
        parts = []
        if self.authority is not None:
            parts.append(f"authority {self.authority}")
        if self.region is not None:
            parts.append(f"region {self.region}")
        if self.years is not None:
            parts.append(f"years {self.years[0]}–{self.years[1]}")
        if self.categories is not None:
            parts.append("categories " + ", ".join(sorted(self.categories)))
        return "; ".join(parts) or "all findings"


def select(rows: Iterable[FindingRow], filters: Filters) -> list[FindingRow]:
    """The rows that pass ``filters``, in their original order."""
    return [row for row in rows if filters.matches(row)]


def select_persistence(
    rows: Iterable[FindingRow], persistence: Iterable[PersistenceRow], filters: Filters
) -> list[PersistenceRow]:
    """Persistence rows whose two inspections both pass the inspection filters.

    Category filters do not apply: persistence is defined by the store.
    """
    kept = {row.inspection for row in rows if filters.matches_inspection(row)}
    return [p for p in persistence if p.earlier in kept and p.later in kept]


def theme_network(
    rows: Iterable[FindingRow],
    themes: Iterable[ThemeInfo],
    persistence: Iterable[PersistenceRow] = (),
    *,
    authority: str | None = None,
    region: str | None = None,
    years: tuple[int, int] | None = None,
    categories: Iterable[str] | None = None,
) -> nx.MultiGraph:
    """Build the theme network of the selected findings (see the module docstring)."""
    if isinstance(categories, str):
        categories = [categories]
    filters = Filters(authority, region, years, None if categories is None else frozenset(categories))
    rows = list(rows)
    selected = select(rows, filters)
    kept_persistence = select_persistence(rows, persistence, filters)
    info = {t.slug: t for t in themes}

    frequency: Counter[str] = Counter()
    by_inspection: dict[str, set[str]] = defaultdict(set)
    pair_findings: Counter[tuple[str, str]] = Counter()
    for row in selected:
        tags = sorted(set(row.themes))
        frequency.update(tags)
        by_inspection[row.inspection].update(tags)
        pair_findings.update(combinations(tags, 2))
    inspections: Counter[str] = Counter()
    pair_inspections: Counter[tuple[str, str]] = Counter()
    for tags in by_inspection.values():
        inspections.update(tags)
        pair_inspections.update(combinations(sorted(tags), 2))

    persisted: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for p in kept_persistence:
        persisted[(p.authority, p.earlier, p.later)].add(p.theme)
    pair_persistence: Counter[tuple[str, str]] = Counter()
    for tags in persisted.values():
        ordered = sorted(tags)
        pair_persistence.update((t, t) for t in ordered)
        pair_persistence.update(combinations(ordered, 2))

    graph = nx.MultiGraph()
    dates = [row.date for row in selected]
    graph.graph.update(
        name="theme network",
        filters=filters.describe(),
        first_inspection=min(dates).isoformat() if dates else "",
        last_inspection=max(dates).isoformat() if dates else "",
        inspection_count=len(by_inspection),
        finding_count=len(selected),
    )
    nodes = sorted(set(frequency) | {t for pair in pair_persistence for t in pair})
    for slug in nodes:
        theme = info.get(slug)
        graph.add_node(
            slug,
            label=theme.label if theme else slug,
            group=theme.group if theme and theme.group else UNGROUPED,
            group_label=theme.group_name if theme and theme.group else "Ungrouped",
            frequency=frequency[slug],
            inspections=inspections[slug],
            persistence=pair_persistence[(slug, slug)],
        )
    for u, v in sorted(pair_inspections):
        graph.add_edge(u, v, key=CO_OCCURRENCE, kind=CO_OCCURRENCE,
                       weight=pair_inspections[(u, v)], findings=pair_findings[(u, v)])
    for u, v in sorted(pair_persistence):
        graph.add_edge(u, v, key=PERSISTENCE, kind=PERSISTENCE, weight=pair_persistence[(u, v)], findings=0)
    return graph


def edges_of(graph: nx.MultiGraph, kind: str) -> list[tuple[str, str, int]]:
    """``(u, v, weight)`` of the edges of one kind, sorted."""
    return sorted((*sorted((u, v)), d["weight"]) for u, v, k, d in graph.edges(keys=True, data=True) if k == kind)
