"""The union graph: the store's default graph holds the distinct union of its named graphs,
kept by every write (added graphs add their triples; dropped or replaced graphs remove the
triples no other named graph still holds), and queries read it."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, Namespace

from ofsted_kg import KnowledgeStore

EX = Namespace("https://example.org/")
G1, G2, G3, REF = (EX[f"graph/document/{n}"] for n in ("aaa", "bbb", "ccc", "ref"))
SHARED = (EX.westminster, EX.label, Literal("Westminster"))  # what every document repeats


def doc(name: str, *extra: tuple) -> list[tuple]:
    return [SHARED, (EX[name], EX.about, EX.westminster), (EX[name], EX.title, Literal(name)), *extra]


def default_graph(store: KnowledgeStore) -> set:
    return {q.triple for q in store.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph())}


def named_union(store: KnowledgeStore) -> set:
    return {q.triple for q in store.oxigraph if not isinstance(q.graph_name, ox.DefaultGraph)}


def triple(s, p, o) -> ox.Triple:
    from ofsted_kg.store.terms import to_ox

    return ox.Triple(to_ox(s), to_ox(p), to_ox(o))


def test_the_default_graph_is_the_distinct_union_after_every_write():
    with KnowledgeStore(None) as store:
        store.load_graph(G1, doc("a"))
        store.load_graph(G2, doc("b"))
        store.replace_graph(REF, [SHARED, (EX.westminster, EX.code, Literal("E09000033"))])
        assert default_graph(store) == named_union(store)
        assert len(default_graph(store)) == 6  # the shared label once
        assert store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0].value == "6"


def test_a_changed_document_removes_its_own_triples_and_keeps_shared_ones():
    with KnowledgeStore(None) as store:
        store.load_graph(G1, doc("a", (EX.a, EX.note, Literal("only in a"))))
        store.load_graph(G2, doc("b"))
        assert store.load_graph(G3, doc("a2"), replaces=[G1]) == "replaced"
        union = default_graph(store)
        assert union == named_union(store)
        assert triple(EX.a, EX.note, Literal("only in a")) not in union  # the replaced document's own triple
        assert triple(*SHARED) in union  # still held by the other documents
        store.drop_graphs([G2, G3])
        assert default_graph(store) == named_union(store) == set()


def test_a_triple_held_only_by_the_dropped_graphs_goes_even_when_they_share_it():
    with KnowledgeStore(None) as store:
        store.load_graph(G1, doc("a"))
        store.load_graph(G2, doc("b"))
        store.replace_graph(REF, [(EX.other, EX.p, EX.o)])
        store.drop_graphs([G1, G2])
        assert default_graph(store) == named_union(store) == {triple(EX.other, EX.p, EX.o)}


def test_replace_graph_and_updates_keep_the_union():
    with KnowledgeStore(None) as store:
        store.load_graph(G1, doc("a"))
        store.replace_graph(REF, [SHARED, (EX.x, EX.p, Literal(1))])
        store.replace_graph(REF, [(EX.x, EX.p, Literal(2))])
        assert default_graph(store) == named_union(store)
        assert triple(EX.x, EX.p, Literal(1)) not in default_graph(store)
        assert triple(*SHARED) in default_graph(store)  # still in G1
        rule = (f"PREFIX ex: <{EX}>\n# a rule with a prologue and a trailing semicolon\n"
                f"DROP SILENT GRAPH <{G3}> ;\n"
                f"INSERT {{ GRAPH <{G3}> {{ ?s ex:seen true }} }} WHERE {{ GRAPH ?g {{ ?s ex:title ?t }} }} ;\n")
        store.update(rule, graphs=[G3])
        assert triple(EX.a, EX.seen, Literal(True)) in default_graph(store)
        store.update(f"DROP GRAPH <{G3}>", graphs=[G3])
        assert default_graph(store) == named_union(store)
        # the graphs written not said: the union graph is made again from all of them
        store.update(f"INSERT DATA {{ GRAPH <{G2}> {{ <{EX.y}> <{EX.p}> <{EX.z}> }} }}")
        assert default_graph(store) == named_union(store)


def test_blank_nodes_are_the_same_terms_in_the_union_graph():
    node = BNode()
    with KnowledgeStore(None) as store:
        store.load_graph(G1, [(EX.a, EX.has, node), (node, EX.value, Literal("v"))])
        store.replace_graph(REF, [(EX.b, EX.has, node), (node, EX.size, Literal(3))])
        assert default_graph(store) == named_union(store)
        rows = store.query(f"SELECT ?v WHERE {{ <{EX.a}> <{EX.has}> ?n . ?n <{EX.value}> ?v }}").rows
        assert [r[0].value for r in rows] == ["v"]


def test_graph_patterns_still_see_each_named_graph_and_union_false_has_an_empty_default():
    with KnowledgeStore(None) as store:
        store.load_graph(G1, doc("a"))
        store.load_graph(G2, doc("b"))
        shared = f"<{SHARED[0]}> <{SHARED[1]}> ?o"
        graphs = store.query(f"SELECT ?g WHERE {{ GRAPH ?g {{ {shared} }} }}").sorted().rows
        assert [r[0].value for r in graphs] == [str(G1), str(G2)]
        assert len(store.query(f"SELECT ?o WHERE {{ {shared} }}").rows) == 1
        assert store.query(f"SELECT ?o WHERE {{ {shared} }}", union=False).rows == []
        assert len(store.query(f"SELECT ?o WHERE {{ {shared} }}", default_graphs=[str(G1)]).rows) == 1


def test_a_store_written_before_the_union_graph_is_read_as_the_union_and_filled_by_its_next_write(tmp_path):
    path = tmp_path / "store"
    old = ox.Store(str(path))  # as an earlier version wrote it: named graphs only
    for name, triples in ((G1, doc("a")), (G2, doc("b"))):
        old.extend(ox.Quad(*triple(*t), ox.NamedNode(str(name))) for t in triples)
    del old
    with KnowledgeStore(path, read_only=True) as store:
        assert not store.has_union_graph()
        assert store.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT * { ?s ?p ?o } }").rows[0][0].value == "5"
        assert store.triple_count() == 5 and len(store.union_triples()) == 5
    with KnowledgeStore(path) as store:
        store.drop_graphs([G2])
        assert store.has_union_graph()
        assert default_graph(store) == named_union(store)
        assert store.quad_count() == 3 and store.triple_count() == 3
