"""``validate._pyshacl``: what it relies on in pyshacl is still there (these fail if pyshacl
changes it), and it answers every question as pyshacl's own code does."""

from __future__ import annotations

import inspect

import pyshacl.shape as shape_module
from pyshacl import ShapesGraph
from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS
from rdflib import RDF, Literal, URIRef

from ofsted_kg.namespaces import SH
from ofsted_kg.validate._pyshacl import FrozenShapesGraph, ParameterList, use_parameter_set
from ofsted_kg.validate.shacl import load_shapes


def test_pyshacl_still_reads_the_constraint_parameters_as_this_module_expects():
    source = inspect.getsource(shape_module.Shape.validate)
    assert "getattr(module, 'CONSTRAINT_PARAMS', (None, None))" in source
    assert "search_parameters = CONSTRAINT_PARAMETERS.copy()" in source
    assert "search_parameters.append(" in source
    assert "p in search_parameters" in source
    assert "self.sg.predicate_objects(self.node)" in source


def test_pyshacl_still_looks_shapes_up_through_the_methods_the_frozen_graph_keeps():
    for name in ("subjects", "objects", "predicate_objects", "subject_objects"):
        assert f"return self.graph.{name}(" in inspect.getsource(getattr(ShapesGraph, name))


def test_the_parameter_list_is_pyshacls_list_with_set_membership():
    use_parameter_set()
    params, _ = shape_module.CONSTRAINT_PARAMS
    assert isinstance(params, ParameterList) and list(params) == list(ALL_CONSTRAINT_PARAMETERS)
    others = [RDF.type, SH.path, SH.message, SH.severity, URIRef(str(SH.minCount) + "x"), Literal("sh:minCount")]
    for term in [*ALL_CONSTRAINT_PARAMETERS, *others]:
        assert (term in params) == (term in list(ALL_CONSTRAINT_PARAMETERS))
    copy = params.copy()
    copy.append(SH.expression)
    assert isinstance(copy, ParameterList) and SH.expression in copy and SH.expression not in params
    assert list(copy) == [*ALL_CONSTRAINT_PARAMETERS, SH.expression]


def test_the_frozen_shapes_graph_answers_as_pyshacls():
    shapes = load_shapes()
    plain, frozen = ShapesGraph(shapes), FrozenShapesGraph(shapes)
    nodes = sorted({*shapes.subjects(), *shapes.objects()}, key=str)[:300]
    predicates = sorted(set(shapes.predicates()), key=str)
    for node in nodes:
        assert sorted(frozen.predicate_objects(node)) == sorted(plain.predicate_objects(node))
        assert frozen.predicate_objects(node) is frozen.predicate_objects(node)  # kept
        for predicate in predicates:
            assert sorted(frozen.objects(node, predicate)) == sorted(plain.objects(node, predicate))
            assert sorted(frozen.subjects(predicate, node)) == sorted(plain.subjects(predicate, node))
    for predicate in predicates:
        assert sorted(frozen.subject_objects(predicate)) == sorted(plain.subject_objects(predicate))
