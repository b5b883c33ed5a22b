"""Inference step: recompute the project's recurrence graph from everything in the store.

Reads the unfavourable findings of every inspection (``queries/internal/recurrence-input.rq``),
runs ``ofsted_kg.infer.recurrence.infer`` over them, and replaces
the recurrence graph (``Uris.recurrence_graph``) with the result, whatever order documents arrived in.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from rdflib import RDF, URIRef
from rdflib.term import Node

from ..convert.document import decimal_literal
from ..resources import sparql
from .recurrence import METHOD, FindingRef, Recurrence, infer
from ..store.knowledge import KnowledgeStore
from ..namespaces import CATEGORY, OKG, THEME
from ..uris import Uris



def finding_rows(store: KnowledgeStore) -> list[FindingRef]:
    """One ``FindingRef`` per unfavourable finding, its themes gathered from the result rows."""
    table = store.query(sparql("query", "recurrence-input"))
    themes: dict[str, list[str]] = defaultdict(list)
    first: dict[str, tuple] = {}
    for finding, inspection, authority, start, category, theme, text in table.rows:
        key = finding.value
        first.setdefault(key, (inspection.value, authority.value, start.value, category.value, text.value))
        themes[key].append(theme.value.rsplit("/", 1)[-1])
    rows = []
    for key in sorted(first):
        inspection, authority, start, category, text = first[key]
        rows.append(
            FindingRef(
                finding=key,
                inspection=inspection,
                authority=authority,
                date=date.fromisoformat(start[:10]),
                category=category.removeprefix(str(CATEGORY)),
                themes=tuple(sorted(set(themes[key]))),
                text=text,
            )
        )
    return rows


def recurrence_triples(recurrences: list[Recurrence], uris: Uris) -> list[tuple[Node, Node, Node]]:
    from rdflib import Literal

    triples = []
    for r in recurrences:
        node = uris.recurrence(r.later, r.theme)
        earlier, later = URIRef(r.earlier), URIRef(r.later)
        triples += [
            (node, RDF.type, OKG.Recurrence),
            (node, OKG.recurrenceOf, earlier),
            (node, OKG.recursIn, later),
            (node, OKG.viaTheme, THEME[r.theme]),
            (node, OKG.similarity, decimal_literal(r.similarity)),
            (node, OKG.classifier, Literal(METHOD)),
            (later, OKG.inferredRecurrenceOf, earlier),
        ]
    return sorted(set(triples))


def update_recurrence_graph(store: KnowledgeStore, uris: Uris) -> int:
    """Replace the recurrence graph; returns the number of recurrences."""
    recurrences = infer(finding_rows(store))
    store.replace_graph(uris.recurrence_graph, recurrence_triples(recurrences, uris))
    return len(recurrences)
