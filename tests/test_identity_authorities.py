"""One identity per authority across reorganisations (issue 10).

Every case below is generated from the reference table (data/reference/local-authorities.csv):
each former authority, each authority created after April 2009, and each pair of authorities
whose area is the same across a reorganisation. Nothing is listed by hand, so a row added to
the table is tested too.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date, timedelta

import pytest
from rdflib import RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, SKOS

from ofsted_kg.convert import convert_reference
from ofsted_kg import AuthorityRef, ParsedDocument
from ofsted_kg.model import KIND_REPORT
from ofsted_kg import load_authorities, reconcile
from ofsted_kg.reference import continues, predecessors, successors
from ofsted_kg import OKG
from ofsted_kg.namespaces import DEFAULT_BASE

FORMER = [a for a in load_authorities() if a.end_date]
CREATED = [a for a in load_authorities() if a.start_date]
SAME_AREA = [(continues(a), a) for a in load_authorities() if continues(a) is not None]
PAIRS = [(before, after) for before in FORMER for after in successors(before)]


def _uri(authority) -> URIRef:
    return URIRef(f"{DEFAULT_BASE}authority/{authority.slug}")


@pytest.fixture(scope="module")
def reference() -> Graph:
    graph = Graph()
    for triple in convert_reference():
        graph.add(triple)
    return graph


def test_the_table_has_reorganisations():
    assert FORMER and PAIRS and SAME_AREA  # guards the generated cases below against emptiness


@pytest.mark.parametrize("former", FORMER, ids=lambda a: a.slug)
def test_every_former_authority_has_successors_from_the_next_day(former):
    after = successors(former)
    assert after, f"{former.label}: no successor_gss_codes"
    for new in after:
        assert new.start_date == former.end_date + timedelta(days=1), (former.label, new.label)
        assert new.region == former.region
        assert former in predecessors(new)


@pytest.mark.parametrize("created", CREATED, ids=lambda a: a.slug)
def test_every_new_authority_has_a_predecessor_or_keeps_its_former_code(created):
    # the 2009 county-to-unitary councils (Cornwall, Durham...) are one row with the county's
    # former GSS code; every other new authority took over from rows of the table
    assert predecessors(created) or created.other_gss_codes, created.label


@pytest.mark.parametrize(("before", "after"), PAIRS, ids=lambda a: a.slug)
def test_reorganisation_is_an_org_change_event(reference, before, after):
    old, new = _uri(before), _uri(after)
    assert (new, DCTERMS.replaces, old) in reference
    assert (old, DCTERMS.isReplacedBy, new) in reference
    events = set(reference.objects(old, ORG.changedBy))
    assert len(events) == 1
    event = events.pop()
    assert (event, ORG.originalOrganization, old) in reference
    assert (event, ORG.resultingOrganization, new) in reference
    assert (new, ORG.resultedFrom, event) in reference
    day = after.start_date.isoformat()
    assert str(reference.value(event, DCTERMS.date)) == day
    assert before.label in str(reference.value(event, RDFS.label))


@pytest.mark.parametrize(("before", "after"), PAIRS, ids=lambda a: a.slug)
def test_same_area_only_for_a_one_to_one_reorganisation(reference, before, after):
    one_to_one = successors(before) == (after,) and predecessors(after) == (before,)
    assert ((_uri(after), OKG.continues, _uri(before)) in reference) == one_to_one


def test_no_two_authorities_share_a_label(reference):
    labels = Counter(str(o) for s, o in reference.subject_objects(SKOS.prefLabel) if "/authority/" in str(s))
    assert [label for label, n in labels.items() if n > 1] == []


@pytest.mark.parametrize("former", FORMER, ids=lambda a: a.slug)
def test_former_authority_is_labelled_with_its_own_name_and_dates(reference, former):
    label = str(reference.value(_uri(former), SKOS.prefLabel))
    assert label.startswith(former.council_name) and str(former.end_date.year) in label
    assert Literal(former.name) in set(reference.objects(_uri(former), SKOS.altLabel)) or label == former.name


# --- reconciliation of name variants -----------------------------------------------------


@pytest.mark.parametrize(
    ("written", "gss"),
    [
        ("East Riding", "E06000011"),  # a short form: the only area whose name begins so
        ("East Riding Council", "E06000011"),
        ("Redcar", "E06000003"),
        ("Saint Helens", "E08000013"),
        ("Newcastle-upon-Tyne City Council", "E08000021"),
        ("Stockton on Tees Borough Council", "E06000004"),
    ],
)
def test_name_variants_reconcile(written, gss):
    assert reconcile(written, date(2016, 1, 1)).gss_code == gss


@pytest.mark.parametrize("written", ["Kingston", "North", "West", "Central", "Borsetshire"])
def test_ambiguous_or_unknown_short_forms_do_not_reconcile(written):
    assert reconcile(written, date(2016, 1, 1)) is None


# --- series across a reorganisation ---------------------------------------------------------


def _report(authority, when: date) -> ParsedDocument:
    written = authority.council_name
    found = reconcile(written, when)
    assert found == authority, (written, when, found)
    return ParsedDocument(
        source=f"reports/{authority.slug}-{when}.pdf",
        sha256=hashlib.sha256(f"{authority.slug}{when}".encode()).hexdigest(),
        kind=KIND_REPORT, text="synthetic", framework="ILACS",
        authority=AuthorityRef(found.name, found.gss_code, found.dfe_code, written),
        document_date=when, inspection_start=when, inspection_end=when,
    )


def _documents_around(before, after) -> list[ParsedDocument]:
    """Two inspections of the former council, two of its successor."""
    end, start = before.end_date, after.start_date
    return [_report(before, end - timedelta(days=d)) for d in (900, 100)] + [
        _report(after, start + timedelta(days=d)) for d in (200, 800)
    ]


@pytest.fixture(scope="module")
def reorganised_series():
    from kg_fixtures import build_dataset

    documents = [doc for before, after in PAIRS for doc in _documents_around(before, after)]
    return build_dataset(documents=documents, recurrence=False)


def _links(dataset) -> set[tuple[str, str]]:
    rows = dataset.query(
        "PREFIX okg: <https://w3id.org/ofsted-kg/ontology#> SELECT ?l ?e WHERE { ?l okg:previousInspection ?e }"
    )
    return {(str(r[0]), str(r[1])) for r in rows}


def _inspection(authority, when: date) -> str:
    return f"{DEFAULT_BASE}inspection/{authority.slug}/{when.isoformat()}"


@pytest.mark.parametrize(("before", "after"), PAIRS, ids=lambda a: a.slug)
def test_series_continues_across_a_reorganisation_only_where_the_area_is_the_same(
    reorganised_series, before, after
):
    links = _links(reorganised_series)
    last_before = _inspection(before, before.end_date - timedelta(days=100))
    first_after = _inspection(after, after.start_date + timedelta(days=200))
    linked = (first_after, last_before) in links
    assert linked if (before, after) in SAME_AREA else not linked
    # within each council the series is as before
    assert (last_before, _inspection(before, before.end_date - timedelta(days=900))) in links
    assert (_inspection(after, after.start_date + timedelta(days=800)), first_after) in links


def test_series_scratch_graph_is_dropped(reorganised_series):
    rows = reorganised_series.query(
        "PREFIX okg: <https://w3id.org/ofsted-kg/ontology#> ASK { ?i okg:seriesKey ?k }"
    )
    assert not rows.askAnswer
