"""The benchmarks' synthetic corpus is valid: exact spans, unique hashes, consecutive years."""

from __future__ import annotations

import sys
from collections import defaultdict

from conftest import ROOT  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import synthetic_corpus  # noqa: E402

from ofsted_kg import convert_document, convert_reference  # noqa: E402
from ofsted_kg import validate_graph as validate  # noqa: E402
from ofsted_kg import ontology_graph  # noqa: E402


def test_synthetic_documents_are_valid_and_conform():
    from rdflib import Graph

    corpus = synthetic_corpus(6)
    assert len({d.sha256 for d in corpus}) == 6
    starts = defaultdict(list)
    graph = Graph()
    for doc in corpus:
        starts[doc.authority.gss_code].append(doc.inspection_start)
        for finding in doc.findings:
            assert doc.text[finding.start : finding.end] == finding.text
        for triple in convert_document(doc):
            graph.add(triple)
    assert all(len(s) == 3 and s == sorted(s) for s in starts.values())
    for triple in convert_reference():
        graph.add(triple)
    for triple in ontology_graph():
        graph.add(triple)
    assert validate(graph).conforms
