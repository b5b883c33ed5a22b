"""Stated persistence in reports (``ofsted_kg.parse.reports.persistence``).

Three kinds of check:

- real sentences copied from the bundled reports, each with the relation a reader gives it
  (``persists`` / ``resolved`` / ``raised-before`` / None for no statement): the judgement is
  ours, asserted directly, not read back from the parser's output;
- synthetic variants in wordings the bundled reports do not use, so the phrase families are
  tested beyond the 34 files;
- a golden file of every statement found in the bundled reports
  (``tests/golden/statements/reports.json``; regenerate with ``pytest --regen-goldens``
  after checking every changed sentence against the PDF text).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import given, strategies as st

from ofsted_kg.model import PERSISTS, RAISED_BEFORE, RECOMMENDATION, RESOLVED, Finding, SourceDocument
from ofsted_kg.parse import parse_source
from ofsted_kg.parse.reports.persistence import classify, find_statements, sentences, with_statements
from ofsted_kg.read import read_document

from conftest import REPORTS, ROOT

#: Sentences of the bundled reports (source in the comment) and the relation they state.
REAL = [
    # wandsworth/2018-07-20
    ("Early permanence planning is underdeveloped, despite this being a recommendation at the previous "
     "inspection and the focus of a monitoring visit, and with support from an external agency.", PERSISTS),
    ("The arrangements for matching children who are waiting for long-term foster carers are not robust, "
     "despite this being identified as an area for improvement at the 2015 inspection.", PERSISTS),
    ("Bed and breakfast accommodation, in use at the time of the previous inspection, is no longer "
     "considered as an option for young people.", RESOLVED),
    # worcestershire/2019-07-29
    ("The unacceptable practice of using bed and breakfast accommodation for some care leavers was noted "
     "at the last inspection, and senior leaders have not acted to improve the situation.", PERSISTS),
    ("The local authority continues to use bed and breakfast accommodation for some care leavers and has "
     "not improved this situation since the last inspection.", PERSISTS),
    ("Children’s progress is closely reviewed through personal education plans which have well-written "
     "targets, and this is an improvement since the last inspection.", RESOLVED),
    # birmingham/2016-11-25, 2019-01-17, 2014-05-23
    ("Too many care leavers are not in education, employment or training, and this situation has not "
     "improved since the last inspection.", PERSISTS),
    ("While all children who need one now have a plan, which was not the case at the last inspection, the "
     "quality of plans requires improvement if they are to be fully effective.", RESOLVED),
    ("For example, the early help strategy was identified as a priority for change in the previous child "
     "protection inspection undertaken in 2012.", RAISED_BEFORE),
    # blackpool/2019-01-17
    ("The response to long-standing neglect for some of the most vulnerable families in Blackpool has not "
     "been fully addressed since the last inspection.", PERSISTS),
    # norfolk/2015-10-20, 2018-01-19
    ("This is an area in which the local authority has struggled to make progress, despite the "
     "recommendations of the previous inspection.", PERSISTS),
    ("Too many recommendations from the 2013 Ofsted inspection have not been addressed adequately.", PERSISTS),
    ("The quality of assessments has improved since the last inspection.", RESOLVED),
    # surrey/2015-06-03
    ("While progress has been made in a number of areas identified in the previous looked after children "
     "inspection, some recommendations still need to be addressed.", PERSISTS),
    # cheshire-west-and-chester/2016-02-19
    ("As a result, the LSCB has achieved the recommendations from the 2012 Ofsted inspection of child "
     "protection services in relation to the monitoring and oversight of front-line practice.", RESOLVED),
    # not statements: dating the previous inspection, statistics, children's homes, "prior to"
    ("The previous inspection of the local authority’s safeguarding arrangements was in May 2012.", None),
    ("Since the last inspection, five serious incident notifications have been submitted to Ofsted and two "
     "serious case reviews have been completed.", None),
    ("Both were judged to be good in their most recent Ofsted inspection.", None),
    ("Seven care leavers were placed in bed and breakfast accommodation in the six months prior to the "
     "inspection.", None),
    ("An external independent audit of 327 cases of concern was undertaken following the last monitoring "
     "visit.", None),
]

#: Wordings not found in the bundled reports.
SYNTHETIC = [
    ("This was a recommendation at the last inspection and has not yet been addressed.", PERSISTS),
    ("As at the previous inspection, the quality of supervision remains an area for improvement.", PERSISTS),
    ("Return home interviews, which were identified as a weakness at the last inspection, have now been "
     "strengthened.", RESOLVED),
    ("Management oversight of pre-proceedings work has not been addressed since the inspection in 2019.", PERSISTS),
    ("The use of agency staff was raised at the previous inspection.", RAISED_BEFORE),
    ("Deficits in the quality of pathway plans identified at the last inspection have been remedied.", RESOLVED),
    ("Caseloads have been reduced since the previous inspection in March 2021.", RESOLVED),
]


def _relation(sentence: str) -> str | None:
    decided = classify(sentence)
    return decided[0] if decided else None


@pytest.mark.parametrize(("sentence", "relation"), REAL, ids=[f"real-{i}" for i in range(len(REAL))])
def test_real_sentences(sentence, relation):
    assert _relation(sentence) == relation


@pytest.mark.parametrize(("sentence", "relation"), SYNTHETIC, ids=[f"synthetic-{i}" for i in range(len(SYNTHETIC))])
def test_synthetic_variants(sentence, relation):
    assert _relation(sentence) == relation


def test_statements_about_the_whole_service_are_dropped():
    text = "Services have improved substantially since the last inspection in 2022, when they required improvement."
    assert _relation(text) == RESOLVED  # it is about the earlier inspection ...
    assert find_statements(text) == ()  # ... but names no issue


def test_earlier_date_and_offsets():
    text = ("Summary\nServices have a history of delay. Arrangements for matching children are not robust, "
            "despite this being identified as an area for improvement at the inspection in\nDecember 2015.")
    (statement,) = find_statements(text)
    assert statement.relation == PERSISTS and statement.earlier_date == "2015-12"
    assert text[statement.start : statement.end].startswith("Arrangements for matching")
    assert statement.text.endswith("in December 2015.")


def test_a_sentence_runs_on_across_a_heading_only_at_punctuation():
    text = "The experiences of children\nSummary\nThe quality of assessments has improved since the last inspection."
    (statement,) = find_statements(text)
    assert statement.text == "The quality of assessments has improved since the last inspection."


def test_item_level_marker_marks_the_finding():
    text = ("Recommendations\n1. Improve the timeliness of health assessments. This was a recommendation at the "
            "last inspection.\n2. Improve placement sufficiency for children in care.\n")
    first = text.index("Improve the timeliness")
    end_first = text.index("\n2.")
    second = text.index("Improve placement")
    findings = (
        Finding(RECOMMENDATION, "Recommendations", text[first:end_first], first, end_first),
        Finding(RECOMMENDATION, "Recommendations", text[second:-1], second, len(text) - 1),
    )
    source = SourceDocument("x.pdf", "0" * 64, "application/pdf", text)
    doc = replace(parse_minimal(source), findings=findings)
    marked = with_statements(doc)
    (statement,) = marked.statements
    assert statement.finding == 1 and statement.relation == PERSISTS
    assert [f.relation_to_previous for f in marked.findings] == [PERSISTS, None]


def parse_minimal(source: SourceDocument):
    from ofsted_kg.model import KIND_REPORT, AuthorityRef, ParsedDocument

    return ParsedDocument(source.path, source.sha256, KIND_REPORT, source.text, AuthorityRef(None, None, None, None))


@given(st.text(max_size=400))
def test_hostile_text_never_fails(text):
    for start, end in sentences(text):
        assert 0 <= start < end <= len(text)
    for statement in find_statements(text):
        assert statement.relation in (PERSISTS, RESOLVED, RAISED_BEFORE)
        assert 0 <= statement.start < statement.end <= len(text)


def _bundled_statements() -> list[dict]:
    out = []
    for path in sorted(REPORTS.rglob("*.pdf")):
        doc = parse_source(read_document(path))
        for s in doc.statements:
            out.append({"source": path.relative_to(ROOT).as_posix(), **s.to_json()})
    return out


def test_golden_statements_of_the_bundled_reports(golden):
    found = _bundled_statements()
    assert found == golden.json("statements", "reports", found), "statements differ: check, then --regen-goldens"
    counts = Counter(s["relation"] for s in found)
    assert counts[PERSISTS] and counts[RESOLVED] and counts[RAISED_BEFORE]
