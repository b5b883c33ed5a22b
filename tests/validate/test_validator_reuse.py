"""Shapes read once (``ShapesValidator``) and used for graph after graph give the report
``pyshacl.validate`` gives, conforming or not; the build reads the document shapes before it forks."""

from __future__ import annotations

import pytest
from pyshacl import validate as pyshacl_validate
from rdflib import Graph
from rdflib.compare import isomorphic

from ofsted_kg.validate import shacl
from ofsted_kg.validate.shacl import DOCUMENT, OPTIONS, ShapesValidator, load_shapes, validator
from test_shapes import BROKEN, patched, valid_graph


def fresh(graph: Graph, shapes: Graph) -> tuple[bool, Graph]:
    """pyshacl's own entry point, shapes read anew for this one graph."""
    conforms, report, _ = pyshacl_validate(graph, shacl_graph=shapes, **OPTIONS)
    return bool(conforms), report


#: a sample of the broken graphs (each takes a second of pyshacl): shapes of both scopes trip
SAMPLE = BROKEN[::4]


def test_a_reused_validator_reports_what_pyshacl_reports_graph_after_graph():
    reused = ShapesValidator(load_shapes())
    graphs = [valid_graph(), *(patched(p) for p in SAMPLE), valid_graph()]  # valid again after the broken ones
    outcomes = []
    for graph in graphs:
        result = reused.validate(graph)
        conforms, report = fresh(graph, load_shapes())
        assert result.conforms == conforms
        assert isomorphic(result.report_graph, report), result.text
        assert result.text == shacl._report_text(conforms, report)
        outcomes.append(conforms)
    assert outcomes == [True, *(False for _ in SAMPLE), True]


@pytest.mark.parametrize("path", SAMPLE[:2], ids=[p.stem for p in SAMPLE[:2]])
def test_a_document_validated_after_others_gets_the_report_a_fresh_validator_gives(path):
    graph = patched(path)
    for other in (valid_graph(), patched(BROKEN[-1])):
        validator(DOCUMENT).validate(other)
    again = validator(DOCUMENT).validate(graph)
    once = ShapesValidator(load_shapes(scope=DOCUMENT)).validate(graph)
    assert again.conforms == once.conforms
    assert isomorphic(again.report_graph, once.report_graph)
    assert again.text == once.text


def test_the_shapes_are_read_once_per_process():
    prepared = validator(DOCUMENT)
    shapes = list(prepared.shapes_graph.shapes)
    shacl.validate_document(list(valid_graph()))
    assert validator(DOCUMENT) is prepared
    assert list(prepared.shapes_graph.shapes) == shapes and all(
        a is b for a, b in zip(prepared.shapes_graph.shapes, shapes))


def test_the_validator_leaves_the_shapes_it_was_given_alone():
    shapes = load_shapes(scope=DOCUMENT)
    before = set(shapes)
    ShapesValidator(shapes).validate(valid_graph())
    assert set(shapes) == before  # (pyshacl adds triples to the shapes graph it reads: to the copy)


def test_prepare_parses_the_sparql_queries_of_the_document_shapes():
    shacl._prepared.cache_clear()
    shacl.prepare()
    assert shacl._prepared.cache_info().currsize >= 1  # the evidence-quote target
