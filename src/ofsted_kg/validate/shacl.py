"""SHACL validation of converted data against ``shapes/`` (loaded at run time).

The shapes come in two scopes, one folder each:

- ``shapes/document/``: shapes whose focus nodes and values all lie in ONE document's
  named graph (documents, findings, evidence, themes, people, provenance). The build
  validates each document graph on its own with them (``validate_document``), in its
  worker processes, once per change of the document, and keeps the report.
- ``shapes/corpus/``: shapes of nodes several graphs describe (authorities, inspections,
  posts) and of the links the inference rules make. The build validates them once over
  the union (``store.validation.validate_corpus``), reading only their *footprint*: the
  triples of their focus nodes, the rdf:type triples of the classes their ``sh:class``
  constraints name, and rdfs:subClassOf. A corpus shape must not look further than that (a test checks the
  footprint gives the same report as the whole union).

``validate(graph)`` checks a graph against every shape (both folders), e.g. for tests.
pyshacl runs without RDFS/OWL inference and without mixing in the ontology: the shapes
are written against the triples the converter emits, so neither is needed and both would
slow validation down.

A scope's shapes are read by pyshacl once per process (``ShapesValidator``, ``validator``),
not once per graph validated; the build reads the document shapes before it forks its
worker processes (``prepare``), which inherit them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pyshacl import Validator
from pyshacl.graph_abstraction import DataGraph
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..namespaces import SH
from ..resources import shapes_dir as default_shapes_dir
from ._pyshacl import FrozenShapesGraph, use_parameter_set



@dataclass(frozen=True)
class ValidationResult:
    conforms: bool
    report_graph: Graph
    text: str

    def violations(self) -> list[dict[str, Node]]:
        """One dict per sh:ValidationResult: focus, path, value, source_shape, message, severity."""
        g = self.report_graph
        rows = []
        for result in g.subjects(RDF.type, SH.ValidationResult):
            rows.append({
                "focus": g.value(result, SH.focusNode),
                "path": g.value(result, SH.resultPath),
                "value": g.value(result, SH.value),
                "source_shape": g.value(result, SH.sourceShape),
                "message": g.value(result, SH.resultMessage),
                "severity": g.value(result, SH.resultSeverity),
            })
        return rows


DOCUMENT, CORPUS = "document", "corpus"
SCOPES = (DOCUMENT, CORPUS)


def shape_files(shapes_dir: Path | str | None = None, scope: str | None = None) -> list[Path]:
    """The ``*.ttl`` files of one scope's folder (``document`` or ``corpus``), or of both."""
    folder = Path(shapes_dir) if shapes_dir else default_shapes_dir()
    if scope is not None and scope not in SCOPES:
        raise ValueError(f"unknown shapes scope {scope!r}; choose from {', '.join(SCOPES)}")
    return sorted(p for s in ([scope] if scope else SCOPES) for p in (folder / s).glob("*.ttl"))


def load_shapes(shapes_dir: Path | str | None = None, scope: str | None = None) -> Graph:
    """The shapes of one scope (or of both) in one graph."""
    graph = Graph()
    for path in shape_files(shapes_dir, scope):
        graph.parse(path, format="turtle")
    return graph


@cache
def _cached_shapes(scope: str | None) -> Graph:
    return load_shapes(None, scope)


#: how pyshacl runs (see the module docstring); ``advanced``: SPARQL-based targets (the
#: evidence-quote check); ``inplace``: nothing writes to the data graph (no inference, no
#: rules), so it is not copied
OPTIONS = {"inference": "none", "advanced": True, "abort_on_first": False, "allow_warnings": False,
           "inplace": True}


class ShapesValidator:
    """Shapes read by pyshacl once, to validate any number of graphs with.

    ``pyshacl.validate`` reads the shapes graph into its shape objects again on every call,
    and looks every shape parameter up in an rdflib store that keeps named-graph bookkeeping.
    Here the shapes are copied once into a plain triple store (``SimpleMemory``: the same
    triples, faster look-ups), pyshacl's ``ShapesGraph`` is made of them once (keeping its
    look-ups, and with pyshacl's constraint parameters in a set: see ``_pyshacl``), and each
    ``validate`` runs pyshacl's ``Validator`` on it. The report is the one ``pyshacl.validate``
    gives with ``OPTIONS`` (a test compares them, conforming and not): a shape object holds
    only what the shapes graph says, nothing of a graph it validated.
    """

    def __init__(self, shapes: Graph) -> None:
        self.graph = Graph(store="SimpleMemory")
        for prefix, namespace in shapes.namespaces():
            self.graph.bind(prefix, namespace)
        self.graph.addN((s, p, o, self.graph) for s, p, o in shapes)
        use_parameter_set()
        self.shapes_graph = FrozenShapesGraph(self.graph)
        self.shapes = tuple(self.shapes_graph.shapes)  # pyshacl reads every shape on first use: now

    def validate(self, data_graph: Graph) -> ValidationResult:
        """Validate ``data_graph`` (a Graph, or a Dataset/ConjunctiveGraph, validated as the union)."""
        if hasattr(data_graph, "contexts"):
            union = Graph()
            for triple in data_graph.triples((None, None, None)):
                union.add(triple)
            data_graph = union
        runner = Validator(DataGraph.from_rdflib(data_graph), shacl_graph=self.graph, options=dict(OPTIONS))
        runner.shacl_graph = self.shapes_graph  # the shapes as read once, for the one it just made
        conforms, report_graph, _ = runner.run()
        return ValidationResult(bool(conforms), report_graph, _report_text(bool(conforms), report_graph))


@cache
def validator(scope: str | None) -> ShapesValidator:
    """The shapes of ``scope`` (``document``, ``corpus``; None: both), read once per process."""
    return ShapesValidator(_cached_shapes(scope))


class _PreparedGraph(Graph):
    """A graph that parses each SPARQL query text once (pyshacl passes SPARQL-based targets as
    text on every validation; parsing them was half the time of validating one document)."""

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@cache
def _prepared(text: str):
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


def validate_document(triples: Iterable[tuple]) -> ValidationResult:
    """Validate one document's graph (its triples) against ``shapes/document/``."""
    graph = _PreparedGraph()
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return validator(DOCUMENT).validate(graph)


def prepare() -> None:
    """Read the document shapes and parse the SPARQL queries they hold, now (by validating an
    empty graph): the build calls it before forking the processes that run ``validate_document``."""
    validate_document([])


def combine(results: Iterable[ValidationResult]) -> ValidationResult:
    """One report of several (per-document and corpus): conforms if all do; every result kept."""
    report, node = Graph(), BNode()
    for scope in SCOPES:  # so the text names shapes okgsh:...
        for prefix, namespace in _cached_shapes(scope).namespaces():
            report.bind(prefix, namespace)
    report.add((node, RDF.type, SH.ValidationReport))
    conforms = True
    for result in results:
        conforms = conforms and result.conforms
        if result.conforms:
            continue
        heads = set(result.report_graph.subjects(RDF.type, SH.ValidationReport))
        for triple in result.report_graph:
            if triple[0] not in heads:
                report.add(triple)
            elif triple[1] == SH.result:
                report.add((node, SH.result, triple[2]))
    report.add((node, SH.conforms, Literal(conforms)))
    return ValidationResult(conforms, report, _report_text(conforms, report))


def validate(data_graph: Graph, shapes_dir: Path | str | None = None, *,
             shapes: Graph | None = None) -> ValidationResult:
    """Validate ``data_graph`` (a Graph, or a Dataset/ConjunctiveGraph, validated as the union)
    against every shape of ``shapes_dir`` (both scopes), or against ``shapes``."""
    return ShapesValidator(shapes if shapes is not None else load_shapes(shapes_dir)).validate(data_graph)


def _report_text(conforms: bool, report: Graph) -> str:
    """Readable report: one block per (shape, message), with the focus nodes it caught."""
    if conforms:
        return "Conforms: no SHACL violations."
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for result in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(result, SH.sourceShape)
        message = report.value(result, SH.resultMessage) or Literal("(no message)")
        focus = report.value(result, SH.focusNode)
        value = report.value(result, SH.value)
        shape_name = shape.n3(report.namespace_manager) if isinstance(shape, URIRef) else "(anonymous shape)"
        line = str(focus) + (f"  value: {str(value)[:80]!r}" if value is not None else "")
        groups[(shape_name, str(message))].append(line)
    total = sum(len(v) for v in groups.values())
    lines = [f"Does not conform: {total} violation(s) of {len(groups)} rule(s)."]
    for (shape_name, message), items in sorted(groups.items()):
        lines.append(f"\n[{shape_name}] {message} ({len(items)})")
        lines.extend(f"  - {item}" for item in sorted(items))
    return "\n".join(lines)
