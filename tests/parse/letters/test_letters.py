"""UCRA letters: golden records (hand-verified) and explicit per-letter assertions."""

from __future__ import annotations

import difflib
import json
from collections import Counter
from pathlib import Path

import pytest

from ofsted_kg import NotADocumentError
from ofsted_kg import SourceDocument
from ofsted_kg import parse_source
from ofsted_kg.parse.letters.parser import detect, parse
from ofsted_kg import read_document

from conftest import GOLDEN, LETTERS, REPORTS, ROOT, golden_name

LETTER_FILES = sorted(LETTERS.glob("*.txt"))



def golden_record(path: Path) -> dict:
    """The golden record of a bundled letter: its ``to_json()`` with the source relative to ROOT."""
    record = parse(read_document(path)).to_json()
    record["source"] = path.resolve().relative_to(ROOT).as_posix()
    return record



def _parsed(stem: str):
    return parse(read_document(LETTERS / f"{stem}.txt"))


def _counts(doc) -> dict[str, int]:
    return dict(Counter(f.category for f in doc.findings))


def test_five_letters_bundled():
    assert len(LETTER_FILES) == 5
    assert {p.stem for p in (GOLDEN / "letters").glob("*.json")} == {golden_name(p) for p in LETTER_FILES}


@pytest.mark.parametrize("path", LETTER_FILES, ids=lambda p: p.stem)
def test_golden(path: Path, golden):
    actual = golden_record(path)
    expected = golden.json("letters", golden_name(path), actual, indent=2)
    if actual != expected:
        diff = "\n".join(
            difflib.unified_diff(
                json.dumps(expected, indent=2, ensure_ascii=False).splitlines(),
                json.dumps(actual, indent=2, ensure_ascii=False).splitlines(),
                "golden",
                "parsed",
                lineterm="",
            )
        )
        pytest.fail(f"parse of {path.name} differs from its golden:\n{diff}")


@pytest.mark.parametrize("path", LETTER_FILES, ids=lambda p: p.stem)
def test_offsets_point_at_finding_text(path: Path):
    doc = parse(read_document(path))
    assert doc.text == read_document(path).text
    for f in doc.findings:
        piece = doc.text[f.start : f.end]
        assert piece.split()[0] == f.text.split()[0]
        assert piece.split()[-1] == f.text.split()[-1]
        assert " ".join(piece.replace("\n- ", "\n").split()) == f.text


@pytest.mark.parametrize("path", LETTER_FILES, ids=lambda p: p.stem)
def test_letters_are_detected_and_dispatched(path: Path):
    source = read_document(path)
    assert detect(source) >= 0.9
    doc = parse_source(source)
    assert doc.kind == "ucra-letter" and doc.framework == "UCRA"
    assert doc.warnings == ()


def test_westminster():
    doc = _parsed("westminster-2011-07-27")
    assert _counts(doc) == {"strength": 1, "satisfactory": 15, "area-for-development": 5}
    assert doc.title == (
        "Annual unannounced inspection of contact, referral and assessment arrangements "
        "within Westminster City Council children's services"
    )
    assert doc.authority.as_written == "Westminster City Council"
    assert doc.authority.gss_code == "E09000033"
    assert str(doc.document_date) == "2011-07-27"
    assert (str(doc.inspection_start), str(doc.inspection_end)) == ("2011-06-28", "2011-06-29")
    assert doc.previous_inspection.date == "2010-09"
    assert "undertaken in September 2010 one is still to be completed" in doc.previous_inspection.text
    r = doc.recipient
    assert (r.honorific, r.name, r.title, r.organisation) == (
        "Mr", "Michael O'Connor", "Director Of Children's Services", "Westminster City Council"
    )
    assert (doc.inspector.name, doc.inspector.title) == ("Geoff Corre", "Her Majesty's Inspector")
    assert [(c.name, c.title, c.organisation) for c in doc.copies] == [
        ("Mike More", "Chief Executive", "Westminster City Council"),
        ("Andrew Spencer", None, "Department for Education"),
    ]
    resolved = [f.text for f in doc.findings if f.relation_to_previous == "resolved"]
    persists = [f.text for f in doc.findings if f.relation_to_previous == "persists"]
    assert len(resolved) == 5
    assert resolved[0].startswith("Initial and core assessments")
    assert any(t.startswith("Case files include comprehensive chronologies") for t in resolved)
    assert len(persists) == 1 and persists[0].startswith("The Integrated Children's System")
    assert doc.findings[0].text.startswith("Service users' views")  # lost glyph
    assert doc.findings[0].section == "Strength"
    assert doc.outcome is None


def test_wandsworth_page_break_continuations():
    doc = _parsed("wandsworth-2011-07-07")
    assert _counts(doc) == {"strength": 2, "satisfactory": 17, "area-for-development": 2}
    first = doc.findings[0]
    assert "well used by managers to ensure cases are effectively progressed." in first.text
    assert first.text.endswith("drive service improvement.")
    specialist = next(f for f in doc.findings if "specialist roles" in f.text)
    assert "within its service to address the specific needs" in specialist.text
    partnership = next(f for f in doc.findings if f.text.startswith("Partnership working"))
    assert partnership.text.endswith("This ensures there is good multi-agency engagement in "
                                     "assessment and care planning for individual children.")
    assert any(f.text.startswith("Findings in relation to significant harm") for f in doc.findings)
    assert all(f.relation_to_previous is None for f in doc.findings)
    assert doc.previous_inspection.date == "2010-06"
    assert doc.authority.as_written == "London Borough of Wandsworth Council"
    assert doc.authority.name == "Wandsworth"
    r = doc.recipient
    assert (r.honorific, r.name, r.title, r.organisation) == (
        "Mr", "Paul Robinson", "Director of Children's Services", "London Borough of Wandsworth Council"
    )
    assert [(c.name, c.title, c.organisation) for c in doc.copies] == [
        ("Paul Martin", "Chief Executive", "London Borough of Wandsworth"),
        ("Andrew Spencer", None, "Department for Education"),
    ]


def test_kensington_and_chelsea():
    doc = _parsed("kensington-and-chelsea-2011-06-30")
    assert _counts(doc) == {"strength": 5, "satisfactory": 9, "area-for-development": 7}
    assert doc.findings[1].text.startswith("Knowledgeable, confident and accessible managers")
    assert doc.previous_inspection.date == "2010-08-17"
    persists = [f for f in doc.findings if f.relation_to_previous == "persists"]
    assert [f.text[:40] for f in persists] == ["The impact of diverse inter-racial and c"]
    assert not any(f.relation_to_previous == "resolved" for f in doc.findings)
    r = doc.recipient
    assert (r.honorific, r.name, r.title, r.organisation) == (
        "Ms", "Libby Blake", "Executive Director of Family and Children's Services",
        "Royal Borough of Kensington and Chelsea Council",
    )
    # the organisation split by a page break: a stray line that is only "Council"
    assert [(c.name, c.title, c.organisation) for c in doc.copies] == [
        ("Derek Myers", "Chief Executive", "Royal Borough of Kensington and Chelsea Council"),
        ("Andrew Spencer", None, "Department for Education"),
    ]
    assert (doc.inspector.name, doc.inspector.title) == ("Pat O'Brien", "Her Majesty's Inspector")


def test_worcestershire_priority_action_and_outcome():
    doc = _parsed("worcestershire-2010-08-04")
    assert _counts(doc) == {
        "strength": 2, "satisfactory": 4, "area-for-development": 9, "area-for-priority-action": 1,
    }
    priority = doc.findings[-1]
    assert priority.category == "area-for-priority-action"
    assert priority.section == "Area for priority action"
    assert priority.text.startswith("Following the Joint Area Review in 2008")
    assert priority.text.endswith("well-being of the child involved.")
    assert priority.relation_to_previous == "persists"
    assert any(f.text.startswith("Similarly managerial oversight") for f in doc.findings)
    assert "limiting judgement" in doc.outcome and "'performs poorly'" in doc.outcome
    assert not any("Any areas for development" in f.text for f in doc.findings)
    assert not any("In addition, it is considered" in f.text for f in doc.findings)
    assert doc.authority.gss_code == "E10000034"
    assert [(c.name, c.title, c.organisation) for c in doc.copies] == [
        ("Trish Haines", "Chief Executive", "Worcestershire County Council"),
        ("Hilary Thompson", "Chair", "Worcestershire Safeguarding Children Board"),
        ("Marcus Hart", "Lead Member for Children's Services", "Worcestershire County Council"),
        ("Andrew Spencer", None, "Department for Education"),
    ]
    r = doc.recipient
    assert (r.honorific, r.name, r.organisation) == ("Ms", "Gail Quinton", "Worcestershire County Council")


def test_cheshire_west_and_chester():
    doc = _parsed("cheshire-west-and-chester-2010-05-21")
    assert _counts(doc) == {"satisfactory": 5, "strength": 2, "area-for-development": 7}
    assert doc.findings[0].section.endswith(
        "were delivered satisfactorily in accordance with national guidance, in particular:"
    )
    assert doc.findings[0].text.startswith("Contacts and referrals receive prompt attention.")
    assert doc.previous_inspection is None
    assert (str(doc.inspection_start), str(doc.inspection_end)) == ("2010-03-17", "2010-03-18")
    r = doc.recipient
    assert (r.name, r.title, r.organisation) == (
        "John Stephens", "Director of Children and Young People's Services",
        "Cheshire West and Chester Council",
    )
    assert [(c.name, c.title, c.organisation) for c in doc.copies] == [
        ("Steve Robinson", "Chief Executive", "Cheshire West and Chester Council"),
        ("Nancy Palmer", "Chair", "Cheshire West and Chester Safeguarding Children Board"),
        ("Arthur Harada", "Lead Member for Children's Services", "Cheshire West and Chester Council"),
        ("Andrew Spencer", None, "Department for Children, Schools and Families"),
    ]


def _source(text: str, path: str = "mem.txt") -> SourceDocument:
    return SourceDocument(path, "0" * 64, "text/plain", text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n",
        "The quick brown fox jumps over the lazy dog.\n" * 20,
        "Dear Sir\n\nThank you for your letter.\n\nYours sincerely\n\nA Person\n",
        "Inspection of Westminster local authority children's services\n\nInspection dates: 1 to 5 July 2024\n",
    ],
)
def test_not_a_letter(text: str):
    source = _source(text)
    assert detect(source) < 0.5
    with pytest.raises(NotADocumentError):
        parse(source)


def test_reports_score_low():
    reports = sorted(REPORTS.glob("*/*.pdf"))[:6]
    assert reports
    for path in reports:
        assert detect(read_document(path)) < 0.3, path


def test_range_across_months_and_reduced_previous_date():
    text = (LETTERS / "westminster-2011-07-27.txt").read_text(encoding="utf-8")
    text = text.replace("conducted on 28 and 29 June 2011", "conducted on 30 June to 2 July 2011")
    text = text.replace("undertaken in September 2010", "undertaken on 14 September 2010")
    doc = parse(_source(text))
    assert (str(doc.inspection_start), str(doc.inspection_end)) == ("2011-06-30", "2011-07-02")
    assert doc.previous_inspection.date == "2010-09-14"


def test_page_furniture_inside_a_section_and_priority_bullets():
    text = (LETTERS / "westminster-2011-07-27.txt").read_text(encoding="utf-8")
    letterhead = text.split("\n", 1)[0]
    # page number and running header at the existing page break in the satisfactory list
    text = text.replace(
        "previous inspection.\n\n\n\n- Staff are suitably",
        f"previous inspection.\n\n2\n\n{letterhead}\n\n- Staff are suitably",
    )
    text = text.replace(
        "\nAny areas for development identified above",
        "\nAreas for priority action\n\n(a) Assessments are not\n\n3\n\nanalysed. This is a new concern.\n"
        "(b) Managers do not audit cases.\n\nAny areas for development identified above",
    )
    doc = parse(_source(text))
    assert _counts(doc) == {
        "strength": 1, "satisfactory": 15, "area-for-development": 5, "area-for-priority-action": 2,
    }
    assert [f.text for f in doc.findings if f.category == "area-for-priority-action"] == [
        "Assessments are not analysed. This is a new concern.",
        "Managers do not audit cases.",
    ]
    assert all(f.relation_to_previous is None for f in doc.findings[-2:])
