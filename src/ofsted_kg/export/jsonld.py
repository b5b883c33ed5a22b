"""JSON-LD export: every named graph, nodes sorted, compact IRIs from the shared prefixes.

The ``@context`` is generated from the same prefix map as the Turtle export (the
ontology's prefixes plus the URI plan's), so it is deterministic; ``context(base)``
returns it for publishing as a separate file (``context.jsonld``).
"""

from __future__ import annotations

import json
from collections import defaultdict

import pyoxigraph as ox

from ..store.terms import XSD_STRING
from ..namespaces import DEFAULT_BASE, prefixes
from .common import canonical

NAME = "jsonld"
EXTENSION = ".jsonld"
MEDIA_TYPE = "application/ld+json"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def context(base: str = DEFAULT_BASE) -> dict:
    """The JSON-LD context: one prefix definition per namespace, sorted."""
    return {"@context": dict(prefixes(base))}


def serialize(quads, base: str = DEFAULT_BASE) -> bytes:
    ordered = canonical(quads)
    compact = _compactor(prefixes(base))
    by_graph: dict[str, list[ox.Quad]] = defaultdict(list)
    for q in ordered:
        by_graph["" if isinstance(q.graph_name, ox.DefaultGraph) else _id(q.graph_name, compact)].append(q)
    top = _nodes(by_graph.pop("", []), compact)
    for name in sorted(by_graph):
        top.append({"@id": name, "@graph": _nodes(by_graph[name], compact)})
    document = {"@context": context(base)["@context"], "@graph": top}
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def _compactor(prefix_map: dict[str, str]):
    pairs = sorted(prefix_map.items(), key=lambda kv: (-len(kv[1]), kv[0]))

    def compact(iri: str) -> str:
        for name, ns in pairs:
            if iri.startswith(ns) and not iri[len(ns):].startswith("//"):
                return f"{name}:{iri[len(ns):]}"
        return iri

    return compact


def _id(term, compact) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else compact(term.value)


def _nodes(quads: list[ox.Quad], compact) -> list[dict]:
    nodes: dict[str, dict] = {}
    for q in quads:
        node = nodes.setdefault(_id(q.subject, compact), {"@id": _id(q.subject, compact)})
        if q.predicate.value == RDF_TYPE and isinstance(q.object, ox.NamedNode):
            node.setdefault("@type", []).append(compact(q.object.value))
        else:
            node.setdefault(compact(q.predicate.value), []).append(_value(q.object, compact))
    return [nodes[k] for k in sorted(nodes)]


def _value(term, compact):
    if isinstance(term, (ox.NamedNode, ox.BlankNode)):
        return {"@id": _id(term, compact)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == XSD_STRING:
        return term.value
    return {"@value": term.value, "@type": compact(term.datatype.value)}
