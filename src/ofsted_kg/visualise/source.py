"""The pictures' rows, read from the store with the SPARQL in ``queries/internal/picture-*.rq``."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from itertools import combinations

from ..resources import sparql
from ..store.knowledge import KnowledgeStore
from .network import NetworkCounts
from .rows import FindingRow, PersistenceRow, ThemeInfo


def _text(value) -> str | None:
    return None if value is None else value.value


def finding_rows(store: KnowledgeStore) -> list[FindingRow]:
    """One row per finding, its themes gathered from the one-row-per-theme result."""
    return findings_from(store.query(sparql("query", "picture-findings")).rows)


def findings_from(result_rows) -> list[FindingRow]:
    """``FindingRow``s of the rows of ``picture-findings.rq`` (one row per finding and theme)."""
    themes: dict[str, list[str]] = defaultdict(list)
    first: dict[str, tuple] = {}
    for finding, inspection, authority, region, start, framework, category, theme, grade in result_rows:
        key = finding.value
        first.setdefault(key, (inspection, authority, region, start, framework, category, grade))
        if theme is not None:
            themes[key].append(theme.value)
    rows = []
    for key in sorted(first):
        inspection, authority, region, start, framework, category, grade = first[key]
        rows.append(
            FindingRow(
                inspection=inspection.value,
                authority=authority.value,
                region=_text(region),
                date=datetime.date.fromisoformat(start.value[:10]),
                framework=_text(framework),
                category=category.value,
                themes=tuple(sorted(set(themes[key]))),
                grade=_text(grade),
            )
        )
    return rows


def theme_infos(store: KnowledgeStore) -> list[ThemeInfo]:
    return themes_from(store.query(sparql("query", "picture-themes")).rows)


def themes_from(result_rows) -> list[ThemeInfo]:
    """``ThemeInfo``s of the rows of ``picture-themes.rq``."""
    return [ThemeInfo(s.value, label.value, g.value, group_label.value) for s, label, g, group_label in result_rows]


def persistence_rows(store: KnowledgeStore) -> list[PersistenceRow]:
    return [
        PersistenceRow(a.value, t.value, e.value, later.value)
        for a, t, e, later in store.query(sparql("query", "picture-persistence")).rows
    ]


def network_counts(store: KnowledgeStore) -> NetworkCounts:
    """The theme network's counts over every finding, aggregated by the store (``picture-network.rq``)."""
    counts = {kind: Counter() for kind in ("frequency", "inspections", "pair_findings", "pair_inspections")}
    by_inspection: dict[str, set[str]] = defaultdict(set)
    totals = (0, 0, None, None)
    for kind, inspection, a, b, findings, inspections, first, last in store.query(
            sparql("query", "picture-network")).rows:
        if kind.value == "inspection-theme":
            counts["frequency"][a.value] += int(findings.value)  # a finding is stated at one inspection
            counts["inspections"][a.value] += 1
            by_inspection[inspection.value].add(a.value)
        elif kind.value == "pair":
            counts["pair_findings"][(a.value, b.value)] = int(findings.value)
        else:
            totals = (int(findings.value), int(inspections.value),
                      first and datetime.date.fromisoformat(first.value[:10]),
                      last and datetime.date.fromisoformat(last.value[:10]))
    for themes in by_inspection.values():
        counts["pair_inspections"].update(combinations(sorted(themes), 2))
    return NetworkCounts(**counts, finding_count=totals[0], inspection_count=totals[1], first=totals[2], last=totals[3])


def rows_from(store: KnowledgeStore) -> tuple[list[FindingRow], list[ThemeInfo], list[PersistenceRow]]:
    return finding_rows(store), theme_infos(store), persistence_rows(store)


def latest_grades(store: KnowledgeStore) -> dict[str, tuple[int, str]]:
    """GSS code -> (rank, label) of the overall grade of the authority's latest graded inspection."""
    latest: dict[str, tuple[str, int, str]] = {}
    for gss, _name, start, label, rank in store.query(sparql("query", "picture-map-grades")).rows:
        if gss.value not in latest or start.value >= latest[gss.value][0]:
            latest[gss.value] = (start.value, int(rank.value), label.value)
    return {gss: (rank, label) for gss, (_, rank, label) in latest.items()}


def pair_themes(store: KnowledgeStore) -> dict[str, dict[tuple[str, str], set[str]]]:
    """GSS code -> {(earlier, later) inspection IRIs: themes raised as unfavourable in both}."""
    pairs: dict[str, dict[tuple[str, str], set[str]]] = defaultdict(dict)
    for gss, _name, earlier, later, theme in store.query(sparql("query", "picture-map-persistence")).rows:
        themes = pairs[gss.value].setdefault((earlier.value, later.value), set())
        if theme is not None:
            themes.add(theme.value)
    return dict(pairs)


def category_labels(store: KnowledgeStore) -> dict[str, str]:
    """Finding-category slug -> its label, for legends."""
    return categories_from(store.query(sparql("query", "picture-categories")).rows)


def categories_from(result_rows) -> dict[str, str]:
    """Finding-category slug -> its label, of the rows of ``picture-categories.rq``."""
    return {slug.value: label.value for slug, label in result_rows}
