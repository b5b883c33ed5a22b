"""Exports: deterministic bytes, isomorphic round trips, JSON-LD, VoID, atomic writes."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from ofsted_kg import atomic_write
from ofsted_kg.store.atomic import atomic_open
from ofsted_kg import export_store as export, serialize, write_triples, write_void
from ofsted_kg.export import FORMATS
from ofsted_kg.export.jsonld import context
from ofsted_kg import KnowledgeStore
from ofsted_kg.store.terms import from_ox

BASE = "https://w3id.org/ofsted-kg/"
OKG = Namespace("https://w3id.org/ofsted-kg/ontology#")
A = URIRef(BASE + "authority/westminster")


def fill(store: KnowledgeStore, shuffle: bool = False) -> None:
    for n in (range(3) if not shuffle else reversed(range(3))):
        ins = URIRef(f"{BASE}inspection/westminster/201{n}-01-01")
        span = BNode()  # evidence spans may be blank nodes: labels must still be stable
        triples = [
            (ins, OKG.inspects, A),
            (
                ins,
                OKG.date,
                Literal(f"201{n}-01-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")),
            ),
            (ins, OKG.evidence, span),
            (span, OKG.start, Literal(n)),
            (span, OKG.text, Literal('café "quoted"\nline', lang="en")),
            (A, OKG.name, Literal("Westminster")),
        ]
        store.load_graph(
            URIRef(f"{BASE}graph/document/{n:064d}"), triples if not shuffle else triples[::-1]
        )


@pytest.fixture
def store():
    with KnowledgeStore(None) as s:
        fill(s)
        yield s


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_exports_are_byte_identical_across_independent_builds(fmt):
    first, second = KnowledgeStore(None), KnowledgeStore(None)
    fill(first)
    fill(second, shuffle=True)
    assert serialize(first, fmt) == serialize(second, fmt)


def test_turtle_round_trip_is_isomorphic_to_union(store):
    data = serialize(store, "turtle")
    assert data.startswith(b"@prefix")
    parsed = Graph().parse(data=data, format="turtle")
    union = Graph()
    for t in store.union_triples():
        union.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    assert isomorphic(parsed, union)
    assert len(parsed) == store.triple_count() == 16  # the authority name is shared


def test_nquads_trig_keep_named_graphs(store):
    for fmt, rdflib_fmt in (("nquads", "nquads"), ("trig", "trig")):
        ds = Dataset().parse(data=serialize(store, fmt), format=rdflib_fmt)
        names = sorted(str(g.identifier) for g in ds.graphs() if len(g))
        assert names == store.graph_names()
    lines = serialize(store, "nquads").decode().splitlines()
    assert lines == sorted(lines, key=lambda line: line.rsplit(" ", 2)[-2]) and len(lines) == 18


def test_jsonld_round_trip(store):
    data = serialize(store, "jsonld")
    doc = json.loads(data)
    assert doc["@context"]["okg"] == str(OKG) and doc["@context"] == context()["@context"]
    back = ox.Store()
    back.load(data, format=ox.RdfFormat.JSON_LD)
    again = KnowledgeStore(None)
    again.oxigraph.extend(back)
    assert serialize(again, "nquads") == serialize(store, "nquads")


def test_void_counts_licence_and_data_date(store, tmp_path):
    write_void(store, tmp_path / "void.ttl", dumps=("graph.ttl",))
    text = (tmp_path / "void.ttl").read_text()
    g = Graph().parse(data=text, format="turtle")
    ds = URIRef(BASE + "dataset")
    assert (
        ds,
        URIRef("http://purl.org/dc/terms/license"),
        URIRef("http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"),
    ) in g
    assert int(g.value(ds, URIRef("http://rdfs.org/ns/void#triples"))) == 16
    assert int(g.value(ds, URIRef("http://rdfs.org/ns/void#documents"))) == 3
    assert str(g.value(ds, URIRef("http://purl.org/dc/terms/modified"))) == "2012-01-01"
    write_void(store, tmp_path / "void2.ttl", dumps=("graph.ttl",))
    assert (tmp_path / "void2.ttl").read_bytes() == text.encode()


def test_export_file_and_report_triples(store, tmp_path):
    export(store, "turtle", tmp_path / "out" / "graph.ttl")
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == serialize(store, "turtle")
    report = Graph()
    r = BNode()
    report.add((r, URIRef("http://www.w3.org/ns/shacl#conforms"), Literal(True)))
    write_triples(report, tmp_path / "report.ttl")
    assert "sh:conforms true" in (tmp_path / "report.ttl").read_text()


def test_atomic_write_keeps_old_file_on_failure(tmp_path):
    target = tmp_path / "f.txt"
    atomic_write(target, "old")
    with pytest.raises(RuntimeError):
        with atomic_open(target) as handle:
            handle.write(b"half")
            raise RuntimeError("crash")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]


def test_export_writes_the_deterministic_bytes_and_rejects_unknown_formats(store, tmp_path):
    export(store, "trig", tmp_path / "all.trig")
    assert (tmp_path / "all.trig").read_bytes() == serialize(store, "trig")
    with pytest.raises(ValueError, match="unknown export format"):
        export(store, "rdfxml", tmp_path / "x.rdf")


def test_export_uses_the_base_recorded_in_the_store(tmp_path):
    base = "http://example.org/kg/"
    with KnowledgeStore(tmp_path / "s") as store:
        store.record_base(base)
        store.replace_graph(
            f"{base}graph/reference", [(URIRef(f"{base}authority/x"), OKG.name, Literal("X"))]
        )
    with KnowledgeStore(tmp_path / "s", read_only=True) as store:
        assert store.base == base and store.uris.reference_graph == URIRef(f"{base}graph/reference")
        text = serialize(store, "turtle").decode()
    assert f"@prefix authority: <{base}authority/> ." in text and "authority:x" in text
    with KnowledgeStore(None) as memory:
        assert memory.base == BASE  # nothing recorded: the default base


@pytest.mark.parametrize("fmt", ["turtle", "nt"])
def test_streamed_union_export_equals_the_whole_graph_canonical_form(fmt, monkeypatch):
    """graph.ttl/nt are streamed a batch of graphs at a time through sorted runs on disk: the bytes
    must be those of sorting and relabelling the whole union at once, whatever the batch size, with
    triples shared between graphs written once and a blank node used in two graphs labelled once."""
    from ofsted_kg.export import exporter, stream

    store = KnowledgeStore(None)
    fill(store)
    shared = ox.BlankNode("shared")
    for n in range(5):  # more graphs than a batch of 2; the same blank node in every one
        graph = ox.NamedNode(f"{BASE}graph/extra/{n}")
        store.oxigraph.extend([ox.Quad(ox.NamedNode(f"{BASE}x/{n % 2}"), ox.NamedNode(str(OKG.about)), shared, graph),
                               ox.Quad(shared, ox.NamedNode(str(OKG.label)), ox.Literal("same"), graph),
                               ox.Quad(ox.NamedNode(f"{BASE}x/{n}/a"), ox.NamedNode(str(OKG.p)), ox.Literal(n), graph)])
    whole = exporter(fmt).serialize(store.quads(), BASE)
    for batch in (1, 2, 64):
        monkeypatch.setattr(stream, "BATCH", batch)
        assert serialize(store, fmt) == whole
    assert whole.count(b"\"same\"") == 1 and whole.count(b"x/0/a") == 1


def test_streamed_export_counts_the_union_triples(store, tmp_path):
    assert export(store, "turtle", tmp_path / "g.ttl") == store.triple_count() == 16
    assert export(store, "nt", tmp_path / "g.nt") == 16 == len((tmp_path / "g.nt").read_bytes().splitlines())


def test_void_graph_sizes_are_the_statements_of_each_graph(store):
    from ofsted_kg.export.void import graph_sizes

    assert graph_sizes(store) == {g: sum(1 for _ in store.quads(g)) for g in store.graph_names()}


def test_graph_runs_are_reused_forgotten_and_dumped_again_when_cut_short(tmp_path):
    """The build keeps each document graph's sorted lines (``.cache/graphs``): reusing them gives
    the same bytes; runs of graphs no longer in the store are deleted; a damaged run is redone;
    a graph with blank nodes is not kept (its labels depend on the whole union)."""
    from ofsted_kg.export.stream import GraphRuns

    store = KnowledgeStore(None)
    fill(store)  # three document graphs with blank nodes
    for n in range(3):
        store.load_graph(URIRef(f"{BASE}graph/document/plain{n}"),
                         [(A, OKG.name, Literal("Westminster")), (URIRef(f"{BASE}x/{n}"), OKG.n, Literal(n))])
    whole = serialize(store, "turtle")
    runs = GraphRuns(tmp_path / "runs", BASE + "graph/document/")
    sizes: dict[str, int] = {}
    assert export(store, "turtle", tmp_path / "a.ttl", runs=runs, sizes=sizes) == store.triple_count() == 19
    kept = sorted((tmp_path / "runs").iterdir())
    assert len(kept) == 3 and (tmp_path / "a.ttl").read_bytes() == whole
    assert sizes == {g: sum(1 for _ in store.quads(g)) for g in store.graph_names()}
    kept[0].write_bytes(kept[0].read_bytes()[:-7])  # cut short
    assert export(store, "turtle", tmp_path / "b.ttl", runs=runs) == 19
    assert (tmp_path / "b.ttl").read_bytes() == whole
    store.drop_graphs([f"{BASE}graph/document/plain0"])
    export(store, "turtle", tmp_path / "c.ttl", runs=runs)
    assert len(list((tmp_path / "runs").iterdir())) == 2
    assert (tmp_path / "c.ttl").read_bytes() == serialize(store, "turtle")
