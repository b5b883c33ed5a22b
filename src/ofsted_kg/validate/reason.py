"""OWL consistency check of ``ontology/*.ttl`` with owlready2's HermiT.

owlready2 does not read Turtle, so the files are merged with rdflib and written as
RDF/XML into a temporary folder first. Rule files (``ontology/rules``) are not OWL and
are not loaded. HermiT needs Java.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from ..convert.vocabularies import ontology_files


@dataclass(frozen=True)
class ReasonResult:
    consistent: bool
    text: str
    unsatisfiable: tuple[str, ...] = field(default=())


def merged_ontology(folder: Path | None = None, extra: list[Path] | None = None) -> Graph:
    graph = Graph()
    for path in [*ontology_files(folder), *(extra or [])]:
        graph.parse(path, format="turtle")
    return graph


def check_consistency(folder: Path | None = None, extra: list[Path] | None = None) -> ReasonResult:
    """Run HermiT on the ontology files (plus ``extra`` Turtle files) and report consistency."""
    import owlready2

    graph = merged_ontology(folder, extra)
    with tempfile.TemporaryDirectory(prefix="ofsted-kg-reason-") as tmp:
        path = Path(tmp) / "ofsted-kg.owl"
        graph.serialize(path, format="xml")
        world = owlready2.World()
        try:
            onto = world.get_ontology(path.as_uri()).load()
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            return ReasonResult(False, f"Inconsistent: {exc}".rstrip(": "))
        except owlready2.OwlReadyJavaError as exc:  # e.g. a datatype outside the OWL 2 map
            return ReasonResult(False, f"HermiT could not reason: {exc}")
        unsatisfiable = tuple(sorted(c.iri for c in world.inconsistent_classes()))
        world.close()
    if unsatisfiable:
        return ReasonResult(True, "Consistent, but unsatisfiable classes: " + ", ".join(unsatisfiable), unsatisfiable)
    return ReasonResult(True, f"Consistent ({len(graph)} triples checked with HermiT).")
