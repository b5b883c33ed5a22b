"""ILACS parser on synthetic layouts (page breaks, footnotes, sub-bullets) and hostile input."""

from __future__ import annotations

import hashlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile import check_parser
from ofsted_kg import ParseError
from ofsted_kg import SourceDocument
from ofsted_kg.parse.reports import ilacs
from ofsted_kg.parse.reports.pdf_lines import join_lines, split_lines

HEADER = "Inspection of Somewhere local authority children\u2019s services\n1 to 5 June 2026 {n}\n"

PAGE1 = """Inspection of Rutland local authority 
children\u2019s services 
Inspection dates: 1 to 5 June 2026
Lead inspector: Ann Example, His Majesty\u2019s Inspector
Judgement Grade
The impact of leaders on social work 
practice with children and families
Good
The experiences and progress of 
children who need help and protection
Requires improvement to be good
The experiences and progress of 
children in care
Inadequate 
The experiences and progress of care 
leavers
Outstanding 
Since the last inspection, in March 2021, when services were judged to be good, 
leaders have worked hard.
What needs to improve?1
\u25fc The quality of plans for children in care, so that they are 
specific.2 (outcome 3, national 
framework)
\u25fc The timeliness of assessments for disabled children, including 
o those in short breaks
o those placed out of the area
and the recording of the reasons for delay when a child\u2019s needs are not 
1 The areas for improvement have been cross-referenced with the outcomes in the 
National Framework.
2 A second footnote."""

PAGE2 = """Inspection of Rutland local authority children\u2019s services
1 to 5 June 2026 2
met in a timely way, and the follow-
up of missed visits.
\u25fc Decision\ufffemaking for 16- and 17-year-olds who present as 
homeless.
The experiences and progress of children who need help and 
protection: requires improvement to be good
1. Children receive help. The last inspection was long ago.
2. More text here."""

PAGE3 = """Inspection of Rutland local authority children\u2019s services
1 to 5 June 2026 3
3. Leaders are strong.
The Office for Standards in Education, Children\u2019s Services and Skills (Ofsted) regulates."""


def _source(pages: list[str], path: str = "synthetic.pdf") -> SourceDocument:
    text = "\f".join(pages)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return SourceDocument(path, digest, "application/pdf", text, tuple(pages))


def test_synthetic_report_items_across_pages_footnotes_and_sub_bullets():
    source = _source([PAGE1, PAGE2, PAGE3])
    assert ilacs.detect(source) >= 0.9
    doc = ilacs.parse(source)
    assert doc.title == "Inspection of Rutland local authority children\u2019s services"
    assert doc.authority.as_written == "Rutland" and doc.authority.gss_code
    assert (doc.inspection_start.isoformat(), doc.inspection_end.isoformat()) == ("2026-06-01", "2026-06-05")
    assert doc.inspector.name == "Ann Example" and doc.inspector.title == "His Majesty\u2019s Inspector"
    assert [(j.area, j.grade) for j in doc.judgements] == [
        ("The impact of leaders on social work practice with children and families", "good"),
        ("The experiences and progress of children who need help and protection", "requires improvement to be good"),
        ("The experiences and progress of children in care", "inadequate"),
        ("The experiences and progress of care leavers", "outstanding"),
    ]
    assert any("Overall effectiveness" in w for w in doc.warnings)
    assert doc.previous_inspection.date == "2021-03"
    assert doc.previous_inspection.text.startswith("Since the last inspection, in March 2021")
    texts = [f.text for f in doc.findings]
    assert texts == [
        "The quality of plans for children in care, so that they are specific. (outcome 3, national framework)",
        "The timeliness of assessments for disabled children, including those in short breaks those placed "
        "out of the area and the recording of the reasons for delay when a child\u2019s needs are not met in a "
        "timely way, and the follow-up of missed visits.",
        "Decision-making for 16- and 17-year-olds who present as homeless.",
    ]
    assert {f.section for f in doc.findings} == {"What needs to improve?"}
    second = doc.findings[1]
    raw = doc.text[second.start : second.end]
    assert raw.startswith("The timeliness") and raw.endswith("missed visits.")
    assert "\f" in raw and "A second footnote" in raw  # the span covers the furniture it skips
    assert doc.text[doc.findings[0].start : doc.findings[0].end].endswith("framework)")


def test_old_layout_title_and_inspector_on_next_line():
    page = (
        "1\nLondon Borough of Wandsworth\nInspection of children\u2019s social care services\n"
        "Inspection dates: 9 September 2019 to 13 September 2019\nLead inspector: Jo Bloggs\n"
        "Her Majesty\u2019s Inspector\nJudgement Grade\nThe impact of leaders on social work practice with children \n"
        "and families Requires improvement \nto be good\nOverall effectiveness Good\n"
        "Children are helped. At the last inspection, in 2016, services were judged to be good.\n"
        "What needs to improve\n\uf06e Plans.\n\uf06e Visits to children \nin care.\n"
        "The experiences and progress of children who need help and \nprotection: good\n1. Text."
    )
    doc = ilacs.parse(_source([page, "2\nMore."]))
    assert doc.title == "London Borough of Wandsworth Inspection of children\u2019s social care services"
    assert doc.authority.name == "Wandsworth"
    assert doc.inspector.name == "Jo Bloggs" and doc.inspector.title == "Her Majesty\u2019s Inspector"
    assert [j.grade for j in doc.judgements] == ["requires improvement to be good", "good"]
    assert [f.text for f in doc.findings] == ["Plans.", "Visits to children in care."]
    assert doc.previous_inspection.date == "2016"
    assert doc.document_date is None and any("publication date" in w for w in doc.warnings)


def test_unreconciled_authority_warns_and_keeps_as_written():
    page = PAGE1.replace("Rutland", "Atlantis")
    doc = ilacs.parse(_source([page, PAGE2, PAGE3]))
    assert doc.authority.as_written == "Atlantis"
    assert doc.authority.gss_code is None and doc.authority.name is None
    assert any("Atlantis" in w and "not reconciled" in w for w in doc.warnings)


def test_missing_parts_are_warnings_not_guesses():
    page = "Inspection of Rutland local authority children\u2019s services\nSome text.\n"
    doc = ilacs.parse(_source([page]))
    assert doc.inspection_start is None and doc.inspector is None and doc.judgements == ()
    assert doc.findings == () and doc.previous_inspection is None
    joined = " ".join(doc.warnings)
    for what in ("Inspection dates", "lead inspector", "judgement table", "What needs to improve", "publication"):
        assert what.lower() in joined.lower()


def test_sif_title_is_not_parsed_as_ilacs():
    page = (
        "1\nNorfolk County Council\nInspection of services for children in need of help and protection, "
        "children looked after and care leavers\nInspection date: 1 June 2015\nLead inspector: A B\n"
    )
    source = _source([page])
    assert ilacs.detect(source) <= 0.1
    try:
        ilacs.parse(source)
    except ParseError as exc:
        assert "ILACS title" in exc.reason
    else:  # pragma: no cover
        raise AssertionError("a SIF report must not parse as ILACS")


def test_layout_helpers():
    lines = split_lines("a\nb\fH\nc")
    assert [(ln.text, ln.page) for ln in lines] == [("a", 0), ("b", 0), ("H", 1), ("c", 1)]
    assert all("a\nb\fH\nc"[ln.start : ln.end] == ln.text for ln in lines)
    bodies = ["Alpha text.", "Beta words here.", "Gamma line.", "Delta."]
    pages = [HEADER.format(n=i + 1) + f"{body}\n{i + 1}" for i, body in enumerate(bodies)]
    lines = split_lines("\f".join(pages))
    kept = [line.text for line in lines if not line.furniture]
    assert kept == [*HEADER.format(n=1).splitlines(), *bodies]  # page 1 keeps its title lines
    assert join_lines(["16- and 17-", "year-olds", "decision\ufffemaking and", "well-", "being"]) == (
        "16- and 17-year-olds decision-making and well-being"
    )


# -- hostile input --------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    list("abcXYZ 019.:?()-\n\f\u25fc\uf06e\ufffe\u2019o")
    + ["Inspection of ", " local authority children's services", "Inspection dates: ", "Lead inspector: ",
       "Judgement Grade\n", "What needs to improve?\n", "Good\n", "Requires improvement\nto be good\n",
       "Overall effectiveness ", "1 to 5 June 2026", "\u25fc ", "1. ", "The experiences and progress of ",
       ": outstanding\n", "last inspection in 2019. ", "Published: 3 July 2026", "\n1 The areas ", "?1\n"]
)  # fmt: skip
_TEXT = st.lists(_ALPHABET, max_size=120).map("".join)


def _check(source: SourceDocument) -> None:
    check_parser(ilacs, source)  # the shared hostile-input invariant (tests/hostile.py)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_hostile_text_never_raises_untyped(text):
    _check(SourceDocument("h.txt", "0", "text/plain", text))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([PAGE1, PAGE2, PAGE3, ""]) | _TEXT, min_size=1, max_size=5), st.data())
def test_damaged_page_lists_never_raise_untyped(pages, data):
    cut = data.draw(st.integers(min_value=0, max_value=sum(map(len, pages))))
    text = "\f".join(pages)
    _check(_source([text[:cut]]))
    _check(_source(pages))
    shuffled = data.draw(st.permutations(pages))
    _check(_source(list(shuffled)))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_unicode_never_raises_untyped(text):
    _check(SourceDocument("u.txt", "0", "text/plain", text))
