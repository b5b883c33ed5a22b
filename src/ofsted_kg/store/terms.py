"""Conversions between rdflib terms, pyoxigraph terms and a neutral result value.

No vocabulary here: only the mechanics of moving terms between the two libraries,
so the store can take either and hand back plain, library-free values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def to_ox(term: Any) -> Any:
    """An rdflib (or already pyoxigraph) term as a pyoxigraph term."""
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple, ox.DefaultGraph)):
        return term
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        datatype = ox.NamedNode(str(term.datatype)) if term.datatype else None
        return ox.Literal(str(term), datatype=datatype)
    raise TypeError(f"not an RDF term: {term!r}")


def from_ox(term: Any) -> Any:
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"not a pyoxigraph term: {term!r}")


def quad(triple: tuple, graph: ox.NamedNode | ox.DefaultGraph) -> ox.Quad:
    """A (s, p, o) tuple of either library's terms as a quad in ``graph``."""
    s, p, o = triple[:3]
    return ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph)


@dataclass(frozen=True, slots=True, order=True)
class Value:
    """One cell of a result: kind is ``uri``, ``literal`` or ``bnode`` (SPARQL JSON names)."""

    kind: str
    value: str
    datatype: str | None = None
    lang: str | None = None

    def __str__(self) -> str:
        return self.value

    def to_json(self) -> dict[str, str]:
        """The SPARQL 1.1 Query Results JSON binding object."""
        out = {"type": self.kind, "value": self.value}
        if self.lang:
            out["xml:lang"] = self.lang
        elif self.datatype and self.datatype != XSD_STRING:
            out["datatype"] = self.datatype
        return out

    def n3(self) -> str:
        """The term in N-Triples/SPARQL syntax."""
        return str(value_to_ox(self))


def value_from_ox(term: Any) -> Value | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Value("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return Value("bnode", term.value)
    if isinstance(term, ox.Literal):
        return Value("literal", term.value, term.datatype.value, term.language)
    if isinstance(term, ox.Triple):
        return Value("triple", str(term))
    raise TypeError(f"not a pyoxigraph term: {term!r}")


def value_to_ox(value: Value) -> Any:
    if value.kind == "uri":
        return ox.NamedNode(value.value)
    if value.kind == "bnode":
        return ox.BlankNode(value.value)
    if value.lang:
        return ox.Literal(value.value, language=value.lang)
    datatype = ox.NamedNode(value.datatype) if value.datatype else None
    return ox.Literal(value.value, datatype=datatype)
