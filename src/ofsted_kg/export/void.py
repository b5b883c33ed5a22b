"""A VoID + DCAT description of the dataset, as Turtle, derived only from the data.

Counts come from the store; ``dcterms:modified`` is the latest ``xsd:date`` in the data
(not the wall clock), so the description is reproducible.
"""

from __future__ import annotations

import pyoxigraph as ox

from .. import __version__
from ..namespaces import DCAT, SD, VOID, prefixes
from ..namespaces import DCTERMS as DCT, RDF_NS as RDF, XSD_NS as XSD
from ..uris import Uris
from .common import canonical, serialize as _serialize

OGL_V3 = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
OFSTED_REPORTS = "https://reports.ofsted.gov.uk/"
TITLE = "Ofsted children's services inspections of English local authorities: knowledge graph"



def describe(store, uris: Uris = Uris(), dumps: tuple[str, ...] = (), triples: int | None = None,
             sizes: dict[str, int] | None = None) -> list[ox.Quad]:
    """The description's triples (as default-graph quads) for ``store`` (a ``KnowledgeStore``);
    ``triples`` and ``sizes`` (statements per named graph): when the caller has just counted them
    (writing ``graph.ttl``)."""
    dataset = ox.NamedNode(str(uris.dataset))
    graphs = store.graph_names()
    documents = [g for g in graphs if g.startswith(uris.document_graphs)]
    sizes = graph_sizes(store) if sizes is None else sizes
    statements = [
        (dataset, _n(RDF, "type"), _n(VOID, "Dataset")),
        (dataset, _n(RDF, "type"), _n(DCAT, "Dataset")),
        (dataset, _n(DCT, "title"), ox.Literal(TITLE, language="en")),
        (dataset, _n(DCT, "license"), ox.NamedNode(OGL_V3)),
        (dataset, _n(DCT, "source"), ox.NamedNode(OFSTED_REPORTS)),
        (dataset, _n(DCAT, "version"), ox.Literal(__version__)),
        (dataset, _n(VOID, "uriSpace"), ox.Literal(uris.base)),
        (dataset, _n(VOID, "triples"), _int(store.triple_count() if triples is None else triples)),
        (dataset, _n(VOID, "documents"), _int(len(documents))),
    ]
    modified = latest_date(store)
    if modified:
        statements.append((dataset, _n(DCT, "modified"), ox.Literal(modified, datatype=_n(XSD, "date"))))
    for dump in dumps:
        iri = dump if ":" in dump else str(uris(dump))  # relative names: published under the base
        statements.append((dataset, _n(VOID, "dataDump"), ox.NamedNode(iri)))
    for name in graphs:
        graph = ox.NamedNode(name)
        statements += [(dataset, _n(VOID, "subset"), graph), (graph, _n(RDF, "type"), _n(VOID, "Dataset")),
                       (graph, _n(SD, "name"), graph), (graph, _n(VOID, "triples"), _int(sizes.get(name, 0)))]
    return [ox.Quad(s, p, o, ox.DefaultGraph()) for s, p, o in statements]


def serialize(store, uris: Uris = Uris(), dumps: tuple[str, ...] = (), triples: int | None = None,
              sizes: dict[str, int] | None = None) -> bytes:
    return _serialize(canonical(describe(store, uris, dumps, triples, sizes)), ox.RdfFormat.TURTLE, uris.base)


def graph_sizes(store) -> dict[str, int]:
    """Statements per named graph, counted by the engine in one query."""
    table = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", union=False)
    return {g.value: int(n.value) for g, n in table.rows}


def latest_date(store) -> str | None:
    table = store.query(f"SELECT (MAX(?d) AS ?m) WHERE {{ ?s ?p ?d FILTER(datatype(?d) = <{XSD}date>) }}")
    cell = table.rows[0][0] if table.rows else None
    return cell.value if cell is not None else None


def _n(ns: str, local: str) -> ox.NamedNode:
    return ox.NamedNode(ns + local)


def _int(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=_n(XSD, "integer"))


__all__ = ["OGL_V3", "describe", "prefixes", "serialize"]
