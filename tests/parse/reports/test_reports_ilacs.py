"""ILACS report parser: goldens, consistency over every bundled ILACS report, synthetic layouts."""

from __future__ import annotations

import re

import pytest

from ofsted_kg import SourceDocument
from ofsted_kg.model import AREA_FOR_IMPROVEMENT, KIND_REPORT
from ofsted_kg.parse.reports import ilacs
from ofsted_kg import read_document

from conftest import REPORTS, golden_name

#: (report, why it is in the golden set)
GOLDEN_REPORTS = {
    "westminster/2025-01-13": "short inspection (one week), outstanding, one item",
    "westminster/2019-10-15": "2019 layout, outstanding, one item, previous inspection undated",
    "blackpool/2019-01-17": "inadequate; twelve items, list split across a page break",
    "birmingham/2019-01-17": "2018-19 layout, symbol-font bullets, grades wrapped over lines",
    "blackpool/2026-07-28": "2026 format: no overall effectiveness row, footnoted heading",
    "surrey/2025-05-09": "footnote marker on its own line, national framework cross-references",
    "worcestershire/2023-07-14": "running header wrapped over three lines, mixed grades",
    "kensington-and-chelsea/2019-10-15": "pdfium hyphen mark inside an item, item ends at page end",
}

GRADES = {
    "outstanding",
    "good",
    "requires improvement to be good",
    "inadequate",
}

_CACHE: dict[str, SourceDocument] = {}


def _read(rel: str) -> SourceDocument:
    if rel not in _CACHE:
        _CACHE[rel] = read_document(REPORTS / f"{rel}.pdf")
    return _CACHE[rel]


@pytest.fixture(scope="session")
def ilacs_reports() -> dict[str, SourceDocument]:
    """Every bundled report that detect() takes for ILACS, read once per session."""
    found = {}
    for path in sorted(REPORTS.glob("*/*.pdf")):
        rel = f"{path.parent.name}/{path.stem}"
        source = _read(rel)
        if ilacs.detect(source) >= 0.5:
            found[rel] = source
    return found


def _record(rel: str) -> dict:
    record = ilacs.parse(_read(rel)).to_json()
    record["source"] = f"data/reports/{rel}.pdf"
    return record


# -- classification -------------------------------------------------------------------------

EXPECTED_ILACS = {
    "birmingham/2019-01-17", "birmingham/2023-04-18",
    "blackpool/2019-01-17", "blackpool/2023-02-01", "blackpool/2026-07-28",
    "cheshire-west-and-chester/2019-05-08", "cheshire-west-and-chester/2024-08-28",
    "kensington-and-chelsea/2019-10-15", "kensington-and-chelsea/2025-01-13",
    "norfolk/2023-01-13", "norfolk/2026-05-18",
    "surrey/2022-03-09", "surrey/2025-05-09",
    "wandsworth/2023-01-13", "wandsworth/2026-05-18",
    "westminster/2019-10-15", "westminster/2025-01-13",
    "worcestershire/2019-07-29", "worcestershire/2023-07-14",
}  # fmt: skip


def test_detect_classifies_bundled_reports_by_their_titles(ilacs_reports):
    assert set(ilacs_reports) == EXPECTED_ILACS
    for path in sorted(REPORTS.glob("*/*.pdf")):
        rel = f"{path.parent.name}/{path.stem}"
        score = ilacs.detect(_read(rel))
        if rel in EXPECTED_ILACS:
            assert score >= 0.9, rel
        else:  # SIF, SIF re-inspections, LSCB reviews, earlier frameworks
            assert score <= 0.1, rel


def test_detect_is_low_for_letters_and_prose(letters_dir):
    for path in sorted(letters_dir.glob("*.txt")):
        assert ilacs.detect(read_document(path)) <= 0.2, path.name
    prose = SourceDocument("x.txt", "0", "text/plain", "The children in care were seen. " * 50)
    assert ilacs.detect(prose) == 0.0


# -- goldens --------------------------------------------------------------------------------


@pytest.mark.parametrize("rel", sorted(GOLDEN_REPORTS))
def test_golden(rel, golden):
    actual = _record(rel)
    assert actual == golden.json("reports", golden_name(REPORTS / f"{rel}.pdf"), actual)


def test_golden_set_is_representative():
    records = {rel: _record(rel) for rel in GOLDEN_REPORTS}
    assert len(records) >= 6
    overall = [
        next((j["grade"] for j in r["judgements"] if j["area"] == "Overall effectiveness"), None)
        for r in records.values()
    ]
    assert {"outstanding", "inadequate", "requires improvement to be good", None} <= set(overall)
    # the blackpool 2019 list runs over a page break: its items straddle the form feed
    text = _read("blackpool/2019-01-17").text
    findings = records["blackpool/2019-01-17"]["findings"]
    first, last = findings[0]["start"], findings[-1]["end"]
    assert "\f" in text[first:last]


def test_golden_hand_checked_facts():
    """A few facts read off the PDFs by hand, asserted directly (not via the goldens)."""
    bp = _record("blackpool/2019-01-17")
    assert len(bp["findings"]) == 12
    assert bp["findings"][9]["text"] == (
        "A clearer and more consistent approach to agency decision-maker processes for "
        "approval and matching of foster carers and adopters."
    )
    assert [j["grade"] for j in bp["judgements"]] == [
        "inadequate", "inadequate", "requires improvement to be good", "inadequate",
    ]  # fmt: skip
    assert bp["inspection"] == {"start_date": "2018-11-26", "end_date": "2018-12-07", "type": "standard"}
    assert bp["inspector"] == {"name": "Lorna Schlechte", "title": "Her Majesty\u2019s Inspector"}
    assert bp["previous_inspection"]["date"] == "2014"

    b26 = _record("blackpool/2026-07-28")
    assert [j["area"] for j in b26["judgements"]][-1] == "The experiences and progress of care leavers"
    assert len(b26["judgements"]) == 4
    assert any("Overall effectiveness" in w for w in b26["warnings"])
    assert b26["findings"][0]["text"].endswith("(outcome 1, national framework)")

    surrey = _record("surrey/2025-05-09")
    assert [f["text"][-31:] for f in surrey["findings"]] == ["(Outcome 3, National Framework)",
                                                            "(Outcome 4, National Framework)",
                                                            "(Outcome 3, National Framework)"]
    assert surrey["previous_inspection"]["date"] == "2022"

    kc = _record("kensington-and-chelsea/2019-10-15")
    assert kc["findings"][0]["text"].endswith("information-sharing and decision-making.")
    assert kc["authority"]["as_written"] == "Royal Borough of Kensington and Chelsea"
    assert kc["authority"]["gss_code"] == "E09000020"

    worcs = _record("worcestershire/2023-07-14")
    assert worcs["previous_inspection"]["date"] == "2019-06"
    assert worcs["judgements"][2] == {
        "area": "The experiences and progress of children in care",
        "grade": "requires improvement to be good",
    }


EXPECTED_COUNTS = {
    "birmingham/2019-01-17": 6, "birmingham/2023-04-18": 4,
    "blackpool/2019-01-17": 12, "blackpool/2023-02-01": 4, "blackpool/2026-07-28": 1,
    "cheshire-west-and-chester/2019-05-08": 4, "cheshire-west-and-chester/2024-08-28": 7,
    "kensington-and-chelsea/2019-10-15": 2, "kensington-and-chelsea/2025-01-13": 2,
    "norfolk/2023-01-13": 3, "norfolk/2026-05-18": 1,
    "surrey/2022-03-09": 6, "surrey/2025-05-09": 3,
    "wandsworth/2023-01-13": 3, "wandsworth/2026-05-18": 1,
    "westminster/2019-10-15": 1, "westminster/2025-01-13": 1,
    "worcestershire/2019-07-29": 8, "worcestershire/2023-07-14": 4,
}  # fmt: skip


def test_item_counts_read_by_hand(ilacs_reports):
    counts = {rel: len(ilacs.parse(src).findings) for rel, src in ilacs_reports.items()}
    assert counts == EXPECTED_COUNTS


# -- consistency over every bundled ILACS report ----------------------------------------------

_FURNITURE = re.compile(
    r"Inspection of .{0,80}?children\u2019?'?s services \d{1,2}( \w+)?( \d{4})? to \d{1,2} \w+ \d{4} \d{1,2} "
)


def _slice_text(text: str, start: int, end: int) -> str:
    return " ".join(text[start:end].replace("\ufffe", "-").split())


def test_consistency_over_all_ilacs_reports(ilacs_reports):
    assert ilacs_reports
    for rel, source in ilacs_reports.items():
        doc = ilacs.parse(source)
        where = rel
        assert doc.kind == KIND_REPORT and doc.framework == "ILACS", where
        assert doc.text == source.text, where
        assert doc.title and doc.title.startswith(("Inspection of", doc.authority.as_written or "?")), where
        assert doc.authority.gss_code and doc.authority.dfe_code and doc.authority.name, where
        assert doc.inspection_start and doc.inspection_end, where
        assert doc.inspection_start <= doc.inspection_end, where
        if doc.document_date:
            assert doc.inspection_end <= doc.document_date, where
        else:
            assert any("publication date" in w for w in doc.warnings), where
        assert doc.inspector and doc.inspector.name and doc.inspector.title, where
        assert 3 <= len(doc.judgements) <= 5, where
        assert all(j.grade in GRADES for j in doc.judgements), where
        assert all(j.area.startswith(("The ", "Overall effectiveness")) for j in doc.judgements), where
        assert doc.findings or any("none" in w for w in doc.warnings), where
        if doc.previous_inspection and doc.previous_inspection.date:
            assert doc.previous_inspection.date < doc.inspection_start.isoformat(), where
        for f in doc.findings:
            assert f.category == AREA_FOR_IMPROVEMENT and f.addressee == "local authority", where
            assert f.section.startswith("What needs to improve"), where
            assert 0 <= f.start < f.end <= len(doc.text), where
            raw = doc.text[f.start : f.end]
            assert raw == raw.strip() and not raw.startswith(("\u25fc", "\uf06e")), where
            sliced = _slice_text(doc.text, f.start, f.end)
            if "\f" not in raw:
                assert f.text == sliced.replace("\u00ad", ""), (where, f.text, sliced)
            else:  # furniture between pages: the finding text is the slice without it
                words = f.text.split()
                assert set(words) <= set(sliced.split()), where
            assert not re.search(r"\s{2,}|\n|\f", f.text), where
            assert not _FURNITURE.search(f.text + " "), where
        spans = [(f.start, f.end) for f in doc.findings]
        assert spans == sorted(spans) and all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), where
