"""Shared machinery of the exporters: canonical blank-node labels, sorting, Turtle with sorted prefixes.

Every export is a pure function of the store's content: quads are sorted by their
N-Quads text and blank nodes get labels derived from their surroundings (a hash of
the triples around them, refined three times), so reruns are byte-identical.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from ..namespaces import DEFAULT_BASE, prefixes
from ..store.terms import quad as make_quad


def to_quads(triples: Iterable[tuple], graph: ox.NamedNode | ox.DefaultGraph | None = None) -> list[ox.Quad]:
    """Triples (rdflib or pyoxigraph terms, or quads) as pyoxigraph quads."""
    out = []
    for item in triples:
        if isinstance(item, ox.Quad):
            out.append(item)
        elif isinstance(item, ox.Triple):
            out.append(ox.Quad(item.subject, item.predicate, item.object, graph or ox.DefaultGraph()))
        else:
            out.append(make_quad(item, graph or ox.DefaultGraph()))
    return out


def canonical(quads: Iterable[ox.Quad], *, union: bool = False) -> list[ox.Quad]:
    """Quads with stable blank-node labels, deduplicated, sorted by graph, then
    by the triple's N-Triples text.

    With ``union`` every quad goes to the default graph (the union graph).
    """
    items = list(quads)
    if union:
        items = [ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in items]
    items = _relabel(items)
    unique = {str(q): q for q in items}
    return [unique[k] for k in sorted(unique, key=_sort_key(unique))]


def _sort_key(unique: dict[str, ox.Quad]):
    """(graph, the triple's N-Triples text): the order of ``stream.union_lines`` within a graph."""
    def key(text: str) -> tuple[str, str]:
        q = unique[text]
        graph = "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
        return (graph, str(q.triple))

    return key


def _relabel(quads: list[ox.Quad]) -> list[ox.Quad]:
    bnodes = {t for q in quads for t in (q.subject, q.object, q.graph_name) if isinstance(t, ox.BlankNode)}
    if not bnodes:
        return quads
    signature = {b: "" for b in bnodes}

    def show(term) -> str:
        return "_:" + signature[term] if isinstance(term, ox.BlankNode) else str(term)

    for _ in range(3):
        around: dict[ox.BlankNode, list[str]] = defaultdict(list)
        for q in quads:
            if isinstance(q.subject, ox.BlankNode):
                around[q.subject].append(f"> {q.predicate} {show(q.object)} {show(q.graph_name)}")
            if isinstance(q.object, ox.BlankNode):
                around[q.object].append(f"< {q.predicate} {show(q.subject)} {show(q.graph_name)}")
        signature = {b: hashlib.sha256("\n".join(sorted(around[b])).encode()).hexdigest()[:16] for b in bnodes}
    labels: dict[ox.BlankNode, ox.BlankNode] = {}
    taken: dict[str, int] = defaultdict(int)
    for b in sorted(bnodes, key=lambda b: (signature[b], b.value)):
        n = taken[signature[b]]
        taken[signature[b]] += 1
        labels[b] = ox.BlankNode(f"b{signature[b]}" + (f"x{n}" if n else ""))

    def swap(term):
        return labels.get(term, term) if isinstance(term, ox.BlankNode) else term

    return [ox.Quad(swap(q.subject), q.predicate, swap(q.object), swap(q.graph_name)) for q in quads]


def serialize(quads: list[ox.Quad], fmt: ox.RdfFormat, base: str = DEFAULT_BASE) -> bytes:
    """``quads`` (already canonical) in ``fmt``; triple formats take the default graph."""
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES):
        items = [q.triple for q in quads]
    else:
        items = quads
    if fmt not in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
        return ox.serialize(items, format=fmt)
    bound = prefixes(base)
    body = ox.serialize(items, format=fmt, prefixes=bound).split(b"\n")
    while body and body[0].startswith(b"@prefix "):
        body.pop(0)  # pyoxigraph's prefix order is its own: write them sorted instead
    header = [f"@prefix {name}: <{iri}> .".encode() for name, iri in bound.items()]
    return b"\n".join(header + [b""] + body)
