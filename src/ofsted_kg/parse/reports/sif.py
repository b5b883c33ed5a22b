"""Reports of the single inspection framework (SIF), 2013-2018.

Framework short name ``SIF``. Covers, by the title on the first page:

- "Inspection of services for children in need of help and protection, children
  looked after and care leavers" (with or without "and Review of the effectiveness
  of the Local Safeguarding Children Board");
- "Re-inspection of services for children in need of help and protection, ...";
- a stand-alone "Review of the effectiveness of the Local Safeguarding Children Board".

Judgements: the overall one ("Children's services in X are inadequate", "The overall
judgement is ...") as ``Overall effectiveness``; the numbered rows of the title-page
table with their numbering stripped; the LSCB judgement ("The Local Safeguarding
Children Board is good", "The effectiveness of the LSCB is inadequate") as
``The effectiveness of the Local Safeguarding Children Board``. Grades are lower
case; "requires improvement to be good" is ``requires improvement``.

Findings: every item under "Recommendations" or "What does the local authority / the
LSCB need to improve?" (with its "Priority and immediate action" / "Areas for
improvement" groups and topic sub-headings, joined into ``section`` with ": ") has
category ``recommendation``. Items in the LSCB part of the report (or in a stand-alone
LSCB review) are addressed to the board, the others to the "local authority".
"""

from __future__ import annotations

import re

from ...errors import ParseError
from ..inspection_type import from_title
from ...model import KIND_REPORT, RECOMMENDATION, Finding, Judgement, ParsedDocument, SourceDocument
from .layout_sif import Line, collapse, content, extract_items, split_lines, strip_markers
from ...reference import find_in_text
from .meta_sif import (
    GRADE_RE,
    authority_ref,
    field_dates,
    inspector,
    normalise_grade,
    previous_inspection,
)

FRAMEWORK = "SIF"
LSCB_AREA = "The effectiveness of the Local Safeguarding Children Board"
OVERALL_AREA = "Overall effectiveness"

_SIF_TITLE = re.compile(
    r"(?:re-?\s?)?inspection of services for children in need of help and protection", re.I
)
_LSCB_TITLE = re.compile(r"review of the effectiveness of the local safeguarding children board", re.I)
_ILACS_TITLE = re.compile(r"inspection of .{2,80}? local authority children.s services", re.I)
_TITLE_START = re.compile(r"^\s*(?:Re-?\s?inspection|Inspection|Review) of ", re.I)
_DATES_LINE = re.compile(r"^\s*(?:inspection dates?|report published|published)\b", re.I)
_LSCB_JUDGEMENT = re.compile(
    r"^(?:The effectiveness of the (?:Local Safeguarding Children Board|LSCB)(?: \(LSCB\))?"
    r"|The Local Safeguarding Children Board(?: \(LSCB\))?)\s+(?:is\s+|are\s+)?"
    rf"(?P<grade>{GRADE_RE})(?:\s+because:?)?\s*\.?$"
)
_LSCB_HEADING = re.compile(
    r"^(?:Section \d+:?\s*)?The (?:effectiveness of the )?(?:Local Safeguarding Children Board|LSCB)"
    r"(?: \(LSCB\))?$|^What does the LSCB need to improve\??$",
    re.I,
)
_OVERALL = re.compile(
    r"(?:overall judgement is(?:\s+that)?(?:\s+children.s services)?(?:\s+are|\s+is)?"
    r"|Children.s services in .{2,90}?(?:\s+are|\s+is)?)\s+"
    rf"(?P<grade>{GRADE_RE})"
)
_ROW = re.compile(
    r"(?<!\S)(?P<num>\d(?:\.\d)?)\.?\s+(?P<area>[A-Z][A-Za-z ,'\u2019\-]+?)\s+"
    rf"(?P<grade>{GRADE_RE})(?=\s|$|\.)"
)


def title_lines(source: SourceDocument, start: re.Pattern[str], first: int = 12) -> str | None:
    """The title as it opens the first page: from a line matching ``start`` among the
    first few lines, joined with the next three (None if no line opens a title)."""
    lines = [ln for ln in source.text.split("\f", 1)[0][:6000].split("\n") if ln.strip()][:first]
    at = next((i for i, ln in enumerate(lines) if start.match(ln)), None)
    return None if at is None else collapse(" ".join(lines[at : at + 4]))


def detect(source: SourceDocument) -> float:
    try:
        title = title_lines(source, _TITLE_START) or ""
        if _ILACS_TITLE.match(title):
            return 0.0
        head = collapse(source.text.split("\f", 1)[0][:4000])
        dated = bool(re.search(r"inspection dates?|report published", head, re.I))
        if _SIF_TITLE.match(title):
            return 0.95 if dated else 0.7
        if _LSCB_TITLE.match(title):
            return 0.9 if dated else 0.6
        return 0.6 if dated and sif_structure(source.text) else 0.0
    except Exception:  # detect must never fail on hostile input
        return 0.0


#: Rows of the SIF judgement table on the first page.
_SIF_ROWS = (
    r"children\s+who\s+need\s+help\s+and\s+protection",
    r"children\s+looked\s+after\s+and\s+achieving\s+permanence",
    r"leadership,?\s+management\s+and\s+governance",
)


def sif_structure(text: str) -> bool:
    """The SIF judgement table (at least two of its rows, graded) on the first page."""
    front = collapse(text.split("\f", 1)[0][:6000])
    rows = sum(bool(re.search(rf"{row}\s+{GRADE_RE}", front, re.I)) for row in _SIF_ROWS)
    return rows >= 2 and not _ILACS_TITLE.search(front[:400])



def title_page(lines: list[Line]) -> tuple[str | None, str | None]:
    """(title, authority as written) from the first page of a SIF report."""
    first = [ln for ln in content(lines) if ln.page == 0]
    at = next((i for i, ln in enumerate(first) if _TITLE_START.match(ln.text)), None)
    if at is None:
        return None, None
    stop = next((i for i in range(at, len(first)) if _DATES_LINE.match(first[i].text)), len(first))
    title = collapse(" ".join(strip_markers(ln.text, ln.footnotes) for ln in first[at:stop]))
    before = [ln.stripped for ln in first[:at] if not re.fullmatch(r"\d+", ln.stripped)]
    authority = collapse(" ".join(before)) or None
    return title or None, authority


def named_on_front(lines: list[Line]) -> str | None:
    """The authority as named on the first page above its dates line (None if none is)."""
    first = [ln for ln in content(lines) if ln.page == 0]
    stop = next((i for i, ln in enumerate(first) if _DATES_LINE.match(ln.text)), len(first))
    hit = find_in_text(" \n ".join(ln.stripped for ln in first[:stop]))
    return hit[0] if hit else None


def judgements(lines: list[Line]) -> list[Judgement]:
    first = [ln for ln in content(lines) if ln.page == 0]
    after = next((i for i, ln in enumerate(first) if _DATES_LINE.match(ln.text)), 0)
    table = collapse(" ".join(strip_markers(ln.text, ln.footnotes) for ln in first[after:]))
    found: list[Judgement] = []
    overall = _OVERALL.search(table)
    if overall:
        found.append(Judgement(OVERALL_AREA, normalise_grade(overall["grade"]) or ""))
    for row in _ROW.finditer(table):
        grade = normalise_grade(row["grade"])
        if grade:
            found.append(Judgement(collapse(row["area"]), grade))
    lscb = lscb_judgement(lines)
    if lscb:
        found.append(lscb)
    return found


def lscb_judgement(lines: list[Line]) -> Judgement | None:
    rows = content(lines)
    for i, line in enumerate(rows):
        one = collapse(strip_markers(line.text, line.footnotes))
        two = one + " " + collapse(rows[i + 1].text) if i + 1 < len(rows) else one
        for text in (one, two):
            m = _LSCB_JUDGEMENT.match(text)
            if m:
                return Judgement(LSCB_AREA, normalise_grade(m["grade"]) or "")
    return None


def lscb_start(lines: list[Line], title: str | None) -> tuple[int | None, str]:
    """Offset where the LSCB part of the report starts, and the board as written."""
    board = "Local Safeguarding Children Board"
    if title and _LSCB_TITLE.match(title):
        return 0, board
    rows = content(lines)
    for i, line in enumerate(rows):
        if line.page == 0:
            continue
        one = collapse(strip_markers(line.text, line.footnotes))
        two = one + " " + collapse(rows[i + 1].text) if i + 1 < len(rows) else one
        for text in (one, two):
            if _LSCB_HEADING.match(text) or _LSCB_JUDGEMENT.match(text):
                named = re.search(r"Local Safeguarding Children Board", text, re.I)
                return line.start, collapse(named.group()) if named else board
    return None, board


def parse(source: SourceDocument) -> ParsedDocument:
    """Parse one report (``parse_source`` turns an unexpected exception into a ``ParseError``)."""
    text = source.text
    lines = split_lines(text)
    warnings: list[str] = []
    title, as_written = title_page(lines)
    if title is None or not (_SIF_TITLE.search(title) or _LSCB_TITLE.search(title)):
        if not sif_structure(text):
            raise ParseError(source.path, "no single-inspection-framework title on the first page")
        # the SIF judgement table without a known title: read it, and say so
        warnings.append(f"title not in a known form: {title!r}")
        as_written = as_written or named_on_front(lines)
        title = title or ""
    published, start, end = field_dates(lines, warnings)
    authority = authority_ref(as_written, end or published, warnings)
    grades = judgements(lines)
    if not grades:
        warnings.append("no graded judgements found")
    elif _SIF_TITLE.search(title) and not any(j.area == OVERALL_AREA for j in grades):
        warnings.append("overall effectiveness judgement not found")
    if any(not j.grade for j in grades):
        warnings.append("a judgement grade could not be normalised")
    board_from, board = lscb_start(lines, title)
    if _LSCB_TITLE.search(title) and not any(j.area == LSCB_AREA for j in grades):
        warnings.append("LSCB judgement not found")
    findings = []
    for item in extract_items(lines):
        to_board = board_from is not None and item.start >= board_from
        findings.append(
            Finding(
                category=RECOMMENDATION,
                section=item.section,
                text=item.text,
                start=item.start,
                end=item.end,
                addressee=board if to_board else "local authority",
            )
        )
    if not findings:
        warnings.append("no recommendations section found")
    elif _LSCB_TITLE.search(title) and not any(f.addressee == board for f in findings):
        warnings.append("no LSCB recommendations found")
    return ParsedDocument(
        source=source.path,
        sha256=source.sha256,
        kind=KIND_REPORT,
        text=text,
        authority=authority,
        framework=FRAMEWORK,
        title=title or None,
        document_date=published,
        inspection_start=start,
        inspection_end=end,
        inspection_type=from_title(title),
        previous_inspection=previous_inspection(lines),
        inspector=inspector(lines, warnings),
        judgements=tuple(grades),
        findings=tuple(findings),
        warnings=tuple(warnings),
    )
