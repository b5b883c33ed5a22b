"""One identity per authority and per person in the build of the bundled data (issue 10)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from bundled import bundled_build_dir
from ofsted_kg.reference import person_key
from ofsted_kg.store import KnowledgeStore

PREFIXES = """PREFIX okg: <https://w3id.org/ofsted-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX org: <http://www.w3.org/ns/org#>
"""


@pytest.fixture(scope="module")
def store():
    with KnowledgeStore(bundled_build_dir() / "store", read_only=True) as opened:
        yield opened


def _pairs(store, sparql: str) -> list[tuple[str, str]]:
    table = store.query(PREFIXES + sparql)
    return [tuple(v.value for v in row) for row in table.rows]


def test_no_two_authorities_share_a_label(store):
    rows = _pairs(store, "SELECT DISTINCT ?a ?label WHERE { ?a a okg:LocalAuthority ; skos:prefLabel ?label }")
    by_label = defaultdict(set)
    for authority, label in rows:
        by_label[label.casefold()].add(authority)
    assert len(rows) >= 163
    assert {label: iris for label, iris in by_label.items() if len(iris) > 1} == {}


def test_every_inspected_authority_is_reconciled(store):
    rows = _pairs(store, "SELECT DISTINCT ?a ?g WHERE { ?i okg:inspectedAuthority ?a . "
                         "OPTIONAL { ?a okg:gssCode ?g } }")
    assert rows and all(gss for _, gss in rows), rows


def test_no_two_people_share_a_name_key(store):
    rows = _pairs(store, "SELECT DISTINCT ?p ?name WHERE { ?p a foaf:Person ; foaf:name ?name }")
    by_key = defaultdict(set)
    for person, name in rows:
        by_key[person_key(name)].add(person)
    assert rows
    assert {key: iris for key, iris in by_key.items() if len(iris) > 1} == {}


def test_reorganisations_are_in_the_store(store):
    rows = _pairs(store, "SELECT ?e ?old WHERE { ?e a org:ChangeEvent ; org:originalOrganization ?old }")
    assert len({e for e, _ in rows}) >= 8 and len(rows) >= 10
