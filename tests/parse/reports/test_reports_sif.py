"""SIF (2013-2018) and earlier-framework (2012-2013) report parsers: goldens and consistency.

Goldens in ``tests/golden/reports/<authority>__<date>.json`` are the ``to_json()`` record
of a hand-verified parse. Regenerate with ``pytest --regen-goldens`` only after checking
every changed value against the PDF text.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import replace
from datetime import date

import pytest

from ofsted_kg import ParsedDocument, SourceDocument
from ofsted_kg.model import AREA_FOR_IMPROVEMENT, CATEGORIES, RECOMMENDATION
from ofsted_kg.parse.reports import earlier, sif
from ofsted_kg.parse.reports.layout_sif import collapse, split_lines
from ofsted_kg.parse.reports.meta_sif import GRADE_SCALE
from ofsted_kg import read_document

from conftest import LETTERS, REPORTS, golden_name

MODULES = {"sif": sif, "earlier": earlier}

#: The bundled reports of these frameworks, classified by reading each title page.
MINE = {
    "norfolk/2013-08-16.pdf": "LAC-2013",
    "birmingham/2014-05-23.pdf": "SIF",
    "blackpool/2014-09-08.pdf": "SIF",
    "surrey/2015-06-03.pdf": "SIF",
    "surrey/2015-08-03.pdf": "SIF",
    "norfolk/2015-10-20.pdf": "SIF",
    "wandsworth/2016-02-16.pdf": "SIF",
    "cheshire-west-and-chester/2016-02-19.pdf": "SIF",
    "westminster/2016-03-29.pdf": "SIF",
    "kensington-and-chelsea/2016-03-29.pdf": "SIF",
    "birmingham/2016-11-25.pdf": "SIF",
    "worcestershire/2017-01-24.pdf": "SIF",
    "norfolk/2018-01-19.pdf": "SIF",
    "surrey/2018-05-16.pdf": "SIF",
    "wandsworth/2018-07-20.pdf": "SIF",
}
GOLDENS = (
    "norfolk/2013-08-16.pdf",  # earlier framework, areas for improvement by timescale
    "norfolk/2015-10-20.pdf",  # SIF with LSCB review, numbered LSCB recommendations
    "surrey/2015-06-03.pdf",  # inadequate, 2014-15 "What does the local authority need to improve?"
    "blackpool/2014-09-08.pdf",  # topic sub-headings, "What does the LSCB need to improve?"
    "birmingham/2016-11-25.pdf",  # re-inspection
    "kensington-and-chelsea/2016-03-29.pdf",  # bulleted LSCB recommendations
    "surrey/2015-08-03.pdf",  # stand-alone LSCB review
)


def _relative(name: str) -> str:
    return f"data/reports/{name}"


@pytest.fixture(scope="session")
def sources() -> dict[str, SourceDocument]:
    """Every bundled report read once per session, labelled with its relative path."""
    found = {}
    for path in sorted(REPORTS.glob("*/*.pdf")):
        name = f"{path.parent.name}/{path.name}"
        found[name] = replace(read_document(path), path=_relative(name))
    return found


@pytest.fixture(scope="session")
def parsed(sources) -> dict[str, ParsedDocument]:
    out = {}
    for name in MINE:
        module = _module_for(sources[name])
        out[name] = module.parse(sources[name])
    return out


def _module_for(source: SourceDocument):
    scores = {key: m.detect(source) for key, m in MODULES.items()}
    best = max(scores, key=scores.get)
    assert scores[best] >= 0.5, f"{source.path}: not detected ({scores})"
    return MODULES[best]




# ------------------------------------------------------------------ detection


@pytest.mark.parametrize("name", sorted(MINE))
def test_detect_takes_own_reports(sources, name):
    expected = "earlier" if MINE[name] != "SIF" else "sif"
    assert MODULES[expected].detect(sources[name]) >= 0.9
    other = "sif" if expected == "earlier" else "earlier"
    assert MODULES[other].detect(sources[name]) < 0.1


def test_detect_low_for_other_reports_and_letters(sources):
    others = [s for n, s in sources.items() if n not in MINE]
    assert others, "expected ILACS reports in the bundle"
    for source in others:
        for module in MODULES.values():
            assert module.detect(source) < 0.1, source.path
    for path in sorted(LETTERS.glob("*.txt")):
        letter = read_document(path)
        for module in MODULES.values():
            assert module.detect(letter) < 0.1, path


def test_ilacs_title_is_not_sif():
    text = (
        "Norfolk\nInspection of Norfolk local authority children's services\n"
        "Inspection dates: 1 to 12 March 2021\nLead inspector: Jane Doe, Her Majesty's Inspector\n"
        "\fServices for children looked after ... the single inspection framework in 2017 ..."
    )
    source = SourceDocument("x.pdf", "0", "application/pdf", text, tuple(text.split("\f")))
    assert sif.detect(source) < 0.1 and earlier.detect(source) < 0.1


# -------------------------------------------------------------------- goldens


@pytest.mark.parametrize("name", GOLDENS)
def test_golden(parsed, name, golden):
    got = parsed[name].to_json()
    path = golden.path("reports", golden_name(REPORTS / name), ".json")
    want = golden.json("reports", golden_name(REPORTS / name), got)
    if got != want:
        diff = difflib.unified_diff(
            json.dumps(want, indent=1, ensure_ascii=False).splitlines(),
            json.dumps(got, indent=1, ensure_ascii=False).splitlines(),
            "golden",
            "parsed",
            lineterm="",
        )
        pytest.fail(f"{name} differs from {path.name}:\n" + "\n".join(diff))


#: Hand-counted from the PDF text: (local authority items, board items).
COUNTS = {
    "norfolk/2013-08-16.pdf": (17, 0),
    "birmingham/2014-05-23.pdf": (16, 12),
    "blackpool/2014-09-08.pdf": (19, 8),
    "surrey/2015-06-03.pdf": (25, 0),
    "surrey/2015-08-03.pdf": (0, 8),
    "norfolk/2015-10-20.pdf": (19, 6),
    "wandsworth/2016-02-16.pdf": (17, 5),
    "cheshire-west-and-chester/2016-02-19.pdf": (5, 4),
    "westminster/2016-03-29.pdf": (4, 5),
    "kensington-and-chelsea/2016-03-29.pdf": (4, 5),
    "birmingham/2016-11-25.pdf": (17, 0),
    "worcestershire/2017-01-24.pdf": (14, 4),
    "norfolk/2018-01-19.pdf": (7, 0),
    "surrey/2018-05-16.pdf": (18, 0),
    "wandsworth/2018-07-20.pdf": (9, 0),
}


@pytest.mark.parametrize("name", sorted(MINE))
def test_finding_counts_by_addressee(parsed, name):
    doc = parsed[name]
    to_la = sum(f.addressee == "local authority" for f in doc.findings)
    to_board = sum(f.addressee == "Local Safeguarding Children Board" for f in doc.findings)
    assert (to_la, to_board) == COUNTS[name]
    assert to_la + to_board == len(doc.findings)


def test_earlier_framework_details(parsed):
    doc = parsed["norfolk/2013-08-16.pdf"]
    assert doc.framework == "LAC-2013"
    assert {f.category for f in doc.findings} == {AREA_FOR_IMPROVEMENT}
    sections = [f.section for f in doc.findings]
    assert sections.count("Areas for improvement: Immediately") == 6
    assert sections.count("Areas for improvement: Within three months") == 4
    assert sections.count("Areas for improvement: Within six months") == 7
    # The item split over pages 6-7 is joined without the running header.
    split = doc.findings[8]
    assert "social workers\u2019 in-depth knowledge" in split.text
    assert "Inspection of looked after children services" not in split.text
    assert "\f" in doc.text[split.start : split.end]


def test_sub_points_belong_to_their_item(parsed):
    doc = parsed["norfolk/2015-10-20.pdf"]
    item = doc.findings[7]
    assert item.text.startswith("Implement the following areas for improvement")
    assert item.text.endswith("to fully participate in their reviews (paragraph 60).")
    assert "improve the timeliness and quality of health assessments" in item.text
    blackpool = parsed["blackpool/2014-09-08.pdf"]
    assert any("(ii) their parents have mental health problems" in f.text for f in blackpool.findings)


# ---------------------------------------------------------------- consistency


def _furniture_free_slice(text: str, start: int, end: int) -> str:
    keep = [
        ln.text[max(0, start - ln.start) : max(0, end - ln.start)]
        for ln in split_lines(text)
        if not ln.furniture and ln.end > start and ln.start < end
    ]
    return collapse(" ".join(keep))


def _loose(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


@pytest.mark.parametrize("name", sorted(MINE))
def test_consistency(parsed, name):
    doc = parsed[name]
    assert doc.framework == MINE[name]
    assert doc.kind == "inspection-report"
    assert doc.source == _relative(name)
    assert doc.authority.gss_code and doc.authority.name and doc.authority.as_written
    assert doc.document_date and doc.inspection_start and doc.inspection_end
    assert doc.inspection_start <= doc.inspection_end <= doc.document_date
    assert abs((doc.document_date - date.fromisoformat(name[-14:-4])).days) <= 3
    assert doc.inspector and doc.inspector.name and "HMI" not in doc.inspector.name
    assert doc.judgements and all(j.grade in GRADE_SCALE and j.area for j in doc.judgements)
    assert doc.title and doc.title[0].isupper() and not re.search(r"\s{2}", doc.title)
    assert doc.findings and not doc.warnings
    for finding in doc.findings:
        assert finding.category in CATEGORIES
        assert finding.category == (RECOMMENDATION if doc.framework == "SIF" else AREA_FOR_IMPROVEMENT)
        assert 0 <= finding.start < finding.end <= len(doc.text)
        assert finding.text and finding.text == collapse(finding.text)
        raw = _furniture_free_slice(doc.text, finding.start, finding.end)
        # Equal up to bullets, hyphenation and footnote markers.
        loose, loose_raw = _loose(finding.text), _loose(raw)
        assert loose == loose_raw or (
            abs(len(loose) - len(loose_raw)) <= 3 and loose[:40] == loose_raw[:40]
        ), (finding.text, raw)
        assert doc.text[finding.start].strip() and doc.text[finding.end - 1].strip()
        assert not re.search(r"[\uf000-\uf0ff\ufffe]", finding.text)
    sif_areas = [j.area for j in doc.judgements]
    if doc.framework == "SIF" and "of services for children" in doc.title:
        assert sif_areas[:6] == [
            "Overall effectiveness",
            "Children who need help and protection",
            "Children looked after and achieving permanence",
            "Adoption performance",
            "Experiences and progress of care leavers",
            "Leadership, management and governance",
        ]
    if "Local Safeguarding Children Board" in doc.title:
        assert sif_areas[-1] == sif.LSCB_AREA


def test_previous_inspection_dates(parsed):
    got = {n: (d.previous_inspection.date if d.previous_inspection else None) for n, d in parsed.items()}
    assert got["norfolk/2013-08-16.pdf"] == "2011"
    assert got["surrey/2015-06-03.pdf"] == "2010-09"
    assert got["norfolk/2018-01-19.pdf"] == "2015-07"
    assert got["birmingham/2016-11-25.pdf"] == "2014-03"
    for name, doc in parsed.items():
        if doc.previous_inspection:
            assert "inspect" in doc.previous_inspection.text.lower()
            assert doc.previous_inspection.date[:4] <= name[-14:-10]


def _synthetic(text: str) -> SourceDocument:
    return SourceDocument("synthetic.pdf", "0" * 64, "application/pdf", text, tuple(text.split("\f")))


def test_monitoring_letter_mentioning_sif_is_not_a_report():
    text = (
        "Ofsted\nMonitoring visit to Surrey children's services\nDear Mr Smith\n"
        "This letter summarises the findings of the monitoring visit following the inspection of "
        "services for children in need of help and protection, children looked after and care leavers.\n"
    )
    assert sif.detect(_synthetic(text)) == 0.0 and earlier.detect(_synthetic(text)) == 0.0


def test_child_protection_2012_structure_without_record_table():
    """A CP-2012-style report: judgements from "Grade N (word)" lines, bullets by timescale."""
    text = (
        "Inspection of local authority arrangements for the \nprotection of children\n"
        "Blackpool Borough Council\nInspection dates: 2 \u2013 13 July 2012\n"
        "Reporting inspector Jane Smith HMI\nAge group: All\nPublished: 10 August 2012\f"
        "Blackpool Borough Council Inspection of arrangements for the protection of children 2\n"
        "Overall effectiveness\nGrade 4 (inadequate)\n1. Services are weak.\n"
        "Areas for improvement\n2. In order to improve the quality of help and protection, the "
        "local authority and its partners should \ntake the following action.\n"
        "Immediately:\n\uf0a7 ensure that all referrals are\nassessed promptly\n\uf0a7 ensure that x is done.\f"
        "Blackpool Borough Council Inspection of arrangements for the protection of children 3\n"
        "Within three months:\n\uf0a7 ensure that y is\nreviewed.\n"
        "Capacity to improve\nGrade 3 (adequate)\n3. Some capacity. The last inspection in March 2010 "
        "found services adequate.\f"
        "Blackpool Borough Council Inspection of arrangements for the protection of children 4\nEnd."
    )
    source = _synthetic(text)
    assert earlier.detect(source) >= 0.9 and sif.detect(source) == 0.0
    doc = earlier.parse(source)
    assert doc.framework == "CP-2012"
    assert doc.title == "Inspection of local authority arrangements for the protection of children"
    assert doc.authority.name == "Blackpool" and doc.authority.as_written == "Blackpool Borough Council"
    assert (doc.inspection_start, doc.inspection_end) == (date(2012, 7, 2), date(2012, 7, 13))
    assert doc.document_date == date(2012, 8, 10)
    assert (doc.inspector.name, doc.inspector.title) == ("Jane Smith", "Her Majesty's Inspector")
    assert [(j.area, j.grade) for j in doc.judgements] == [
        ("Overall effectiveness", "inadequate"),
        ("Capacity to improve", "adequate"),
    ]
    assert [(f.section, f.text) for f in doc.findings] == [
        ("Areas for improvement: Immediately", "ensure that all referrals are assessed promptly"),
        ("Areas for improvement: Immediately", "ensure that x is done."),
        ("Areas for improvement: Within three months", "ensure that y is reviewed."),
    ]
    assert doc.previous_inspection.date == "2010-03"
    assert not doc.warnings
