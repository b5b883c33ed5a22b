"""The pictures' rows, read from the store with the SPARQL in ``ontology/rules/picture-*.rq``."""

from __future__ import annotations

import datetime
from collections import defaultdict

from ..infer.rules import load_rule
from ..store.knowledge import KnowledgeStore
from .rows import FindingRow, PersistenceRow, ThemeInfo


def _text(value) -> str | None:
    return None if value is None else value.value


def finding_rows(store: KnowledgeStore) -> list[FindingRow]:
    """One row per finding, its themes gathered from the one-row-per-theme result."""
    themes: dict[str, list[str]] = defaultdict(list)
    first: dict[str, tuple] = {}
    for finding, inspection, authority, region, start, framework, category, theme, grade in store.query(
        load_rule("picture-findings")
    ).rows:
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
    return [ThemeInfo(s.value, l.value, g.value) for s, l, g in store.query(load_rule("picture-themes")).rows]


def persistence_rows(store: KnowledgeStore) -> list[PersistenceRow]:
    return [
        PersistenceRow(a.value, t.value, e.value, l.value)
        for a, t, e, l in store.query(load_rule("picture-persistence")).rows
    ]


def rows_from(store: KnowledgeStore) -> tuple[list[FindingRow], list[ThemeInfo], list[PersistenceRow]]:
    return finding_rows(store), theme_infos(store), persistence_rows(store)
