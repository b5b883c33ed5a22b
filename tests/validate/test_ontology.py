"""The OWL ontology, its SKOS vocabularies and the okg DefinedNamespace stay in step."""

from __future__ import annotations

import shutil

import pytest
from rdflib import OWL, RDF, RDFS, Graph
from rdflib.namespace import SKOS

from kg_fixtures import all_documents
from ontology_terms import OKG_NS, defined_terms, undefined_terms
from ofsted_kg import convert_document, convert_reference
from ofsted_kg.model import CATEGORIES, INSPECTION_TYPES
from ofsted_kg import check_consistency
from ofsted_kg import OKG
from ofsted_kg.namespaces import CATEGORY, FRAMEWORK
from ofsted_kg import ontology_graph
from ofsted_kg.convert.vocabularies import (
    CATEGORY_SCHEME, FRAMEWORK_SCHEME, GRADE_SCHEME, INSPECTION_TYPE_SCHEME, ONTOLOGY_IRI, ontology_files,
    ontology_version,
)


#: Namespaces of reused W3C / community vocabularies the converter may use.
def _vocab_names() -> set[str]:
    return {name for name in OKG.__annotations__}


def test_vocab_and_ontology_agree():
    in_ontology = {str(t)[len(OKG_NS):] for t in defined_terms()}
    in_vocab = _vocab_names()
    problems = [
        f"okg:{name} is in ontology/*.ttl but not in src/ofsted_kg/namespaces.py: add `{name}: URIRef` to class OKG"
        for name in sorted(in_ontology - in_vocab)
    ] + [
        f"okg:{name} is in vocab.py but not defined in ontology/*.ttl: declare it (with rdfs:label and "
        f"skos:definition) or remove it from class OKG"
        for name in sorted(in_vocab - in_ontology)
    ]
    assert not problems, "\n".join(problems)


def test_every_term_has_label_and_definition():
    g = ontology_graph()
    missing = []
    for term in sorted(defined_terms()):
        if g.value(term, RDFS.label) is None and g.value(term, SKOS.prefLabel) is None:
            missing.append(f"{term}: no rdfs:label")
        if g.value(term, SKOS.definition) is None and g.value(term, RDFS.comment) is None:
            missing.append(f"{term}: no skos:definition")
    assert not missing, "\n".join(missing)


def test_properties_have_domain_or_range_and_no_xsd_date_ranges():
    g = ontology_graph()
    for prop in set(g.subjects(RDF.type, OWL.ObjectProperty)) | set(g.subjects(RDF.type, OWL.DatatypeProperty)):
        assert (prop, RDFS.domain, None) in g or (prop, RDFS.range, None) in g, prop
        for rng in g.objects(prop, RDFS.range):
            assert not str(rng).endswith(("#date", "#gYear", "#gYearMonth", "#dateTime")), (
                f"{prop}: range {rng} is outside the OWL 2 datatype map (HermiT rejects it); use rdfs:Literal"
            )


def test_ontology_header():
    g = ontology_graph()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    assert ontology_version() == str(g.value(ONTOLOGY_IRI, OWL.versionInfo))
    version_iri = g.value(ONTOLOGY_IRI, OWL.versionIRI)
    assert version_iri is not None and str(version_iri).endswith(ontology_version())


def test_category_scheme_matches_model():
    g = ontology_graph()
    concepts = {str(c)[len(str(CATEGORY)):] for c in g.subjects(SKOS.inScheme, CATEGORY_SCHEME)}
    assert concepts == set(CATEGORIES)


def test_inspection_type_scheme_matches_model():
    g = ontology_graph()
    slugs = {str(g.value(c, OKG.slug)) for c in g.subjects(SKOS.inScheme, INSPECTION_TYPE_SCHEME)}
    assert slugs == set(INSPECTION_TYPES)


def test_framework_and_grade_schemes():
    g = ontology_graph()
    frameworks = set(g.subjects(SKOS.inScheme, FRAMEWORK_SCHEME))
    for written in ("UCRA", "SIF", "ILACS", "LAC-2013", "CP-2012", "SLAC"):
        assert FRAMEWORK[written.lower()] in frameworks
    ranks = {str(g.value(c, SKOS.prefLabel)): int(g.value(c, OKG.rank))
             for c in g.subjects(SKOS.inScheme, GRADE_SCHEME)}
    assert ranks["outstanding"] < ranks["good"] < ranks["requires improvement to be good"] < ranks["inadequate"]
    assert ranks["adequate"] == ranks["requires improvement to be good"]


def test_every_term_used_by_the_converter_is_defined():
    triples = [t for doc in all_documents() for t in convert_document(doc)] + convert_reference()
    problems = undefined_terms(triples)
    assert not problems, "\n".join(problems)


def test_ontology_files_parse_and_rules_are_not_owl():
    files = [p.name for p in ontology_files()]
    assert "ofsted-kg.ttl" in files and "vocabularies.ttl" in files
    for path in ontology_files():
        Graph().parse(path, format="turtle")


#: HermiT (owlready2's reasoner) runs on Java; scripts/test.sh installs it when it can.
needs_java = pytest.mark.skipif(shutil.which("java") is None,
                                reason="HermiT needs Java (scripts/test.sh installs default-jre-headless as root)")


@needs_java
def test_ontology_is_consistent_with_hermit():
    result = check_consistency()
    assert result.consistent, result.text
    assert not result.unsatisfiable


@needs_java
def test_reasoner_detects_inconsistency(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix okg: <https://w3id.org/ofsted-kg/ontology#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "okg:Finding owl:disjointWith okg:Judgement .\n"
        "<https://w3id.org/ofsted-kg/x> a okg:Finding , okg:Judgement , owl:NamedIndividual .\n"
    )
    assert not check_consistency(extra=[bad]).consistent


def test_misspelt_term_raises():
    with pytest.raises(AttributeError):
        OKG.Findng  # noqa: B018
