"""SHACL shapes: the fixture graph conforms; each broken graph trips exactly the shapes meant
to catch it; shapes are well-formed, messaged, and aimed at real ontology terms."""

from __future__ import annotations

import re
from functools import cache

import pytest
from rdflib import RDF, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SKOS

import kg_fixtures as fx
from ontology_terms import EXTERNAL_ALLOWLIST, defined_terms
from ofsted_kg import validate_graph as validate
from ofsted_kg.validate.shacl import load_shapes
from ofsted_kg import OKG
from ofsted_kg import ontology_graph
from ofsted_kg.convert.vocabularies import (
    CATEGORY_SCHEME, FRAMEWORK_SCHEME, GRADE_SCHEME, INSPECTION_TYPE_SCHEME, JUDGEMENT_AREA_SCHEME,
)



SH = Namespace("http://www.w3.org/ns/shacl#")
OKGSH = Namespace("https://w3id.org/ofsted-kg/shapes#")
ANY = Literal("*ANY*")
BROKEN = sorted(fx.BROKEN.glob("*.trig"))


@cache
def valid_graph() -> Graph:
    """The union of everything the converter and the rules emit for the fixtures (ontology excluded)."""
    ds = fx.build_dataset("default")
    graph = Graph()
    skip = {URIRef("https://w3id.org/ofsted-kg/graph/ontology")}
    for context in ds.graphs():
        if context.identifier not in skip:
            for triple in context:
                graph.add(triple)
    return graph


def patched(path) -> Graph:
    patch = Dataset()
    patch.parse(path, format="trig")
    graph = Graph()
    for triple in valid_graph():
        graph.add(triple)
    for s, p, o in patch.graph(URIRef("urn:remove")):
        if o == ANY:
            graph.remove((s, p, None))
        else:
            assert (s, p, o) in graph, f"{path.name}: triple to remove is not in the valid graph: {s} {p} {o}"
            graph.remove((s, p, o))
    for triple in patch.graph(URIRef("urn:add")):
        graph.add(triple)
    return graph


def expected_shapes(path) -> set[URIRef]:
    match = re.search(r"^# expect: (.+)$", path.read_text(encoding="utf-8"), re.M)
    assert match, f"{path.name} has no '# expect:' line"
    return {OKGSH[name.removeprefix("okgsh:")] for name in match.group(1).split()}


def test_fixture_graph_conforms():
    result = validate(valid_graph())
    assert result.conforms, result.text


def test_validate_accepts_a_dataset():
    assert validate(fx.build_dataset("default")).conforms


def test_there_are_enough_broken_cases():
    assert len(BROKEN) >= 12


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_graph_trips_its_shape(path):
    result = validate(patched(path))
    assert not result.conforms
    tripped = {v["source_shape"] for v in result.violations()}
    assert tripped == expected_shapes(path), result.text
    assert all(v["message"] for v in result.violations())
    assert "[okgsh:" in result.text


def _shapes_with_constraints(shapes: Graph):
    """Every node shape or property shape that carries constraint components."""
    constraint_props = {SH[name] for name in (
        "minCount", "maxCount", "datatype", "class", "in", "pattern", "nodeKind", "hasValue", "or", "and",
        "lessThan", "lessThanOrEquals", "equals", "minInclusive", "maxInclusive", "minLength",
        "qualifiedValueShape", "sparql")}
    for shape in set(shapes.subjects()):
        if any((shape, p, None) in shapes for p in constraint_props) and (
            (shape, RDF.type, SH.NodeShape) in shapes or (shape, SH.path, None) in shapes
        ):
            yield shape


def test_every_constraint_has_a_message():
    shapes = load_shapes()
    missing = []
    for shape in _shapes_with_constraints(shapes):
        inside_logic = any(shapes.triples((None, RDF.first, shape)))  # members of sh:or / sh:and lists
        if inside_logic or (None, SH.qualifiedValueShape, shape) in shapes:
            continue
        only_sparql = (shape, SH.sparql, None) in shapes and not any(
            (shape, p, None) in shapes for p in (SH.nodeKind, SH.pattern, SH.minCount, SH["class"]))
        if not only_sparql and (shape, SH.message, None) not in shapes:
            missing.append(str(shape))
    for constraint in shapes.objects(None, SH.sparql):
        if (constraint, SH.message, None) not in shapes:
            missing.append(f"SPARQL constraint {constraint}")
    assert not missing, "shapes without sh:message:\n" + "\n".join(sorted(missing))


def _path_terms(shapes: Graph, path) -> list[URIRef]:
    if isinstance(path, URIRef):
        return [path]
    inverse = shapes.value(path, SH.inversePath)
    if inverse is not None:
        return _path_terms(shapes, inverse)
    if (path, RDF.first, None) in shapes:
        return [t for item in Collection(shapes, path) for t in _path_terms(shapes, item)]
    return []


def _known(term: URIRef) -> bool:
    iri = str(term)
    if iri.startswith(str(OKG._NS)):
        return term in defined_terms()
    for namespace, names in EXTERNAL_ALLOWLIST.items():
        if iri.startswith(namespace):
            return names is None or iri[len(namespace):] in names
    return False


def test_shapes_target_real_terms():
    shapes = load_shapes()
    used = []
    for prop in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH["class"]):
        used += list(shapes.objects(None, prop))
    for path in shapes.objects(None, SH.path):
        used += _path_terms(shapes, path)
    for prop in (SH.lessThan, SH.lessThanOrEquals, SH.equals):
        used += list(shapes.objects(None, prop))
    unknown = sorted({str(t) for t in used if not _known(t)})
    assert not unknown, "shapes use terms that are neither in the ontology nor allow-listed:\n" + "\n".join(unknown)


@pytest.mark.parametrize("shape, scheme", [
    (OKGSH["Finding-category"], CATEGORY_SCHEME),
    (OKGSH["Inspection-framework"], FRAMEWORK_SCHEME),
    (OKGSH["Judgement-grade"], GRADE_SCHEME),
    (OKGSH["Judgement-area"], JUDGEMENT_AREA_SCHEME),
    (OKGSH["Inspection-type"], INSPECTION_TYPE_SCHEME),
])
def test_closed_lists_match_the_vocabularies(shape, scheme):
    shapes = load_shapes()
    listed = set(Collection(shapes, shapes.value(shape, SH["in"])))
    in_scheme = set(ontology_graph().subjects(SKOS.inScheme, scheme))
    assert listed == in_scheme, (
        f"{shape}: sh:in and {scheme} differ; only in shape: {sorted(listed - in_scheme)}, "
        f"only in vocabulary: {sorted(in_scheme - listed)}"
    )


def test_astral_characters_count_once():
    """The ILACS fixture has U+1D7D9 before its findings: SPARQL SUBSTR and Python agree."""
    doc = fx.westminster_ilacs_2019()
    assert any(ord(ch) > 0xFFFF for ch in doc.text[: doc.findings[0].start])
    assert validate(valid_graph()).conforms
