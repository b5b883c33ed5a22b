"""``ofsted-kg serve`` through an HTTP client: the W3C SPARQL 1.1 Protocol query tests that
apply to a read-only endpoint (https://w3c.github.io/rdf-tests/sparql/sparql11/protocol/),
refusals (updates, SERVICE), the time limit and row cap, and the HTML pages."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from bundled import bundled_build_dir
from hostile_queries import runaway
from ofsted_kg.query.runner import Limits
from ofsted_kg.serve import create_app
from ofsted_kg.serve.negotiate import best
from ofsted_kg.store import KnowledgeStore

EX = "http://example.org/"
G1, G2 = EX + "g1", EX + "g2"
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
SELECT_ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"


@pytest.fixture(scope="module")
def small_out(tmp_path_factory) -> Path:
    """Two named graphs: g1 holds a1 and a2, g2 holds b1."""
    out = tmp_path_factory.mktemp("out")
    with KnowledgeStore(out / "store") as store:
        p = ox.NamedNode(EX + "p")
        store.load_graph(G1, [(ox.NamedNode(EX + "a1"), p, ox.Literal("1")),
                              (ox.NamedNode(EX + "a2"), p, ox.Literal("2"))])
        store.load_graph(G2, [(ox.NamedNode(EX + "b1"), p, ox.Literal("3"))])
    return out


@pytest.fixture(scope="module")
def client(small_out):
    with TestClient(create_app(small_out, limits=Limits(timeout=20, max_rows=100), workers=1)) as c:
        yield c


def test_workers_holding_the_store_in_memory_answer_the_same(small_out, client):
    with TestClient(create_app(small_out, limits=Limits(timeout=20, max_rows=100), workers=1, memory=True)) as c:
        for query in (SELECT_ALL, "SELECT ?g ?s WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g ?s"):
            params = {"query": query}
            assert c.get("/sparql", params=params).json() == client.get("/sparql", params=params).json()


def subjects(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [b["s"]["value"] for b in response.json()["results"]["bindings"]]


# -- query operations -----------------------------------------------------------------------
def test_query_get(client):
    response = client.get("/sparql", params={"query": SELECT_ALL})
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert subjects(response) == [EX + "a1", EX + "a2", EX + "b1"]


def test_query_post_form(client):
    response = client.post("/sparql", content=f"query={SELECT_ALL}".replace(" ", "+").replace("?", "%3F"),
                           headers={"content-type": FORM})
    assert subjects(response) == [EX + "a1", EX + "a2", EX + "b1"]


def test_query_post_direct(client):
    response = client.post("/sparql", content=SELECT_ALL.encode(), headers={"content-type": f"{DIRECT}; charset=UTF-8"})
    assert subjects(response) == [EX + "a1", EX + "a2", EX + "b1"]


def test_dataset_default_graph(client):
    assert subjects(client.get("/sparql", params={"query": SELECT_ALL, "default-graph-uri": G2})) == [EX + "b1"]


def test_dataset_default_graphs_get_and_post(client):
    params = [("query", SELECT_ALL), ("default-graph-uri", G1), ("default-graph-uri", G2)]
    assert len(subjects(client.get("/sparql", params=params))) == 3
    response = client.post("/sparql", params=[("default-graph-uri", G2)], content=SELECT_ALL,
                           headers={"content-type": DIRECT})
    assert subjects(response) == [EX + "b1"]


def test_dataset_named_graphs(client):
    query = "SELECT ?s ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?s"
    response = client.get("/sparql", params=[("query", query), ("named-graph-uri", G1)])
    assert subjects(response) == [EX + "a1", EX + "a2"]
    form = f"query={query}&named-graph-uri={G2}".replace(" ", "+").replace("?", "%3F")
    response = client.post("/sparql", content=form, headers={"content-type": FORM})
    assert subjects(response) == [EX + "b1"]


def test_dataset_full_and_protocol_overrides_query_dataset(client):
    query = "SELECT ?s WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } ORDER BY ?s"
    params = [("query", query), ("default-graph-uri", G2), ("named-graph-uri", G1)]
    assert subjects(client.get("/sparql", params=params)) == [EX + "a1", EX + "a2", EX + "b1"]
    overridden = f"SELECT ?s FROM <{G1}> WHERE {{ ?s ?p ?o }}"
    assert subjects(client.get("/sparql", params={"query": overridden, "default-graph-uri": G2})) == [EX + "b1"]


@pytest.mark.parametrize(("accept", "media"), [
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
    ("*/*", "application/sparql-results+json"),
])
def test_content_type_select(client, accept, media):
    response = client.get("/sparql", params={"query": SELECT_ALL}, headers={"accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == media
    assert "Accept" in response.headers["vary"]
    if media.endswith("xml"):
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        assert len(ET.fromstring(response.content).findall(".//r:result", ns)) == 3
    elif media == "text/csv":
        assert list(csv.reader(io.StringIO(response.text)))[1][0] == EX + "a1"
    elif media.endswith("values"):
        assert response.text.splitlines()[0] == "?s\t?p\t?o"


def test_content_type_ask(client):
    for accept, check in [("application/sparql-results+json", lambda r: r.json() == {"head": {}, "boolean": True}),
                          ("application/sparql-results+xml", lambda r: b"<boolean>true</boolean>" in r.content)]:
        response = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"accept": accept})
        assert response.status_code == 200 and check(response)


@pytest.mark.parametrize("form", ["DESCRIBE <http://example.org/a1>", "CONSTRUCT WHERE { ?s ?p ?o }"])
@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", ox.RdfFormat.TURTLE),
                                             ("application/ld+json", ox.RdfFormat.JSON_LD),
                                             ("application/n-triples", ox.RdfFormat.N_TRIPLES),
                                             ("application/rdf+xml", ox.RdfFormat.RDF_XML)])
def test_content_type_construct_and_describe(client, form, accept, fmt):
    response = client.get("/sparql", params={"query": form}, headers={"accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    triples = [q.triple for q in ox.parse(response.content, format=fmt)]
    assert ox.Triple(ox.NamedNode(EX + "a1"), ox.NamedNode(EX + "p"), ox.Literal("1")) in triples


def test_format_parameter_and_unacceptable_type(client):
    response = client.get("/sparql", params={"query": SELECT_ALL, "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert client.get("/sparql", params={"query": SELECT_ALL}, headers={"accept": "image/png"}).status_code == 406
    assert client.get("/sparql", params={"query": SELECT_ALL, "format": "turtle"}).status_code == 406


# -- bad requests ---------------------------------------------------------------------------------
def test_bad_query_method(client):
    assert client.put("/sparql", params={"query": SELECT_ALL}).status_code == 405
    assert client.delete("/sparql").status_code == 405


def test_bad_multiple_queries(client):
    response = client.get("/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")])
    assert response.status_code == 400 and "more than one query" in response.text
    both = client.post("/sparql", params={"query": "ASK {}"}, content="ASK {}", headers={"content-type": DIRECT})
    assert both.status_code == 400


def test_bad_query_wrong_and_missing_media_type(client):
    assert client.post("/sparql", content="ASK {}", headers={"content-type": "text/plain"}).status_code == 415
    assert client.post("/sparql", content="query=ASK%20%7B%7D", headers={"content-type": ""}).status_code == 415


def test_bad_missing_query(client):
    assert client.get("/sparql", headers={"accept": "application/sparql-results+json"}).status_code == 400
    assert client.post("/sparql", content="", headers={"content-type": FORM}).status_code == 400


def test_bad_query_non_utf8(client):
    latin1 = "ASK { ?s ?p \"caf\xe9\" }".encode("latin-1")
    assert client.post("/sparql", content=latin1, headers={"content-type": DIRECT}).status_code == 400
    assert client.get("/sparql?query=ASK%20%7B%20%22caf%E9%22%20%7D").status_code == 400


def test_bad_query_syntax(client):
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400 and "syntax" in response.text.lower()


# -- refusals and limits ------------------------------------------------------------------------
@pytest.mark.parametrize("how", ["update-param", "update-body", "update-in-query"])
def test_updates_are_refused_and_change_nothing(client, how):
    update = f"INSERT DATA {{ GRAPH <{G1}> {{ <{EX}x> <{EX}p> \"new\" }} }}"
    if how == "update-param":
        response = client.post("/sparql", content=f"update={update}", headers={"content-type": FORM})
    elif how == "update-body":
        response = client.post("/sparql", content=update, headers={"content-type": "application/sparql-update"})
    else:
        response = client.get("/sparql", params={"query": update})
    assert response.status_code == 403 and "read-only" in response.text
    assert client.get("/sparql", params={"query": f"ASK {{ <{EX}x> ?p ?o }}"}).json()["boolean"] is False


def test_service_is_refused_and_nothing_is_requested(client, remote):
    url, seen = remote
    response = client.get("/sparql", params={"query": f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"})
    assert response.status_code == 403 and "SERVICE is not allowed" in response.text
    assert seen == []


def test_deep_nesting_is_refused(client):
    response = client.get("/sparql", params={"query": "SELECT * WHERE " + "{" * 3000 + "}" * 3000})
    assert response.status_code == 400 and "nests" in response.text


def test_runaway_query_times_out_and_the_endpoint_still_answers(small_out):
    with TestClient(create_app(small_out, limits=Limits(timeout=1, max_rows=100), workers=1)) as c:
        response = c.post("/sparql", content=runaway(), headers={"content-type": DIRECT})
        assert response.status_code == 503 and "stopped after 1 s" in response.text
        assert subjects(c.get("/sparql", params={"query": SELECT_ALL})) == [EX + "a1", EX + "a2", EX + "b1"]


def test_row_cap_is_announced(client):
    query = "SELECT ?a ?b WHERE { VALUES ?a { 1 2 3 4 5 6 7 8 9 10 11 } VALUES ?b { 1 2 3 4 5 6 7 8 9 10 } }"
    response = client.get("/sparql", params={"query": query})
    assert len(response.json()["results"]["bindings"]) == 100
    assert response.headers["ofsted-kg-truncated"] == "100"
    small = client.get("/sparql", params={"query": SELECT_ALL})
    assert "ofsted-kg-truncated" not in small.headers


def test_negotiation():
    assert best(["a/x", "b/y"], "b/y, a/x;q=0.5") == "b/y"
    assert best(["a/x", "b/y"], "*/*") == "a/x"
    assert best(["a/x", "b/y"], "b/*;q=0.9, a/x;q=0.1") == "b/y"
    assert best(["a/x"], "a/x;q=0") is None
    assert best(["text/html", "text/turtle"], "text/html,application/xhtml+xml,*/*;q=0.8") == "text/html"


# -- pages on the bundled build -----------------------------------------------------------------
@pytest.fixture(scope="module")
def site():
    with TestClient(create_app(bundled_build_dir(), workers=1)) as c:
        yield c


HTML = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def test_index_lists_authorities_themes_and_pictures(site):
    page = site.get("/", headers=HTML)
    assert page.status_code == 200 and "Content-Security-Policy" in page.headers
    for text in ('href="/authority/westminster"', 'href="/theme/supervision"', 'src="/pictures/theme-network.png"',
                 'action="/search"'):
        assert text in page.text
    assert site.get("/pictures/theme-network.png").headers["content-type"] == "image/png"


def test_an_authoritys_timeline_is_drawn_when_asked_for(site):
    png = site.get("/timeline/authority/westminster.png")
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG") and len(png.content) > 10_000
    assert site.get("/timeline/authority/westminster.png").content == png.content  # kept, same bytes
    svg = site.get("/timeline/authority/westminster.svg")
    assert svg.headers["content-type"] == "image/svg+xml" and b"<svg" in svg.content[:500]
    assert site.get("/timeline/authority/nowhere.png").status_code == 404
    assert site.get("/timeline/authority/westminster.gif").status_code == 404


def test_authority_page_shows_series_grades_findings_quotes_and_persistence(site):
    page = site.get("/authority/westminster", headers=HTML)
    assert page.status_code == 200
    text = page.text
    assert "<h1>Westminster</h1>" in text and "E09000033" in text
    assert re.search(r'href="/inspection/westminster/\d{4}-\d{2}-\d{2}"', text)
    assert "outstanding" in text.lower() and "<blockquote>" in text
    assert "Persisting issues" in text and 'src="/timeline/authority/westminster.png"' in text
    findings = site.get("/sparql", params={"query": """PREFIX okg: <https://w3id.org/ofsted-kg/ontology#>
        SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE {
          ?i okg:inspectedAuthority <https://w3id.org/ofsted-kg/authority/westminster> ; okg:hasFinding ?f }"""})
    findings = findings.json()["results"]["bindings"][0]["n"]["value"]
    assert text.count("<blockquote>") >= int(findings)


def test_entity_content_negotiation(site):
    turtle = site.get("/authority/westminster", headers={"accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
    graph = [q.triple for q in ox.parse(turtle.content, format=ox.RdfFormat.TURTLE)]
    westminster = ox.NamedNode("https://w3id.org/ofsted-kg/authority/westminster")
    assert any(t.subject == westminster for t in graph)
    jsonld = site.get("/theme/supervision", headers={"accept": "application/ld+json"})
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    assert any(node.get("@id") == "https://w3id.org/ofsted-kg/theme/supervision" for node in json.loads(jsonld.text))
    theme = site.get("/theme/supervision", headers=HTML)
    assert theme.status_code == 200 and "<h1>Supervision</h1>" in theme.text and "<blockquote>" in theme.text
    inspection = site.get("/inspection/westminster/2019-09-09", headers=HTML)
    assert inspection.status_code == 200 and 'href="/authority/westminster"' in inspection.text
    assert site.get("/authority/nowhere", headers=HTML).status_code == 404


def test_search(site):
    one = site.get("/search", params={"q": "westMIN"}, headers=HTML, follow_redirects=False)
    assert one.status_code == 303 and one.headers["location"] == "/authority/westminster"
    many = site.get("/search", params={"q": "shire"}, headers=HTML)
    assert many.status_code == 200 and "Worcestershire" in many.text
    none = site.get("/search", params={"q": "\"}<script>"}, headers=HTML)
    assert none.status_code == 200 and "<script>" not in none.text
