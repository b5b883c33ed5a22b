"""Stored queries and inference rules on the fixture data, on Oxigraph and on rdflib's engine."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

import pytest
from rdflib import Literal, URIRef

import kg_fixtures as fx
from ofsted_kg import DEFAULT_BASE, Uris
from ofsted_kg import inference_updates
from ofsted_kg.query.catalogue import bind, find_query
from ofsted_kg.resources import queries_dir

QUERIES = sorted(queries_dir().glob("*.rq"))
NAMES = [q.stem for q in QUERIES]
KG = DEFAULT_BASE
WESTMINSTER = URIRef(f"{KG}authority/westminster")
INSP = f"{KG}inspection/westminster/"
DOC = f"{KG}document/westminster/"  # findings are named under the document stating them
THEME = "https://w3id.org/ofsted-kg/theme/"
GRADE = "https://w3id.org/ofsted-kg/grade/"


@cache
def dataset(store: str):
    return fx.build_dataset(store)


def _value(term):
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return float(value) if isinstance(value, Decimal) else (str(value) if isinstance(value, str) else value)
    return str(term)


def run(name: str, store: str = "Oxigraph", **params) -> list[dict]:
    """Rows of a stored query, its parameters bound as ``ofsted-kg query`` binds them (defaults too)."""
    query = find_query(name)
    result = dataset(store).query(query.text, initBindings=bind(query, params))
    return [{str(var): _value(row[var]) for var in result.vars} for row in result]


def test_required_queries_exist():
    required = {"persisted-areas", "resolved-areas", "authority-findings", "findings-by-theme",
                "priority-actions", "themes-by-year", "themes-by-region", "inspectors", "authority-people",
                "grade-history", "grade-changes", "recurring-improvements", "latest-inspections"}
    assert required <= set(NAMES)


@pytest.mark.parametrize("path", QUERIES, ids=NAMES)
def test_header_and_order(path):
    text = path.read_text(encoding="utf-8")
    assert re.match(r"# title: .+\n# question: .+\n", text), "header must start with # title / # question"
    for name in re.findall(r"^# param: ([\w-]+) — .+\(default", text, re.M):
        projection = text[text.index("SELECT"): text.index("WHERE")]
        assert f"?{name}" in projection, f"param {name} must be a projected variable of the query"
    assert "ORDER BY" in text


def _engine_cases():
    for name in NAMES:
        yield pytest.param(name, {}, id=f"{name}-all")
        if "# param: authority" in (queries_dir() / f"{name}.rq").read_text(encoding="utf-8"):
            yield pytest.param(name, {"authority": str(WESTMINSTER)}, id=f"{name}-westminster")


@pytest.mark.parametrize(("name", "params"), list(_engine_cases()))
def test_engines_agree(name, params):
    assert run(name, "Oxigraph", **params) == run(name, "default", **params)


def test_persisted_areas():
    rows = run("persisted-areas")
    basis = [(r["basis"], r["laterFinding"].removeprefix(DOC),
              r["earlierFinding"] and r["earlierFinding"].removeprefix(DOC)) for r in rows]
    assert basis == [
        ("inferred", "2011-07-27/ucra-letter/finding/2", "2010-10-13/ucra-letter/finding/3"),
        ("stated", "2011-07-27/ucra-letter/finding/3", "2010-10-13/ucra-letter/finding/4"),
        ("inferred", "2019-04-10/inspection-report/finding/2", "2016-05-20/inspection-report/finding/1"),
    ]
    stated = rows[1]
    assert stated["laterQuote"].endswith("it remains outstanding from the previous inspection.")
    assert stated["earlierQuote"] == "The Integrated Children's System does not support effective record keeping."
    assert stated["similarity"] is None and rows[0]["similarity"] == 0.62
    assert rows[0]["reason"].startswith("stand-in") and rows[0]["minSimilarity"] == 0.32
    # A recurrence scoring under the default threshold shows only when asked for.
    lowered = run("persisted-areas", minSimilarity="0.2")
    assert [r["similarity"] for r in lowered if r["basis"] == "inferred"] == [0.25, 0.62, 0.71]
    assert run("persisted-areas", authority=f"{KG}authority/borsetshire-county-council") == []


def test_resolved_areas():
    rows = run("resolved-areas", authority=str(WESTMINSTER))
    # One resolved finding (recording), matched to both earlier findings tagged recording.
    assert {r["finding"] for r in rows} == {f"{DOC}2011-07-27/ucra-letter/finding/1"}
    earlier = [r["earlierFinding"].removeprefix(DOC) for r in rows]
    assert earlier == ["2010-10-13/ucra-letter/finding/2", "2010-10-13/ucra-letter/finding/4"]
    assert all(str(r["previousStart"]) == "2010-09-14" for r in rows)
    assert rows[0]["earlierQuote"] == "Case files do not include\ncomprehensive chronologies."


def test_authority_findings():
    rows = run("authority-findings", authority=str(WESTMINSTER))
    assert len(rows) == 4 + 3 + 3 + 2
    assert [str(r["start"]) for r in rows] == sorted(str(r["start"]) for r in rows)
    assert rows[0]["category"].endswith("/strength") and rows[0]["position"] == 1
    assert all(r["quote"] for r in rows)
    assert len(run("authority-findings")) == len(rows) + 2


def test_findings_by_theme():
    rows = run("findings-by-theme", theme=f"{THEME}recording")
    assert [r["finding"].removeprefix(DOC) for r in rows] == [
        "2010-10-13/ucra-letter/finding/2", "2010-10-13/ucra-letter/finding/4", "2011-07-27/ucra-letter/finding/1"]
    assert rows[0]["themeLabel"] == "Recording and case records"
    assert rows[0]["score"] == 0.8


def test_priority_actions():
    rows = run("priority-actions")
    assert [(r["authorityName"], str(r["start"]), str(r["documentDate"])) for r in rows] == [
        ("Borsetshire County Council", "2010-05-04", "2010-06-01")]
    assert run("priority-actions", authority=str(WESTMINSTER)) == []


def test_themes_by_year():
    rows = {(r["year"], r["theme"].removeprefix(THEME)): (r["findings"], r["unfavourableFindings"])
            for r in run("themes-by-year")}
    assert rows[(2010, "recording")] == (2, 2)
    assert rows[(2011, "recording")] == (1, 0)
    assert rows[(2010, "user-feedback")] == (1, 0)
    assert rows[(2019, "health-education-in-care")] == (1, 1)


def test_themes_by_region():
    rows = {(r["region"], r["theme"].removeprefix(THEME)): (r["findings"], r["authorities"])
            for r in run("themes-by-region")}
    assert rows[("London", "assessment-quality")] == (3, 1)
    assert rows[("(not reconciled)", "child-protection")] == (1, 1)
    assert ("London", "user-feedback") not in rows  # strengths are not counted


def test_inspectors():
    rows = run("inspectors")
    assert [(r["name"], str(r["start"])) for r in rows] == [
        ("Brenda McLaughlin", "2019-03-04"), ("Geoff Corre", "2011-06-28"),
        ("Jane Smith", "2016-03-07"), ("Pauline Turner", "2010-09-14")]
    assert len(run("inspectors", inspector=f"{KG}person/geoff-corre")) == 1


def test_authority_people():
    rows = run("authority-people", authority=str(WESTMINSTER))
    got = [(str(r["date"]), r["title"], r["name"], r["role"]) for r in rows]
    assert got == [
        ("2010-10-13", "Chief Executive", "Mike More", "copy"),
        ("2010-10-13", "Director Of Children's Services", "Michael O'Connor", "recipient"),
        ("2011-07-27", "Chief Executive", "Mike More", "copy"),
        ("2011-07-27", "Director Of Children's Services", "Michael O'Connor", "recipient"),
    ]


def test_grade_history():
    rows = run("grade-history", authority=str(WESTMINSTER))
    assert [(str(r["start"]), r["position"], r["gradeAsWritten"], r["rank"]) for r in rows] == [
        ("2016-03-07", 1, "good", 2), ("2016-03-07", 2, "requires improvement", 3),
        ("2016-03-07", 3, "good", 2), ("2016-03-07", 4, "good", 2),
        ("2019-03-04", 1, "outstanding", 1), ("2019-03-04", 2, "outstanding", 1),
        ("2019-03-04", 3, "outstanding", 1), ("2019-03-04", 4, "good", 2),
    ]


def test_grade_changes():
    rows = run("grade-changes")
    changes = [(r["area"].rsplit("/", 1)[1], r["previousGrade"].removeprefix(GRADE),
                r["laterGrade"].removeprefix(GRADE), r["change"]) for r in rows]
    assert changes == [
        ("help-and-protection", "requires-improvement-to-be-good", "outstanding", "rose"),
        ("overall-effectiveness", "good", "outstanding", "rose"),
    ]
    only = run("grade-changes", area="https://w3id.org/ofsted-kg/judgement-area/overall-effectiveness")
    assert len(only) == 1


def test_recurring_improvements():
    rows = run("recurring-improvements", authority=str(WESTMINSTER))
    assert [(r["theme"].removeprefix(THEME), str(r["laterStart"]), r["link"]) for r in rows] == [
        ("assessment-quality", "2011-06-28", "inferred"),
        ("information-systems", "2011-06-28", "stated"),
        ("assessment-quality", "2016-03-07", "shared theme"),
        ("health-education-in-care", "2019-03-04", "inferred"),
    ]
    assert len(run("recurring-improvements", theme=f"{THEME}assessment-quality")) == 2


def test_latest_inspections_one_row_per_authority_with_every_grade_in_its_column():
    rows = run("latest-inspections")
    # the ungraded letter of Borsetshire is not a graded inspection: no row
    assert [(r["authorityName"], str(r["start"])) for r in rows] == [("Westminster", "2019-03-04")]
    (row,) = rows
    assert (row["dfeCode"], row["gssCode"], row["region"]) == ("213", "E09000033", "London")
    assert (row["framework"], row["inspectionType"], str(row["end"])) == ("ILACS", "standard", "2019-03-15")
    assert row["leadInspector"] == "Brenda McLaughlin"
    assert (row["overallEffectiveness"], row["leadership"], row["helpAndProtection"]) == ("outstanding",) * 3
    assert row["childrenInCareAndCareLeavers"] == "good"
    assert row["adoption"] is None and row["lscb"] is None
    # the document states its publication date (kept over the manifest's); the link is the manifest's
    assert str(row["published"]) == "2019-04-10"
    assert row["source"] == "https://files.example.org/westminster-2019.pdf"


def test_inspection_history_one_row_per_graded_inspection():
    rows = run("inspection-history", authority=str(WESTMINSTER))
    assert [(str(r["start"]), r["framework"], r["overallEffectiveness"]) for r in rows] == [
        ("2016-03-07", "SIF", "good"), ("2019-03-04", "ILACS", "outstanding")]


# --- rules --------------------------------------------------------------------------------------


def _series(ds) -> set[tuple[str, str, str]]:
    return {(str(s), str(p).rsplit("#", 1)[1], str(o)) for s, p, o in ds.graph(Uris().series_graph)}


@pytest.mark.parametrize("store", ["Oxigraph", "default"])
def test_series_is_independent_of_ingestion_order(store):
    docs = fx.series_documents()
    forward = fx.build_dataset(store, documents=docs, recurrence=False)
    backward = fx.build_dataset(store, documents=[docs[2], docs[0], docs[3], docs[1]], recurrence=False)
    assert _series(forward) == _series(backward)
    links = {(s.removeprefix(INSP), o.removeprefix(INSP)) for s, p, o in _series(forward) if p == "previousInspection"}
    assert links == {("2011-06-28", "2010-09-14"), ("2016-03-07", "2011-06-28"), ("2019-03-04", "2016-03-07")}
    stated = {(p, s.removeprefix(DOC)) for s, p, o in _series(forward) if p.startswith("stated")}
    assert stated == {("statedPersistsFrom", "2011-07-27/ucra-letter/finding/3"),
                      ("statedResolvedFrom", "2011-07-27/ucra-letter/finding/1")}


@pytest.mark.parametrize("store", ["Oxigraph", "default"])
def test_series_is_recomputed_when_a_document_arrives(store):
    from ofsted_kg import convert_document

    docs = fx.series_documents()
    ds = fx.build_dataset(store, documents=[docs[0], docs[3]], recurrence=False)
    before = {(s, o) for s, p, o in _series(ds) if p == "previousInspection"}
    assert before == {(f"{INSP}2019-03-04", f"{INSP}2010-09-14")}
    for doc in (docs[1], docs[2]):
        graph = ds.graph(Uris().document_graph(doc))
        for triple in convert_document(doc):
            graph.add(triple)
    for update in inference_updates():
        ds.update(update)
    after = {(s.removeprefix(INSP), o.removeprefix(INSP)) for s, p, o in _series(ds) if p == "previousInspection"}
    assert after == {("2011-06-28", "2010-09-14"), ("2016-03-07", "2011-06-28"), ("2019-03-04", "2016-03-07")}


def test_rule_text_is_loaded_with_base():
    series, stated = inference_updates(Uris("http://example.org/kg/"))
    assert series.startswith("BASE <http://example.org/kg/>") and "previousInspection" in series
    assert "statedPersistsFrom" in stated
    assert len(inference_updates()) == 2
