"""Property tests: for any text (astral characters, form feeds, CR), the evidence quote is the
raw slice at the offsets, and SPARQL SUBSTR (rdflib and Oxigraph) agrees with Python."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset

from ofsted_kg import convert_document
from ofsted_kg import Uris
from ofsted_kg import AuthorityRef, Finding, ParsedDocument
from ofsted_kg.model import AREA_FOR_DEVELOPMENT, KIND_LETTER
from ofsted_kg import validate_graph as validate

ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(
    ["\f", "\r", "\n", "\U0001d7d9", "\U0001f600", "é", '"', "\\", "'"])

CHECK = """
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX okg: <https://w3id.org/ofsted-kg/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?exact ?slice WHERE {
  ?target oa:hasSource ?doc ; oa:hasSelector ?p , ?q .
  ?p oa:start ?s ; oa:end ?e . ?q oa:exact ?exact . ?doc okg:text ?text .
  BIND (SUBSTR(?text, xsd:integer(?s) + 1, xsd:integer(?e) - xsd:integer(?s)) AS ?slice)
}"""


@st.composite
def documents(draw):
    text = draw(st.text(ALPHABET, min_size=1, max_size=200))
    spans = draw(st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))), min_size=1, max_size=4))
    findings = tuple(
        Finding(AREA_FOR_DEVELOPMENT, "Areas for development", f"finding {n}", min(a, b), max(a, b))
        for n, (a, b) in enumerate(spans, start=1)
    )
    return ParsedDocument(
        source="x.txt", sha256="f" * 64, kind=KIND_LETTER, text=text,
        authority=AuthorityRef("Westminster", "E09000033", "213", "Westminster"), framework="UCRA",
        document_date=date(2011, 7, 27), inspection_start=date(2011, 6, 28), findings=findings,
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_quotes_match_slices_in_both_engines(doc):
    triples = convert_document(doc)
    for store in ("Oxigraph", "default"):
        ds = Dataset(store=store, default_union=True)
        graph = ds.graph(Uris().document_graph(doc))
        for triple in triples:
            graph.add(triple)
        # round-trip through Turtle as the store would export it
        fmt = "ox-turtle" if store == "Oxigraph" else "turtle"
        again = Dataset(store=store, default_union=True)
        again.graph(Uris().document_graph(doc)).parse(data=graph.serialize(format=fmt), format=fmt)
        rows = list(again.query(CHECK))
        assert len(rows) == len(doc.findings)
        for row in rows:
            assert str(row.exact) == str(row.slice)


@settings(max_examples=10, deadline=None)
@given(documents())
def test_converted_documents_validate(doc):
    from rdflib import Graph

    graph = Graph()
    for triple in convert_document(doc):
        graph.add(triple)
    result = validate(graph)
    assert result.conforms, result.text
