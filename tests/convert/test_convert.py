"""ParsedDocument -> RDF: golden graphs, determinism, URIs, evidence, provenance.

Regenerate the goldens after an intended change with
``python -m pytest --regen-goldens tests/convert`` and review the diff.
"""

from __future__ import annotations

import dataclasses

import pytest
from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic, graph_diff, to_isomorphic
from rdflib.namespace import PROV, SKOS

import kg_fixtures as fx
from ofsted_kg import __version__
from ofsted_kg import convert_document, convert_reference
from ofsted_kg import DEFAULT_BASE, Uris
from ofsted_kg import load_authorities
from ofsted_kg import OKG, prefixes
from ofsted_kg.namespaces import OA
from ofsted_kg.convert.vocabularies import ontology_version

CASES = {
    "westminster-2010-letter": fx.westminster_2010,
    "westminster-2011-letter": fx.westminster_2011,
    "westminster-2016-sif": fx.westminster_sif_2016,
    "westminster-2019-ilacs": fx.westminster_ilacs_2019,
    "unreconciled-letter": fx.unreconciled_letter,
}


def _graph(triples) -> Graph:
    g = Graph()
    for prefix, iri in prefixes().items():
        g.bind(prefix, iri, override=True)
    for t in triples:
        g.add(t)
    return g


def _same_graph(old: str, new: str) -> bool:
    return isomorphic(Graph().parse(data=old, format="turtle"), Graph().parse(data=new, format="turtle"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_conversion(name, golden):
    graph = _graph(convert_document(CASES[name]()))
    path = golden.path("convert", name, ".ttl")
    text = golden.text("convert", name, ".ttl", graph.serialize(format="turtle"), same=_same_graph)
    expected = Graph().parse(data=text, format="turtle")
    if not isomorphic(graph, expected):
        _, only_new, only_golden = graph_diff(to_isomorphic(graph), to_isomorphic(expected))
        pytest.fail(
            f"conversion of {name} differs from {path.name}\n"
            f"only in conversion:\n{only_new.serialize(format='nt')}\n"
            f"only in golden:\n{only_golden.serialize(format='nt')}"
        )


@pytest.mark.parametrize("name", sorted(CASES))
def test_conversion_is_deterministic(name):
    first = _graph(convert_document(CASES[name]())).serialize(format="nt")
    second = _graph(convert_document(CASES[name]())).serialize(format="nt")
    assert sorted(first.splitlines()) == sorted(second.splitlines())
    assert convert_document(CASES[name]()) == convert_document(CASES[name]())


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_blank_nodes(name):
    for triple in convert_document(CASES[name]()):
        assert not any(isinstance(term, BNode) for term in triple), triple


URIS = Uris()


def test_uris_follow_the_architecture():
    doc = fx.westminster_2011()
    assert URIS.document_graph(doc) == URIRef(f"{DEFAULT_BASE}graph/document/{'b' * 64}")
    assert URIS.document(doc) == URIRef(f"{DEFAULT_BASE}document/westminster/2011-07-27/ucra-letter")
    assert URIS.inspection(doc) == URIRef(f"{DEFAULT_BASE}inspection/westminster/2011-06-28")
    assert URIS.reference_graph == URIRef(f"{DEFAULT_BASE}graph/reference")
    assert URIS.series_graph == URIRef(f"{DEFAULT_BASE}graph/inferred/series")
    assert URIS.recurrence_graph == URIRef(f"{DEFAULT_BASE}graph/inferred/recurrence")
    g = _graph(convert_document(doc))
    findings = sorted(g.subjects(RDF.type, OKG.Finding))
    document = f"{DEFAULT_BASE}document/westminster/2011-07-27/ucra-letter"
    assert findings == [URIRef(f"{document}/finding/{n}") for n in (1, 2, 3)]


def test_base_is_configurable():
    base = "http://example.org/kg/"
    triples = convert_document(fx.westminster_2011(), Uris(base))
    subjects = {str(s) for s, _, _ in triples}
    assert all(s.startswith(base) for s in subjects), [s for s in subjects if not s.startswith(base)]


@pytest.mark.parametrize("name", sorted(CASES))
def test_evidence_quote_is_the_raw_slice(name):
    doc = CASES[name]()
    g = _graph(convert_document(doc))
    text = str(g.value(URIS.document(doc), OKG.text))
    assert text == doc.text
    count = 0
    for finding in g.subjects(RDF.type, OKG.Finding):
        target = g.value(g.value(finding, OKG.evidence), OA.hasTarget)
        selectors = list(g.objects(target, OA.hasSelector))
        position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in g)
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in g)
        start, end = int(g.value(position, OA.start)), int(g.value(position, OA.end))
        assert str(g.value(quote, OA.exact)) == text[start:end]
        count += 1
    assert count == len(doc.findings)


def test_cleaned_text_is_separate_from_the_quote():
    g = _graph(convert_document(fx.westminster_2010()))
    finding = URIS.finding(fx.westminster_2010(), 2)
    assert str(g.value(finding, OKG.findingText)) == "Case files do not include comprehensive chronologies."
    quote = URIRef(f"{finding}/evidence/quote")
    assert str(g.value(quote, OA.exact)) == "Case files do not include\ncomprehensive chronologies."


def test_stated_relations_are_kept_on_the_finding():
    g = _graph(convert_document(fx.westminster_2011()))
    insp = str(URIS.document(fx.westminster_2011()))
    assert (URIRef(f"{insp}/finding/3"), OKG.statedRelationToPrevious, OKG.persists) in g
    assert (URIRef(f"{insp}/finding/1"), OKG.statedRelationToPrevious, OKG.resolved) in g
    assert (URIRef(f"{insp}/finding/2"), OKG.statedRelationToPrevious, None) not in g


def test_previous_inspection_statement_keeps_precision():
    doc = fx.westminster_2011()
    g = _graph(convert_document(doc))
    document = URIS.document(doc)
    assert g.value(document, OKG.previousInspectionDate) == Literal("2010-09", datatype=XSD.gYearMonth)
    assert str(g.value(document, OKG.previousInspectionStatement)).startswith("Of the seven areas")
    for written, datatype in (("2010", XSD.gYear), ("2010-09-14", XSD.date)):
        other = dataclasses.replace(doc, previous_inspection=dataclasses.replace(doc.previous_inspection, date=written))
        assert _graph(convert_document(other)).value(document, OKG.previousInspectionDate).datatype == datatype


def test_unreconciled_authority_is_flagged():
    doc = fx.unreconciled_letter()
    g = _graph(convert_document(doc))
    authority = URIRef(f"{DEFAULT_BASE}authority/borsetshire-county-council")
    assert (authority, OKG.reconciled, Literal(False)) in g
    assert (authority, SKOS.prefLabel, Literal("Borsetshire County Council")) in g
    assert (URIS.inspection(doc), OKG.inspectedAuthority, authority) in g


def test_conversion_provenance_records_versions():
    doc = fx.westminster_2011()
    g = _graph(convert_document(doc))
    activity = g.value(URIS.document(doc), PROV.wasGeneratedBy)
    assert (activity, RDF.type, PROV.Activity) in g
    assert str(g.value(activity, OKG.softwareVersion)) == __version__
    assert str(g.value(activity, OKG.ontologyVersion)) == ontology_version()
    source = g.value(activity, PROV.used)
    assert str(g.value(source, OKG.sha256)) == doc.sha256
    assert (URIS.document_graph(doc), PROV.wasGeneratedBy, activity) in g


def test_people_posts_and_memberships():
    g = _graph(convert_document(fx.westminster_2011()))
    person = URIRef(f"{DEFAULT_BASE}person/michael-oconnor")
    post = URIRef(f"{DEFAULT_BASE}post/westminster/director-of-children-s-services")
    assert (person, URIRef("http://www.w3.org/ns/org#holds"), post) in g
    membership = URIRef(
        f"{DEFAULT_BASE}membership/michael-oconnor/westminster/director-of-children-s-services/2011-07-27"
    )
    assert (membership, OKG.atDate, Literal("2011-07-27", datatype=XSD.date)) in g
    document = URIS.document(fx.westminster_2011())
    copies = set(g.objects(document, URIRef("https://schema.org/ccRecipient")))
    assert copies == {URIRef(f"{DEFAULT_BASE}person/mike-more"), URIRef(f"{DEFAULT_BASE}person/andrew-spencer")}


def test_judgements_map_to_concepts():
    g = _graph(convert_document(fx.westminster_sif_2016()))
    grades = {str(g.value(j, OKG.gradeAsWritten)): g.value(j, OKG.grade) for j in g.subjects(RDF.type, OKG.Judgement)}
    assert grades["requires improvement"] == URIRef("https://w3id.org/ofsted-kg/grade/requires-improvement-to-be-good")
    areas = {g.value(j, OKG.judgementArea) for j in g.subjects(RDF.type, OKG.Judgement)}
    assert URIRef("https://w3id.org/ofsted-kg/judgement-area/lscb") in areas


def test_reference_graph():
    g = _graph(convert_reference())
    authorities = set(g.subjects(RDF.type, OKG.LocalAuthority))
    assert len(authorities) == len(load_authorities()) == 163
    westminster = URIRef(f"{DEFAULT_BASE}authority/westminster")
    assert (westminster, OKG.statisticalGeography,
            URIRef("http://statistics.data.gov.uk/id/statistical-geography/E09000033")) in g
    assert str(g.value(westminster, OKG.region)) == "London"
    # Names used twice: the former authority's slug carries its end year.
    assert URIRef(f"{DEFAULT_BASE}authority/somerset-2023") in authorities
    assert URIRef(f"{DEFAULT_BASE}authority/somerset") in authorities
    assert not list(g.triples((None, URIRef("http://www.w3.org/2002/07/owl#sameAs"), None)))
