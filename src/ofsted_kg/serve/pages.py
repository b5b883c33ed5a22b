"""HTML pages and entity descriptions, each built from stored SPARQL queries.

The pages' own queries are ``.rq`` files in ``serve/queries/`` (same header grammar as the
project's ``queries/``); the project's stored queries are reused where one answers the
question (an authority's grades, findings, persisted areas; a theme's findings and
persistence). Templates are Jinja2 files in ``serve/templates/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import QueryError
from ..query.catalogue import StoredQuery, find_query, load_queries, parse_query, run_limited
from ..resources import site_queries_dir, sparql
from ..query.runner import QueryRunner
from ..store.knowledge import ResultTable
from ..store.terms import Value

SITE_QUERIES = site_queries_dir()
TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"


@dataclass
class Rows:
    """A query's rows as dicts (column -> ``Value`` or None), and whether the row cap cut them."""

    rows: list[dict[str, Value | None]] = field(default_factory=list)
    truncated: bool = False

    @classmethod
    def of(cls, table: ResultTable) -> "Rows":
        return cls([dict(zip(table.columns, row)) for row in table.rows], table.truncated)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


class Site:
    """Runs the pages' queries through the shared runner (so the same limits apply)."""

    def __init__(self, runner: QueryRunner) -> None:
        self.runner = runner
        self.site_queries = {q.name: q for q in load_queries(SITE_QUERIES)}

    def query(self, query_name: str) -> StoredQuery:
        """A page query by name, else a stored query of the project's ``queries/``."""
        return self.site_queries.get(query_name) or find_query(query_name)

    def rows(self, query_name: str, **params: str) -> Rows:
        return Rows.of(self.table(query_name, **params))

    def table(self, query_name: str, **params: str) -> ResultTable:
        return run_limited(self.runner, self.query(query_name), params)

    def authority(self, iri: str) -> dict:
        """What the authority page shows."""
        param = {"authority": f"<{iri}>"}
        return {
            "about": self.rows("authorities", **param),
            "grades": self.rows("grade-history", **param),
            "findings": self.rows("authority-findings", **param),
            "persisted": self.rows("persisted-areas", **param),
            "persistence": self.rows("theme-persistence", **param),
        }

    def theme(self, iri: str) -> dict:
        """What the theme page shows."""
        param = {"theme": f"<{iri}>"}
        return {
            "about": self.rows("themes", **param),
            "findings": self.rows("findings-by-theme", **param),
            "persistence": self.rows("theme-persistence", **param),
        }

    def timeline(self, iri: str) -> tuple[str | None, list, list, dict[str, str]]:
        """What the authority's timeline is drawn from: (its name, or None when it has no
        inspection; its findings' rows; the themes; the category labels), by the pictures' own
        queries (``queries/internal/picture-*.rq``)."""
        from ..visualise.source import categories_from, findings_from, themes_from

        findings = findings_from(self._internal("picture-findings", authority=f"<{iri}>").rows)
        if not findings:
            return None, [], [], {}
        return (findings[0].authority, findings, themes_from(self._internal("picture-themes").rows),
                categories_from(self._internal("picture-categories").rows))

    def _internal(self, name: str, **params: str) -> ResultTable:
        query = parse_query(sparql("query", name), name)
        return run_limited(self.runner, query, params)

    def entity(self, iri: str) -> Rows:
        return self.rows("entity", entity=f"<{iri}>")

    def describe(self, iri: str) -> ResultTable:
        return self.table("describe", entity=f"<{iri}>")

    def index(self) -> dict:
        return {"authorities": self.rows("authorities"), "themes": self.rows("themes")}

    def search(self, text: str) -> Rows:
        if not text.strip():
            raise QueryError("search", "type part of an authority's name")
        return self.rows("authorities", name=f'"{text.strip()}"')
