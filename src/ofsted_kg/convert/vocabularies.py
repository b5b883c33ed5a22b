"""Run-time access to the ontology files: version, SKOS concept look-ups, all triples.

Everything here is read from ``ontology/*.ttl`` when first needed; nothing of the
ontology is duplicated in code.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from rdflib import OWL, Graph, URIRef
from rdflib.namespace import SKOS

from ..resources import ontology_dir
from ..namespaces import CATEGORY, FRAMEWORK, GRADE, INSPECTION_TYPE, JUDGEMENT_AREA, OKG


def _scheme(namespace: str) -> URIRef:
    """A concept scheme's IRI: its members' namespace without the trailing ``/`` or ``#``."""
    return URIRef(str(namespace).rstrip("/#"))


ONTOLOGY_IRI = _scheme(OKG._NS)
CATEGORY_SCHEME = _scheme(CATEGORY)
FRAMEWORK_SCHEME = _scheme(FRAMEWORK)
GRADE_SCHEME = _scheme(GRADE)
JUDGEMENT_AREA_SCHEME = _scheme(JUDGEMENT_AREA)
INSPECTION_TYPE_SCHEME = _scheme(INSPECTION_TYPE)


def ontology_files(folder: Path | None = None) -> list[Path]:
    """The Turtle files of the ontology folder, sorted (themes.ttl included when present)."""
    return sorted((folder or ontology_dir()).glob("*.ttl"))


@cache
def _graph(folder: str | None = None) -> Graph:
    graph = Graph()
    for path in ontology_files(Path(folder) if folder else None):
        graph.parse(path, format="turtle")
    return graph


def ontology_graph(folder: Path | None = None) -> Graph:
    """All ontology files parsed into one graph (cached; do not modify)."""
    return _graph(str(folder) if folder else None)


def ontology_version(folder: Path | None = None) -> str:
    """``owl:versionInfo`` of the ontology, as it stands in ``ontology/ofsted-kg.ttl``."""
    value = ontology_graph(folder).value(ONTOLOGY_IRI, OWL.versionInfo)
    if value is None:
        raise ValueError("ontology/ofsted-kg.ttl has no owl:versionInfo")
    return str(value)


def normalise_label(text: str) -> str:
    """Comparison key for labels as written: lower case, 'the' dropped, punctuation spaced."""
    key = text.lower().replace("\u2019", "'")
    key = re.sub(r"[^a-z0-9']+", " ", key).strip()
    return re.sub(r"^the ", "", key)


@cache
def concept_index(scheme: URIRef) -> dict[str, URIRef]:
    """Map of label keys (prefLabel, altLabel, notation, slug) to the concepts of ``scheme``."""
    graph = ontology_graph()
    index: dict[str, URIRef] = {}
    for concept in sorted(graph.subjects(SKOS.inScheme, scheme)):
        for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.notation, OKG.slug):
            for label in graph.objects(concept, prop):
                index.setdefault(normalise_label(str(label)), concept)
    return index


def lookup_concept(scheme: URIRef, text: str | None) -> URIRef | None:
    """The concept of ``scheme`` whose label matches ``text``, or None."""
    if not text:
        return None
    return concept_index(scheme).get(normalise_label(text))
