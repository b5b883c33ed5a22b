"""SHACL validation of converted data against ``shapes/*.ttl`` (loaded at run time).

pyshacl runs without RDFS/OWL inference and without mixing in the ontology: the
shapes are written against the triples the converter emits, so neither is needed
and both would slow validation down.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.term import Node

from ..namespaces import SH
from ..resources import shapes_dir as default_shapes_dir



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


def load_shapes(shapes_dir: Path | str | None = None) -> Graph:
    """All ``*.ttl`` files of the shapes folder in one graph."""
    folder = Path(shapes_dir) if shapes_dir else default_shapes_dir()
    graph = Graph()
    for path in sorted(folder.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def validate(data_graph: Graph, shapes_dir: Path | str | None = None) -> ValidationResult:
    """Validate ``data_graph`` (a Graph, or a Dataset/ConjunctiveGraph, validated as the union)."""
    shapes = load_shapes(shapes_dir)
    if hasattr(data_graph, "contexts"):
        union = Graph()
        for triple in data_graph.triples((None, None, None)):
            union.add(triple)
        data_graph = union
    conforms, report_graph, _ = shacl_validate(
        data_graph,
        shacl_graph=shapes,
        inference="none",
        advanced=True,  # SPARQL-based constraints (the evidence-quote check)
        abort_on_first=False,
        allow_warnings=False,
    )
    return ValidationResult(bool(conforms), report_graph, _report_text(bool(conforms), report_graph))


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
