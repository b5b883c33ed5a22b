"""Report layouts not in the bundle (synthetic variants of bundled text), detection by structure,
typed rejections, and the text normalisation they rely on.

Goldens: ``tests/golden/reports/variants/<variant>.json``; regenerate with
``pytest --regen-goldens`` only after checking every changed value by hand.
"""

from __future__ import annotations

import difflib
import json
from datetime import date

import pytest

from ofsted_kg.errors import NotADocumentError, ParseError, UnsupportedDocumentError
from ofsted_kg.model import SourceDocument
from ofsted_kg.parse import parse_source
from ofsted_kg.parse.reports.evidence import WEIGHTS, gather
from ofsted_kg.parse.reports.ilacs import GRADE_END_RE
from ofsted_kg.parse.reports.pdf_lines import NOTHING_RE, split_lines, wrapped_cells
from ofsted_kg.read import normalise_text

from variants import VARIANTS, bundled, source


@pytest.fixture(scope="module")
def parsed():
    return {name: parse_source(source(name, build())) for name, build in VARIANTS.items()}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variant_golden(parsed, name, golden):
    got = parsed[name].to_json()
    path = golden.path("reports/variants", name, ".json")
    want = golden.json("reports/variants", name, got)
    if got != want:
        diff = difflib.unified_diff(
            json.dumps(want, indent=1, ensure_ascii=False).splitlines(),
            json.dumps(got, indent=1, ensure_ascii=False).splitlines(),
            "golden", "parsed", lineterm="",
        )  # fmt: skip
        pytest.fail(f"{name} differs from {path.name}:\n" + "\n".join(diff))


# -- the patterns, asserted directly ----------------------------------------------------------


def _authority(doc) -> tuple[str | None, str | None, str | None]:
    return doc.authority.name, doc.authority.gss_code, doc.authority.as_written


def test_ilacs_titles_in_every_form_reconcile_their_authority(parsed):
    expect = {
        "ilacs-two-line-council-title": ("Westminster", "E09000033", "Westminster City Council"),
        "ilacs-own-name-title": ("Barking and Dagenham", "E09000002", "Barking and Dagenham"),
        "ilacs-trust-title": ("Bradford", "E08000032", "Bradford Children and Families Trust"),
        "ilacs-2018-front-page-local-authority": (
            "Birmingham",
            "E08000025",
            "Birmingham City Council",
        ),
        "ilacs-2018-front-page-two-line-authority": (
            "Worcestershire",
            "E10000034",
            "Worcestershire County Council",
        ),
        "ilacs-running-header-on-page-one": ("Westminster", "E09000033", "Westminster"),
        "ilacs-running-header-on-every-page-2018": (
            "Birmingham",
            "E08000025",
            "Birmingham City Council",
        ),
    }
    for name, authority in expect.items():
        doc = parsed[name]
        assert doc.framework == "ILACS", name
        assert _authority(doc) == authority, name
        assert doc.title.startswith((authority[2], "Inspection of")), name
        assert doc.inspection_start and doc.judgements and doc.findings, name
    assert parsed["ilacs-trust-title"].title == "Inspection of Bradford Children and Families Trust"
    assert parsed["ilacs-2018-front-page-local-authority"].title == (
        "Birmingham City Council Inspection of local authority children\u2019s services"
    )


def test_running_header_on_page_one_is_furniture_but_a_title_alone_is_not():
    text = VARIANTS["ilacs-running-header-on-every-page-2018"]()
    page_one = [
        ln.stripped for ln in split_lines(text) if ln.page == 0 and not ln.furniture and ln.stripped
    ]
    assert page_one[:2] == [
        "Birmingham City Council",
        "Inspection of children's social care services",
    ]
    bundled_title = [
        ln.stripped for ln in split_lines(bundled("westminster/2025-01-13")) if ln.page == 0
    ]
    assert bundled_title[0] == "Inspection of Westminster local"


def test_wrapped_grades_with_full_stops(parsed):
    doc = parsed["ilacs-wrapped-grades-full-stops"]
    assert [(j.area, j.grade) for j in doc.judgements] == [
        ("The impact of leaders on social work practice with children and families", "good"),
        ("The experiences and progress of children who need help and protection", "good"),
        ("The experiences and progress of children in care", "requires improvement to be good"),
        ("The experiences and progress of care leavers", "good"),
        ("Overall effectiveness", "good"),
    ]
    cells = wrapped_cells(
        ["Children in care.", "Requires improvement", "to be good", "Since then"], GRADE_END_RE
    )
    assert cells == [("Children in care. Requires improvement to be good", 2), ("Since then", 3)]


def test_sif_list_over_pages_is_complete(parsed):
    doc = parsed["sif-list-over-pages"]
    assert len(doc.findings) == 25  # as in the bundled report the variant is made from
    split = next(
        f
        for f in doc.findings
        if f.text.startswith("Ensure the effectiveness of management oversight")
    )
    assert split.text.endswith("is consistently identified and challenged.")
    assert "inspection report" not in split.text and "\f" in doc.text[split.start : split.end]


def test_no_priority_action_sentence_is_not_an_item(parsed):
    doc = parsed["sif-no-priority-action"]
    assert len(doc.findings) == 14
    assert not any(
        NOTHING_RE.match(f.text) or "no areas for priority" in f.text for f in doc.findings
    )
    assert doc.findings[0].section.endswith("Areas for improvement: Training")


def test_sif_dates_below_their_label(parsed):
    doc = parsed["sif-dates-in-a-column"]
    assert (doc.inspection_start, doc.inspection_end) == (date(2017, 11, 13), date(2017, 11, 24))
    assert doc.document_date == date(2018, 1, 19) and not doc.warnings


def test_sif_report_with_an_unknown_title_is_read_by_its_table(parsed):
    doc = parsed["sif-unknown-title"]
    assert doc.framework == "SIF" and doc.title is None
    assert (doc.authority.name, doc.authority.as_written) == ("Norfolk", "Norfolk")
    assert len(doc.judgements) == 6 and len(doc.findings) == 7
    assert doc.warnings == ("title not in a known form: None",)


def test_a_report_of_no_known_framework_is_a_parse_error_naming_its_signals():
    text = bundled("westminster/2025-01-13")
    text = text.replace("Judgement Grade", "Outcome Summary", 1).replace(
        "Inspection of Westminster local \nauthority children\u2019s services \n",
        "Inspection of Westminster youth justice services \n", 1
    )
    with pytest.raises(ParseError) as info:
        parse_source(_doc(text, "new-framework.pdf"))
    assert "an inspection report by its structure" in info.value.reason
    assert "inspection dates" in info.value.reason and "no known title" in info.value.reason


# -- detection by structure, and typed rejections ----------------------------------------------


def _doc(text: str, name: str = "x.pdf") -> SourceDocument:
    return SourceDocument(name, "0" * 64, "application/pdf", text, tuple(text.split("\f")))


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Monitoring visit to Surrey children\u2019s services", "monitoring visit"),
        ("Focused visit to Norfolk children\u2019s services", "focused visit"),
        (
            "Joint targeted area inspection of the multi-agency response to abuse in Kent",
            "joint targeted area inspection",
        ),
    ],
)
def test_visit_letters_are_rejected_as_unsupported_types(heading, kind):
    text = (
        f"Ofsted\nPiccadilly Gate\nStore Street\nManchester M1 2WD\n10 March 2020\nJane Smith\nDirector\n"
        f"Dear Ms Smith\n{heading}\nThis letter summarises the findings of the visit. Inspection dates: "
        "4 to 5 February 2020. Lead inspector: Ann Example. Areas for priority action ...\n"
    )
    with pytest.raises(UnsupportedDocumentError) as info:
        parse_source(_doc(text, "visit.pdf"))
    assert info.value.document_type == kind
    assert kind in info.value.reason and "not supported yet" in info.value.reason
    assert isinstance(info.value, NotADocumentError) and info.value.path == "visit.pdf"


def test_visit_named_only_in_the_first_paragraph():
    text = "Ofsted\n1 May 2019\nDear Mr Jones\nThis letter summarises the findings of the focused visit to Kent.\n"
    assert gather(_doc(text)).visit_type == "focused visit"


def test_a_report_mentioning_monitoring_visits_in_its_body_is_still_a_report():
    doc = parse_source(source("bham", bundled("birmingham/2019-01-17")))
    assert "monitoring visits" in doc.text and doc.framework == "ILACS"


def test_rejection_names_the_missing_signals():
    prose = "Minutes of the meeting\nThe children in care were discussed. " * 20
    with pytest.raises(NotADocumentError) as info:
        parse_source(_doc(prose))
    reason = info.value.reason
    assert not isinstance(info.value, UnsupportedDocumentError)
    for signal in WEIGHTS:
        assert signal in reason
    assert "score 0.00" in reason


def test_structure_without_a_known_title_is_still_a_report():
    """A new title wording: the table, dates, inspector and headings carry the decision."""
    text = bundled("westminster/2025-01-13").replace(
        "Inspection of Westminster local \nauthority children\u2019s services \n",
        "Westminster City Council: report on children\u2019s services \n",
        1,
    )
    evidence = gather(_doc(text))
    assert evidence.is_report and "title" in evidence.missing
    doc = parse_source(_doc(text))
    assert doc.framework == "ILACS" and doc.authority.name == "Westminster"
    assert any("title not in a known form" in w for w in doc.warnings)


def test_report_without_inspection_dates_is_an_error_not_a_silent_drop():
    text = bundled("westminster/2025-01-13").replace(
        "Inspection dates: 11 to 15 November 2024", "Inspection dates: to be confirmed", 1
    )
    with pytest.raises(ParseError) as info:
        parse_source(_doc(text, "undated.pdf"))
    assert "without inspection dates" in info.value.reason and info.value.path == "undated.pdf"


def test_bundled_fake_reports_are_rejected_with_a_reason(fixtures_dir):
    from ofsted_kg.read import read_document

    for path in sorted((fixtures_dir / "bad").glob("*.pdf")):
        with pytest.raises(NotADocumentError) as info:
            parse_source(read_document(path))
        assert "HTML" in info.value.reason


# -- non-characters, normalised once where text is read ----------------------------------------


def test_pdfium_hyphen_mark_becomes_a_hyphen_or_joins_by_context():
    assert normalise_text("a multi\ufffeagency team") == "a multi-agency team"
    # the document writes the joined word and never the hyphenated one: a hyphenation point
    assert (
        normalise_text("long\ufffestanding issues; longstanding concerns")
        == "longstanding issues; longstanding concerns"
    )
    assert (
        normalise_text("re\ufffefocused, re-focused, refocused")
        == "re-focused, re-focused, refocused"
    )
    # at the end of a line the halves stay on their lines
    assert normalise_text("decision\ufffe\nmaking") == "decision-\nmaking"
    assert normalise_text("long\ufffe\nstanding; longstanding") == "longstanding\n; longstanding"


def test_other_non_characters_are_dropped():
    assert normalise_text("a\uffffb\ufdd0c\U0001fffed\ufffe") == "abcd-"
