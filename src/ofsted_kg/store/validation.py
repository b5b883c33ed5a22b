"""Validation of a built store: what the build checks, for ``ofsted-kg validate``.

Each named graph against ``shapes/document/`` (``validate.shacl.validate_document``), and the
union against ``shapes/corpus/`` reading only the corpus shapes' footprint (see
``validate.shacl``). Here, not in ``validate``, because it reads the store.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDF, Graph

from ..namespaces import SH
from ..validate.shacl import CORPUS, ValidationResult, _cached_shapes, combine, validate_document, validator
from .terms import from_ox


def validate_corpus(store) -> ValidationResult:
    """Validate the union of the store's graphs against ``shapes/corpus/``, reading only their footprint."""
    return validate_footprint(corpus_footprint(store))


def corpus_footprint(store) -> list:
    """The triples ``shapes/corpus/`` can look at, as the store gives them (``pyoxigraph``
    triples): what the corpus validation reads, which can then run in another process
    (``validate_footprint``, which makes rdflib terms of them there)."""
    return _footprint(store, _cached_shapes(CORPUS))


def validate_footprint(triples: list) -> ValidationResult:
    """The report of ``shapes/corpus/`` over ``triples`` (see ``corpus_footprint``)."""
    graph = Graph()
    graph.addN((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object), graph) for t in triples)
    return validator(CORPUS).validate(graph)


def validate_store(store) -> ValidationResult:
    """What the build checks, on a built store: every named graph on its own against
    ``shapes/document/``, and the union against ``shapes/corpus/``."""
    reports = [validate_document([(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object))
                                  for q in store.quads(name)])
               for name in store.graph_names()]
    return combine([*reports, validate_corpus(store)])


def footprint(store, shapes: Graph) -> Graph:
    """The triples of the union that the ``shapes`` can look at (see the module docstring), as a graph."""
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in footprint_triples(store, shapes))
    return graph


def footprint_triples(store, shapes: Graph) -> list[tuple]:
    """The triples of the union that the ``shapes`` can look at, as rdflib terms."""
    return [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in _footprint(store, shapes)]


def _footprint(store, shapes: Graph) -> list:
    """The triples of the union that the ``shapes`` can look at, as ``pyoxigraph`` triples."""
    classes = sorted({str(o) for o in shapes.objects(None, SH.targetClass)})
    predicates = sorted({str(o) for o in shapes.objects(None, SH.targetSubjectsOf)})
    objects_of = sorted({str(o) for o in shapes.objects(None, SH.targetObjectsOf)})
    nodes = sorted({str(o) for o in shapes.objects(None, SH.targetNode)})
    if any(True for _ in shapes.objects(None, SH.target)):
        raise ValueError("corpus shapes with SPARQL-based targets have no footprint; put them in shapes/document/")
    typed = sorted({str(o) for o in shapes.objects(None, SH["class"])} | set(classes))
    focus = [f"{{ VALUES ?c {{ {_iris(classes)} }} ?s a/<{RDFS_SUBCLASS}>* ?c }}" if classes else "",
             f"{{ VALUES ?t {{ {_iris(predicates)} }} ?s ?t [] }}" if predicates else "",
             f"{{ VALUES ?t {{ {_iris(objects_of)} }} [] ?t ?s }}" if objects_of else "",
             f"{{ VALUES ?s {{ {_iris(nodes)} }} }}" if nodes else ""]
    focus = [f for f in focus if f]
    parts = [f"{{ SELECT DISTINCT ?s WHERE {{ {' UNION '.join(focus)} }} }} ?s ?p ?o" if focus else "",
             f"{{ VALUES ?o {{ {_iris(typed)} }} ?s a ?o BIND (<{RDF_TYPE}> AS ?p) }}" if typed else "",
             f"{{ ?s ?p ?o FILTER (?p = <{RDFS_SUBCLASS}>) }}"]
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {' UNION '.join('{ ' + p + ' }' for p in parts if p)} }}"
    return list(store.oxigraph.query(query, use_default_graph_as_union=not store.has_union_graph()))


RDF_TYPE = str(RDF.type)
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"


def _iris(values: Iterable[str]) -> str:
    return " ".join(f"<{v}>" for v in values)


