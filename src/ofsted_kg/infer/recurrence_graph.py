"""Inference step: recompute the project's recurrence graph from everything in the store.

Reads the unfavourable findings of every inspection (``queries/internal/recurrence-input.rq``),
runs ``ofsted_kg.infer.recurrence.infer`` over them (the pairing model of
``ofsted_kg.infer.pairing``), identifies the earlier finding each persistence statement speaks
of (``queries/internal/statement-input.rq``), and replaces the recurrence graph
(``Uris.recurrence_graph``) with the result, whatever order documents arrived in.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from rdflib import RDF, Literal, URIRef
from rdflib.term import Node

from ..convert.document import decimal_literal
from ..namespaces import CATEGORY, OKG, THEME
from ..resources import sparql
from ..store.knowledge import KnowledgeStore
from ..uris import Uris
from .pairing import METHOD, THRESHOLD, PairingModel, PairScore, Side
from .recurrence import FindingRef, Recurrence, infer



def finding_rows(store: KnowledgeStore) -> list[FindingRef]:
    """One ``FindingRef`` per unfavourable finding, its themes gathered from the result rows."""
    table = store.query(sparql("query", "recurrence-input"))
    themes: dict[str, list[str]] = defaultdict(list)
    first: dict[str, tuple] = {}
    for finding, inspection, authority, start, category, theme, text, addressee in table.rows:
        key = finding.value
        first.setdefault(
            key,
            (inspection.value, authority.value, start.value, category.value, text.value,
             addressee.value if addressee is not None else None),
        )
        if theme is not None:
            themes[key].append(theme.value.rsplit("/", 1)[-1])
    rows = []
    for key in sorted(first):
        inspection, authority, start, category, text, addressee = first[key]
        rows.append(
            FindingRef(
                finding=key,
                inspection=inspection,
                authority=authority,
                date=date.fromisoformat(start[:10]),
                category=category.removeprefix(str(CATEGORY)),
                themes=tuple(sorted(set(themes[key]))),
                text=text,
                addressee=addressee,
            )
        )
    return rows


def recurrence_triples(recurrences: list[Recurrence], uris: Uris) -> list[tuple[Node, Node, Node]]:
    """Each recurrence with its score, shared themes and reason; the ``okg:inferredRecurrenceOf``
    shortcut only for those at or above the default threshold."""
    triples = []
    for r in recurrences:
        node = uris.recurrence(r.later, r.earlier)
        earlier, later = URIRef(r.earlier), URIRef(r.later)
        triples += [
            (node, RDF.type, OKG.Recurrence),
            (node, OKG.recurrenceOf, earlier),
            (node, OKG.recursIn, later),
            (node, OKG.similarity, decimal_literal(r.similarity)),
            (node, OKG.reason, Literal(r.pair.reason)),
            (node, OKG.classifier, Literal(METHOD)),
        ]
        triples += [(node, OKG.viaTheme, THEME[theme]) for theme in r.themes]
        if r.similarity >= THRESHOLD:
            triples.append((later, OKG.inferredRecurrenceOf, earlier))
    return sorted(set(triples))


def statement_matches(store: KnowledgeStore) -> list[tuple[str, str, PairScore]]:
    """(statement, earlier finding, score) for each persistence statement whose best-scoring
    earlier finding reaches the threshold. A statement carries no addressee: it is compared
    with the council's findings only, as the body of a report speaks of the council."""
    table = store.query(sparql("query", "statement-input"))
    texts: dict[str, str] = {}
    candidates: dict[str, dict[str, tuple[str, str | None]]] = defaultdict(dict)
    themes: dict[str, set[str]] = defaultdict(set)
    for statement, text, finding, finding_text, addressee, theme in table.rows:
        texts[statement.value] = text.value
        candidates[statement.value][finding.value] = (
            finding_text.value, addressee.value if addressee is not None else None
        )
        if theme is not None:
            themes[finding.value].add(theme.value.rsplit("/", 1)[-1])
    corpus = sorted({t for c in candidates.values() for t, _ in c.values()} | set(texts.values()))
    model = PairingModel(corpus)
    matches = []
    for statement in sorted(candidates):
        scored = []
        for finding, (finding_text, addressee) in sorted(candidates[statement].items()):
            earlier = Side(finding_text, tuple(sorted(themes[finding])), addressee)
            pair = model.score(earlier, Side(texts[statement], tuple(sorted(themes[finding]))))
            if pair is not None:
                scored.append((pair.score, finding, pair))
        if scored:
            score, finding, pair = max(scored, key=lambda x: (x[0], x[1]))
            if score >= THRESHOLD:
                matches.append((statement, finding, pair))
    return matches


def statement_triples(matches: list[tuple[str, str, PairScore]]) -> list[tuple[Node, Node, Node]]:
    triples = []
    for statement, finding, pair in matches:
        node = URIRef(statement)
        triples += [
            (node, OKG.refersToFinding, URIRef(finding)),
            (node, OKG.matchScore, decimal_literal(pair.score)),
            (node, OKG.reason, Literal(pair.reason)),
        ]
    return triples


def update_recurrence_graph(store: KnowledgeStore, uris: Uris) -> int:
    """Replace the recurrence graph (recurrences, and the earlier findings persistence
    statements refer to); returns the number of recurrences."""
    recurrences = infer(finding_rows(store))
    triples = recurrence_triples(recurrences, uris) + statement_triples(statement_matches(store))
    store.replace_graph(uris.recurrence_graph, sorted(set(triples)))
    return len(recurrences)
