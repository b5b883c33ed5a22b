"""The SKOS theme scheme agrees with data/reference/themes.csv and is well formed."""

from __future__ import annotations

import csv

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from ofsted_kg.resources import data_dir, ontology_dir
from ofsted_kg import load_scheme
from ofsted_kg.themes.scheme import GROUP_NS, SCHEME_IRI, THEME_NS

TTL = ontology_dir() / "themes.ttl"


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    g.parse(TTL, format="turtle")
    return g


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with open(data_dir() / "reference" / "themes.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_scheme_metadata(graph: Graph) -> None:
    assert (SCHEME_IRI, RDF.type, SKOS.ConceptScheme) in graph
    assert str(SCHEME_IRI) == "https://w3id.org/ofsted-kg/theme/"
    for prop in ("title", "source"):
        assert list(graph.objects(SCHEME_IRI, URIRef("http://purl.org/dc/terms/" + prop)))
    assert list(graph.objects(SCHEME_IRI, OWL.versionInfo))


def test_every_csv_row_is_in_the_scheme(graph: Graph, rows: list[dict[str, str]]) -> None:
    assert rows
    for row in rows:
        c = THEME_NS[row["slug"]]
        assert (c, RDF.type, SKOS.Concept) in graph, row["slug"]
        assert (c, SKOS.inScheme, SCHEME_IRI) in graph
        assert (c, SKOS.prefLabel, Literal(row["label"], lang="en")) in graph
        assert (c, SKOS.definition, Literal(row["scope"], lang="en")) in graph
        assert (c, SKOS.notation, Literal(row["slug"])) in graph
        assert (c, SKOS.broader, GROUP_NS[row["group"]]) in graph


def test_groups_are_labelled_top_concepts(graph: Graph, rows: list[dict[str, str]]) -> None:
    for group in {r["group"] for r in rows}:
        g = GROUP_NS[group]
        assert (g, RDF.type, SKOS.Concept) in graph
        assert (g, SKOS.topConceptOf, SCHEME_IRI) in graph
        assert (SCHEME_IRI, SKOS.hasTopConcept, g) in graph
        assert any(o.language == "en" for o in graph.objects(g, SKOS.prefLabel))


def test_every_concept_has_three_cues_and_one_label(graph: Graph) -> None:
    themes = [s for s in graph.subjects(SKOS.inScheme, SCHEME_IRI) if str(s).startswith(str(THEME_NS))]
    assert len(themes) >= 39
    for t in themes:
        cues = list(graph.objects(t, SKOS.hiddenLabel))
        assert len(cues) >= 3, t
        assert all(isinstance(c, Literal) and c.language == "en" for c in cues), t
        assert len(list(graph.objects(t, SKOS.prefLabel))) == 1, t
        assert len(list(graph.objects(t, SKOS.broader))) == 1, t


def test_added_themes_are_documented(graph: Graph, rows: list[dict[str, str]]) -> None:
    slugs = {r["slug"] for r in rows}
    for theme in load_scheme().themes:
        if theme.slug not in slugs:
            assert list(graph.objects(URIRef(theme.iri), SKOS.editorialNote)), theme.slug


def test_loader_matches_graph(rows: list[dict[str, str]]) -> None:
    scheme = load_scheme()
    assert scheme is load_scheme()  # cached
    assert {r["slug"] for r in rows} <= set(scheme.slugs)
    for row in rows:
        t = scheme.get(row["slug"])
        assert (t.label, t.group, t.definition) == (row["label"], row["group"], row["scope"])
        assert t.iri == f"https://w3id.org/ofsted-kg/theme/{row['slug']}"
    assert len(scheme.groups) == len({r["group"] for r in rows})


def test_cue_phrases_not_shared_between_themes() -> None:
    seen: dict[str, str] = {}
    for t in load_scheme().themes:
        for cue in t.cues:
            assert seen.setdefault(cue.lower(), t.slug) == t.slug, (cue, seen[cue.lower()], t.slug)


def test_weak_cue_property_is_declared(graph: Graph) -> None:
    from ofsted_kg.themes.scheme import WEAK_CUE

    assert str(WEAK_CUE) == "https://w3id.org/ofsted-kg/ontology#weakCue"
    assert (WEAK_CUE, RDF.type, OWL.AnnotationProperty) in graph
    assert (WEAK_CUE, URIRef("http://www.w3.org/2000/01/rdf-schema#subPropertyOf"), SKOS.hiddenLabel) in graph
    assert list(graph.objects(WEAK_CUE, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    assert list(graph.objects(WEAK_CUE, SKOS.definition))


def test_weak_cues_are_hidden_labels_of_the_same_concept(graph: Graph) -> None:
    from ofsted_kg.themes.scheme import WEAK_CUE

    pairs = list(graph.subject_objects(WEAK_CUE))
    assert pairs
    for s, o in pairs:
        assert isinstance(o, Literal) and o.language == "en", (s, o)
        assert (s, SKOS.hiddenLabel, o) in graph, (s, o)
    for t in load_scheme().themes:
        assert set(t.weak_cues) <= set(t.cues)


def test_absorbs_links_themes_of_the_scheme(graph: Graph) -> None:
    from ofsted_kg.themes.scheme import ABSORBS

    assert (ABSORBS, RDF.type, OWL.AnnotationProperty) in graph
    assert list(graph.objects(ABSORBS, SKOS.definition))
    scheme = load_scheme()
    pairs = [(t.slug, a) for t in scheme.themes for a in t.absorbs]
    assert pairs and len(pairs) == len(list(graph.subject_objects(ABSORBS)))
    for slug, absorbed in pairs:
        assert absorbed in scheme.slugs and absorbed != slug
        assert slug not in scheme.get(absorbed).absorbs  # no theme absorbs the theme absorbing it


def test_in_context_cues_have_a_context_and_are_not_hidden_labels(graph: Graph) -> None:
    from ofsted_kg.themes.scheme import CONTEXT_CUE, IN_CONTEXT_CUE

    for prop in (CONTEXT_CUE, IN_CONTEXT_CUE):
        assert (prop, RDF.type, OWL.AnnotationProperty) in graph
        assert list(graph.objects(prop, SKOS.definition))
    themes = [t for t in load_scheme().themes if t.in_context_cues or t.context_cues]
    assert themes
    for t in themes:
        assert t.in_context_cues and t.context_cues, t.slug
        assert not set(t.in_context_cues) & set(t.cues), t.slug  # alone they signal nothing
