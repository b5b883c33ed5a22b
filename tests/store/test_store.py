"""KnowledgeStore: added/replaced/unchanged, atomic loads, persistence, locking, queries."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import Literal, Namespace, URIRef

from conftest import ROOT
from ofsted_kg import QueryError, StoreError
from ofsted_kg import KnowledgeStore
from ofsted_kg.store.knowledge import inject_values
from ofsted_kg import Value

EX = Namespace("https://example.org/")
G1, G2, G3 = EX["graph/document/aaa"], EX["graph/document/bbb"], EX["graph/document/ccc"]
DOC = EX["document/westminster/2011-07-27/letter"]


def doc_triples(version: str) -> list[tuple]:
    return [(DOC, EX.version, Literal(version)), (DOC, EX.title, Literal("Letter", lang="en")),
            (DOC, EX["count"], Literal(3))]


def test_added_unchanged_replaced():
    with KnowledgeStore(None) as store:
        assert store.load_graph(G1, doc_triples("1")) == "added"
        assert store.load_graph(G1, doc_triples("1"), replaces=store.graphs_describing(DOC)) == "unchanged"
        assert store.graphs_describing(DOC) == [str(G1)]
        assert store.load_graph(G2, doc_triples("2"), replaces=store.graphs_describing(DOC)) == "replaced"
        assert store.graph_names() == [str(G2)]
        assert store.quad_count() == 3


def test_failure_mid_load_leaves_previous_state(monkeypatch):
    store = KnowledgeStore(None)
    store.load_graph(G1, doc_triples("1"))
    store.load_graph(G3, [(EX.other, EX.p, EX.o)])
    original = KnowledgeStore._load_update

    def failing(self, graph, body, dropped, exists):
        # a runtime failure AFTER the drop and the insert, inside the same update
        return original(self, graph, body, dropped, exists) + f" ;\nCREATE GRAPH <{G3}>"

    monkeypatch.setattr(KnowledgeStore, "_load_update", failing)
    with pytest.raises(StoreError, match="nothing changed"):
        store.load_graph(G2, doc_triples("2"), replaces=[G1])
    assert store.graph_names() == sorted([str(G1), str(G3)])
    assert store.quad_count() == 4


def test_failure_while_producing_triples_touches_nothing():
    store = KnowledgeStore(None)
    store.load_graph(G1, doc_triples("1"))

    def broken():
        yield doc_triples("2")[0]
        raise RuntimeError("converter crashed")

    with pytest.raises(RuntimeError):
        store.load_graph(G2, broken(), replaces=[G1])
    assert store.graph_names() == [str(G1)]


def test_persists_across_reopen(tmp_path):
    with KnowledgeStore(tmp_path / "store") as store:
        store.load_graph(G1, doc_triples("1"))
    with KnowledgeStore(tmp_path / "store") as store:
        assert store.graph_names() == [str(G1)]
        assert store.load_graph(G1, doc_triples("1")) == "unchanged"
    with KnowledgeStore(tmp_path / "store", read_only=True) as store:
        assert store.triple_count() == 3
        with pytest.raises(StoreError):
            store.update("INSERT DATA { <a:b> <a:c> <a:d> }")


def test_locked_by_another_process(tmp_path):
    path = tmp_path / "store"
    with KnowledgeStore(path):
        code = f"from ofsted_kg.store.knowledge import KnowledgeStore\nKnowledgeStore({str(path)!r})"
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env={"PYTHONPATH": "src"}, cwd=ROOT)
        assert run.returncode != 0
        assert "in use by another process" in run.stderr


def test_missing_read_only_store_is_clear(tmp_path):
    with pytest.raises(StoreError, match="no store"):
        KnowledgeStore(tmp_path / "nope", read_only=True)
    assert not (tmp_path / "nope").exists()


def test_query_union_bindings_and_ask():
    store = KnowledgeStore(None)
    store.load_graph(G1, doc_triples("1"))
    table = store.query("SELECT ?v WHERE { ?d <https://example.org/version> ?v FILTER(?d = ?doc) }",
                        {"doc": DOC})
    assert table.columns == ("v",) and [str(r[0]) for r in table.rows] == ["1"]
    none = store.query("SELECT ?v WHERE { ?d <https://example.org/version> ?v FILTER(?d = ?doc) }",
                       {"doc": URIRef("https://example.org/nothing")})
    assert none.rows == []
    assert store.query("ASK { ?s ?p 3 }").boolean is True
    built = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert built.columns == ("subject", "predicate", "object") and len(built) == 3
    with pytest.raises(QueryError):
        store.query("SELECT WHERE {")


def test_inject_values_skips_comments_strings_and_construct_template():
    q = '# a { comment\nPREFIX x: <http://x/{}>\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?o != "{") }'
    out = inject_values(q, {"s": Value("uri", "http://x/a")})
    assert "WHERE { VALUES ?s { <http://x/a> } ?s ?p ?o" in out
    assert inject_values("SELECT * { ?a ?b ?c }", {"n": Literal(2)}).startswith(
        'SELECT * { VALUES ?n { "2"^^<http://www.w3.org/2001/XMLSchema#integer> }')


def test_update_and_rdflib_view():
    store = KnowledgeStore(None)
    store.load_graph(G1, doc_triples("1"))
    store.update(f"INSERT {{ GRAPH <{G3}> {{ ?d a <https://example.org/Doc> }} }} "
                 f"WHERE {{ GRAPH <{G1}> {{ ?d ?p ?o }} }}")
    assert str(G3) in store.graph_names()
    graph = store.dataset.graph(G1)
    assert (DOC, EX.version, Literal("1")) in graph
    assert len(store.union_graph()) == 4


def test_oxigraph_stores_derived_integer_types_as_xsd_integer():
    """Pinned limitation of Oxigraph 0.5: xsd:nonNegativeInteger/int/long come back as xsd:integer.

    So shapes must not demand derived integer datatypes of stored data (use xsd:integer
    with sh:minInclusive 0 instead); this test fails the day Oxigraph keeps them.
    """
    xsd = "http://www.w3.org/2001/XMLSchema#"
    store = KnowledgeStore(None)
    store.load_graph(G1, [(DOC, EX.end, Literal("136", datatype=URIRef(xsd + "nonNegativeInteger")))])
    (row,) = store.query("SELECT ?o WHERE { ?s ?p ?o }").rows
    assert row[0].datatype == xsd + "integer"
