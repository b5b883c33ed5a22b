"""Which terms the ontology defines, and which terms some triples use without a definition.

Used by the ontology and shape tests and on the bundled build's output: every emitted term
must exist in the ontology or an allow-listed W3C vocabulary.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, URIRef
from rdflib.namespace import SKOS

from ofsted_kg import OKG, ontology_graph

OKG_NS = str(OKG._NS)

EXTERNAL_ALLOWLIST = {
    str(RDF): None,
    str(RDFS): None,
    str(SKOS): None,
    "http://www.w3.org/ns/org#": {"Organization", "FormalOrganization", "Post", "Membership", "holds",
                                  "postIn", "member", "organization", "ChangeEvent", "changedBy",
                                  "resultedFrom", "originalOrganization", "resultingOrganization"},
    "http://xmlns.com/foaf/0.1/": {"Person", "name"},
    "https://schema.org/": {"Person", "Message", "sender", "recipient", "ccRecipient", "honorificPrefix"},
    "http://www.w3.org/ns/prov#": {"Activity", "Entity", "SoftwareAgent", "used", "wasGeneratedBy",
                                   "wasDerivedFrom", "wasAssociatedWith"},
    "http://purl.org/dc/terms/": {"title", "publisher", "subject", "issued", "source", "date", "replaces",
                                  "isReplacedBy"},
    "http://www.w3.org/ns/oa#": {"Annotation", "SpecificResource", "TextPositionSelector",
                                 "TextQuoteSelector", "hasTarget", "hasBody", "hasSource", "hasSelector",
                                 "start", "end", "exact", "motivatedBy", "describing", "classifying"},
}


def defined_terms() -> set[URIRef]:
    """Every okg: IRI the ontology files declare (any rdf:type)."""
    return {
        s
        for s in ontology_graph().subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(str(OKG._NS))
    }


def _used_terms(triples) -> set[URIRef]:
    used = set()
    for _, p, o in triples:
        used.add(p)
        if p == RDF.type:
            used.add(o)
    return used


def undefined_terms(triples) -> list[str]:
    """Every predicate or class in ``triples`` that neither the ontology nor an allow-listed
    W3C vocabulary defines (one line per problem). Also used on the bundled build's output."""
    defined = defined_terms()
    problems = []
    for term in sorted(_used_terms(triples)):
        iri = str(term)
        if iri.startswith(OKG_NS):
            if term not in defined:
                problems.append(f"{iri}: used but not defined in the ontology")
            continue
        namespace = next((ns for ns in EXTERNAL_ALLOWLIST if iri.startswith(ns)), None)
        if namespace is None:
            problems.append(f"{iri}: not in the ontology nor an allow-listed vocabulary")
        elif EXTERNAL_ALLOWLIST[namespace] is not None and iri[len(namespace):] not in EXTERNAL_ALLOWLIST[namespace]:
            problems.append(f"{iri}: not a known term of {namespace}")
    return problems
