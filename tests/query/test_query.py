"""The stored-query runner: header grammar, typed parameters, output formats."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import XSD

from ofsted_kg import QueryError
from ofsted_kg import find_query, load_queries, render, run_query
from ofsted_kg.query.catalogue import bind, parse_params, parse_query, parse_value
from ofsted_kg import KnowledgeStore

EX = Namespace("https://example.org/")


@pytest.fixture
def queries(fixtures_dir):
    return fixtures_dir / "queries"


@pytest.fixture
def store():
    s = KnowledgeStore(None)
    for n, (who, year) in enumerate([("westminster", 2011), ("westminster", 2019), ("surrey", 2015)]):
        ins = EX[f"inspection/{n}"]
        triples = [(ins, EX.of, EX[who]), (ins, EX.date, Literal(f"{year}-01-01", datatype=XSD.date))]
        s.load_graph(EX[f"graph/{n}"], triples)
    return s


def test_header_grammar(queries):
    listed = load_queries(queries)
    assert [q.name for q in listed] == ["count", "inspections-of"]
    q = listed[1]
    assert q.title == "Inspections of an authority" and q.question.startswith("When was")
    assert [(p.name, p.required, p.default) for p in q.params] == [("authority", True, None), ("since", False, "2000")]
    assert q.params[0].description == "the authority (IRI or prefixed name)"


def test_default_in_words_leaves_the_variable_unbound(store):
    q = parse_query("# param: who — an authority (default: every authority)\n"
                    "SELECT ?i WHERE { ?i <https://example.org/of> ?who }", "q")
    assert q.params[0].default_value is None and not q.params[0].required
    assert bind(q, {}) == {}
    assert len(run_query(store, q)) == 3
    assert len(run_query(store, q, {"who": "<https://example.org/surrey>"})) == 1


def test_typed_values():
    prefixes = {"ex": "https://example.org/"}
    assert parse_value("ex:westminster", prefixes) == EX.westminster
    assert parse_value("<https://x.org/a>") == URIRef("https://x.org/a")
    assert parse_value("https://x.org/a") == URIRef("https://x.org/a")
    assert parse_value("2019") == Literal(2019)
    assert parse_value("2019-01-17") == Literal("2019-01-17", datatype=XSD.date)
    assert parse_value('"2019"') == Literal("2019")
    assert parse_value("true") == Literal(True)
    assert parse_value("nope:thing", prefixes) == Literal("nope:thing")
    assert parse_value("Westminster") == Literal("Westminster")


def test_run_with_params_default_and_sorting(store, queries):
    q = find_query("inspections-of", queries)
    table = run_query(store, q, {"authority": "ex:westminster"})
    assert [r[0].value for r in table.rows] == [str(EX["inspection/0"]), str(EX["inspection/1"])]
    table = run_query(store, q, {"authority": "ex:westminster", "since": "2015"})
    assert [r[1].value for r in table.rows] == ["2019-01-01"]


def test_param_errors(queries):
    q = find_query("inspections-of", queries)
    with pytest.raises(QueryError, match="missing required parameter authority"):
        bind(q, {})
    with pytest.raises(QueryError, match="unknown parameter colour"):
        bind(q, {"authority": "ex:a", "colour": "red"})
    with pytest.raises(QueryError, match="NAME=VALUE"):
        parse_params(["oops"])
    with pytest.raises(QueryError, match="no stored query"):
        find_query("nothing-like-this", queries)
    with pytest.raises(QueryError, match="no such query file"):
        find_query("missing.rq", queries)
    with pytest.raises(QueryError, match="bad param"):
        parse_query("# param: 9bad\nSELECT * {}", "x")


def test_formats(store, queries):
    table = run_query(store, find_query("inspections-of", queries), {"authority": "ex:westminster"})
    doc = json.loads(render(table, "json"))
    assert doc["head"]["vars"] == ["inspection", "date"]
    date_cell = {"type": "literal", "value": "2011-01-01", "datatype": str(XSD.date)}
    assert doc["results"]["bindings"][0]["date"] == date_cell
    rows = list(csv.reader(io.StringIO(render(table, "csv"))))
    assert rows[0] == ["inspection", "date"] and rows[1][1] == "2011-01-01"
    tsv = render(table, "tsv").splitlines()
    assert tsv[0] == "?inspection\t?date" and tsv[1].endswith(f'"2011-01-01"^^<{XSD.date}>')
    text = render(table, "table")
    assert "2019-01-01" in text and "2 rows" in text
    assert render(table, "json") == render(table, "json")


def test_ask_and_stdin(store, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("ASK { ?s ?p ?o }"))
    q = find_query("-")
    table = run_query(store, q)
    assert json.loads(render(table, "json")) == {"head": {}, "boolean": True}
    assert render(table, "csv").strip() == "true"


def test_csv_and_tsv_cells_keep_no_line_breaks_but_json_keeps_the_whole_value():
    """Regression (issue 12): CSV quotes kept the PDF's line breaks."""
    s = KnowledgeStore(None)
    text = "Strengthen management \nso that there is\tsufficient capacity. "
    s.load_graph(EX["graph/0"], [(EX.finding, EX.text, Literal(text))])
    table = run_query(s, parse_query("SELECT ?text WHERE { ?f ?p ?text }", "q"))
    assert render(table, "csv") == "text\r\nStrengthen management so that there is sufficient capacity.\r\n"
    assert render(table, "tsv").splitlines()[1] == '"Strengthen management so that there is sufficient capacity."'
    assert json.loads(render(table, "json"))["results"]["bindings"][0]["text"]["value"] == text


def test_wide_tables_never_fold_an_iri_or_word_mid_way():
    """Regression (issue 12): wide tables folded IRIs mid-word; now CURIEs, wrapped at spaces."""
    from ofsted_kg.store.knowledge import ResultTable
    from ofsted_kg.store.terms import Value

    base = "https://w3id.org/ofsted-kg/"
    columns = tuple(f"column{n}" for n in range(8))
    rows = [tuple([Value("uri", f"{base}inspection/cheshire-west-and-chester/2024-07-15/finding/{n}")] * 4
                  + [Value("literal", "requires improvement to be good")] * 4) for n in range(3)]
    text = render(ResultTable(columns, rows), "table")
    words = {"inspection:cheshire-west-and-chester/2024-07-15/finding/1", "requires", "improvement"}
    assert words <= set(text.split())
    lines = text.splitlines()
    assert len({len(line) for line in lines if line.startswith("│")}) == 1
