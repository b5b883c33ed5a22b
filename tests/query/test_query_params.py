"""Issue 13: a parameter bound inside a query's sub-SELECTs (``inject_values``, so that Oxigraph
computes one authority's rows, not every authority's) gives exactly the rows of the unbound
query for that value, on the bundled build, for every stored query and every value."""

from __future__ import annotations

import pytest

from bundled import bundled_build_dir
from ofsted_kg.query.catalogue import load_queries, run_query
from ofsted_kg.store import KnowledgeStore
from ofsted_kg.store.knowledge import inject_values
from ofsted_kg.store.terms import Value

OKG = "https://w3id.org/ofsted-kg/ontology#"


@pytest.fixture(scope="module")
def store():
    with KnowledgeStore(bundled_build_dir() / "store", read_only=True) as opened:
        yield opened


def _values(store, sparql: str) -> list[str]:
    return [row[0].value for row in store.query(sparql).rows]


@pytest.mark.parametrize("param", ["authority", "theme"])
def test_a_bound_parameter_gives_the_unbound_rows_of_that_value(store, param):
    lists = {
        "authority": f"SELECT DISTINCT ?v WHERE {{ ?i <{OKG}inspectedAuthority> ?v }} ORDER BY ?v",
        "theme": "SELECT DISTINCT ?v WHERE { ?t <http://www.w3.org/ns/oa#hasBody> ?v } ORDER BY ?v",
    }
    values = _values(store, lists[param])
    assert len(values) >= 5
    checked = 0
    for query in load_queries():
        if param not in {p.name for p in query.params}:
            continue
        every = run_query(store, query, {})
        column = every.columns.index(param)
        for value in values:
            bound = run_query(store, query, {param: f"<{value}>"})
            expected = [row for row in every.rows if row[column] is not None and row[column].value == value]
            assert bound.rows == expected, (query.name, value)
            checked += len(expected)
    assert checked > 100  # the comparison saw real rows


def test_values_go_into_the_sub_selects_that_project_the_variable():
    text = ('SELECT ?a ?n WHERE { { SELECT ?a (COUNT(?x) AS ?n) WHERE { ?x <p> ?a } GROUP BY ?a }\n'
            '  { SELECT ?b (MAX(?a) AS ?m) WHERE { ?a <q> ?b } GROUP BY ?b }\n'
            '  OPTIONAL { SELECT * WHERE { ?a <r> "SELECT ?a { }" } } # SELECT ?a {\n}')
    out = inject_values(text, {"a": Value("uri", "http://x/a")})
    values = " VALUES ?a { <http://x/a> }"
    assert out.count(values) == 3
    assert out.startswith("SELECT ?a ?n WHERE {" + values)
    assert "WHERE {" + values + " ?x <p> ?a }" in out  # projected as it is
    assert "{ ?a <q> ?b }" in out  # ?a not projected: another variable there, left alone
    assert "SELECT * WHERE {" + values in out  # everything projected
    assert '"SELECT ?a { }" } } # SELECT ?a {\n}' in out  # strings and comments are not queries
