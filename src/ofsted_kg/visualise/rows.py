"""The neutral, tabular input of the pictures, and its JSON dump.

The store's SPARQL queries fill these rows at integration; until then (and in
tests) they come from a JSON file written by :func:`rows_to_json`.

JSON format (``"format": "ofsted-kg/finding-rows"``, ``"version": 1``)::

    {
      "format": "ofsted-kg/finding-rows",
      "version": 1,
      "themes": [{"slug": "supervision", "label": "Supervision", "group": "workforce-and-leadership",
                  "group_label": "Workforce and leadership"}],
      "findings": [{"inspection": "https://w3id.org/ofsted-kg/inspection/westminster/2009-01-12",
                    "authority": "Westminster", "region": "London", "date": "2009-01-12",
                    "framework": "UCRA", "category": "area-for-development",
                    "themes": ["supervision", "timeliness"], "grade": null}],
      "persistence": [{"authority": "Westminster", "theme": "supervision",
                       "earlier": "<inspection IRI>", "later": "<inspection IRI>"}]
    }

``themes`` and ``persistence`` may be omitted (empty), and so may a theme's ``group_label``; ``region``, ``framework``
and ``grade`` may be ``null`` or omitted. Dates are ISO ``YYYY-MM-DD``.
"""

from __future__ import annotations

import csv
import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

FORMAT = "ofsted-kg/finding-rows"
VERSION = 1


@dataclass(frozen=True)
class FindingRow:
    """One finding of one inspection, as the store's SPARQL query returns it."""

    inspection: str  # inspection IRI
    authority: str  # authority name
    region: str | None
    date: datetime.date  # inspection start date
    framework: str | None  # e.g. "UCRA", "SIF", "ILACS"
    category: str  # see ofsted_kg.model.CATEGORIES
    themes: tuple[str, ...]  # theme slugs
    grade: str | None = None  # overall grade of that inspection, if any


@dataclass(frozen=True)
class ThemeInfo:
    slug: str
    label: str
    group: str  # the group's slug
    group_label: str = ""  # the group's label ("" = made from the slug)

    @property
    def group_name(self) -> str:
        """The group's label for people: its own, else its slug in words."""
        return self.group_label or humanise(self.group)


def humanise(slug: str) -> str:
    """``"area-for-improvement"`` -> ``"Area for improvement"`` (for slugs without a label)."""
    return slug.replace("-", " ").strip().capitalize()


@dataclass(frozen=True)
class PersistenceRow:
    """A theme persisting between consecutive inspections of one authority."""

    authority: str
    theme: str
    earlier: str  # inspection IRI
    later: str  # inspection IRI


Rows = tuple[list[FindingRow], list[ThemeInfo], list[PersistenceRow]]


def themes_from_csv(path: str | Path) -> list[ThemeInfo]:
    """``ThemeInfo``s from ``data/reference/themes.csv`` (columns slug, group, label)."""
    with open(path, newline="", encoding="utf-8") as handle:
        return [ThemeInfo(r["slug"], r["label"], r["group"]) for r in csv.DictReader(handle)]


def rows_to_json(
    rows: Iterable[FindingRow],
    themes: Iterable[ThemeInfo] = (),
    persistence: Iterable[PersistenceRow] = (),
) -> str:
    """The JSON dump of the module docstring (stable key order, rows in the given order)."""
    document = {
        "format": FORMAT,
        "version": VERSION,
        "themes": [{"slug": t.slug, "label": t.label, "group": t.group, "group_label": t.group_label}
                   for t in themes],
        "findings": [
            {
                "inspection": r.inspection,
                "authority": r.authority,
                "region": r.region,
                "date": r.date.isoformat(),
                "framework": r.framework,
                "category": r.category,
                "themes": list(r.themes),
                "grade": r.grade,
            }
            for r in rows
        ],
        "persistence": [
            {"authority": p.authority, "theme": p.theme, "earlier": p.earlier, "later": p.later}
            for p in persistence
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def rows_from_json(text: str | bytes) -> Rows:
    """Read a dump of :func:`rows_to_json`; raise ``ValueError`` on a malformed one."""
    try:
        document = json.loads(text)
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise ValueError(f"not an {FORMAT} document")
        if document.get("version") != VERSION:
            raise ValueError(f"unsupported version {document.get('version')!r}")
        themes = [ThemeInfo(str(t["slug"]), str(t["label"]), str(t["group"]), str(t.get("group_label") or ""))
                  for t in document.get("themes", [])]
        findings = [_finding(f) for f in document.get("findings", [])]
        persistence = [
            PersistenceRow(str(p["authority"]), str(p["theme"]), str(p["earlier"]), str(p["later"]))
            for p in document.get("persistence", [])
        ]
    except (KeyError, TypeError, AttributeError) as err:
        raise ValueError(f"malformed rows document: {err!r}") from err
    return findings, themes, persistence


def _finding(record: dict[str, Any]) -> FindingRow:
    def optional(key: str) -> str | None:
        value = record.get(key)
        return None if value is None else str(value)

    return FindingRow(
        inspection=str(record["inspection"]),
        authority=str(record["authority"]),
        region=optional("region"),
        date=datetime.date.fromisoformat(record["date"]),
        framework=optional("framework"),
        category=str(record["category"]),
        themes=tuple(str(t) for t in record["themes"]),
        grade=optional("grade"),
    )
