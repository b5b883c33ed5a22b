"""Inspections of local authority children's services (ILACS), 2018 onwards.

Three layouts share one structure and one parser:

- 2018-2019: the authority's name on its own line(s), then "Inspection of children's
  social care services"; "Lead inspector: Name" with the post on the next line;
  page numbers at the top of each page; bullets in a symbol font.
- 2019-2026: "Inspection of X local authority children's services"; "Lead inspector:
  Name, His Majesty's Inspector"; a running header (title, dates, page number).
- From April 2026: the same, with footnoted cross-references to the national framework
  and, in some reports, no "Overall effectiveness" row in the judgement table.

Every report is given framework ``ILACS``. None of the documents seen so far says that it
was made under a different framework (the 2026 ones use the same judgement areas and the
same four-point scale), so no separate value is used; a report whose table has no overall
effectiveness row gets a warning saying so. Grades from the report-card scale
(``exceptional`` ... ``urgent improvement``) are read if a table uses them.

Findings are the items under "What needs to improve" (category ``area-for-improvement``,
addressee ``local authority``). No report states its publication date in its text (the
back page has only "(c) Crown copyright YEAR"), so ``document_date`` is null with a
warning unless a "Published" date is written.
"""

from __future__ import annotations

import re
from datetime import date

from ...errors import ParseError
from ...model import (
    AREA_FOR_IMPROVEMENT,
    KIND_REPORT,
    AuthorityRef,
    Finding,
    Judgement,
    ParsedDocument,
    Person,
    PreviousInspection,
    SourceDocument,
)
from ...reference import find_in_text, reconcile
from ..dates import DATE_RE, parse_date, parse_date_range, parse_reduced_date
from ..inspection_type import ilacs_type
from .layout_ilacs import BULLET_RE, list_items
from .pdf_lines import NOTHING_RE, Line, collapse, join_lines, split_lines, wrapped_cells

FRAMEWORK = "ILACS"
ADDRESSEE = "local authority"

_APOS = r"['\u2019]"
_SERVICES = rf"(?:local\s+authority\s+)?children{_APOS}?s\s+(?:social\s+care\s+)?services"
#: "Inspection of Westminster local authority children's services", "Inspection of Kent County
#: Council children's services", "Inspection of Barking and Dagenham children's services".
NAMED_TITLE_RE = re.compile(rf"^Inspection\s+of\s+(?P<la>[^.:;]{{1,120}}?)\s+{_SERVICES}$", re.I)
#: "Inspection of Bradford Children and Families Trust": the trust that runs the services.
TRUST_TITLE_RE = re.compile(r"^Inspection\s+of\s+(?P<la>(?:the\s+)?[A-Z][^.:;]{1,120}?\s+Trust)$")
#: "Inspection of local authority children's services" after the authority's own line(s).
BARE_TITLE_RE = re.compile(rf"^Inspection\s+of\s+{_SERVICES}$", re.I)
#: The words around a trust's name, dropped to find the authority it serves.
TRUST_WORDS_RE = re.compile(
    rf"\b(?:children{_APOS}?s?|young\s+people|famil(?:y|ies)|services?|and|for|first|trust)\b", re.I
)
SIF_TITLE_RE = re.compile(
    r"(?:Re-?\s*)?inspection\s+of\s+services\s+for\s+children\s+in\s+need\s+of\s+help|"
    r"Review\s+of\s+the\s+effectiveness\s+of\s+the\s+Local\s+Safeguarding|"
    r"Inspection\s+of\s+(?:looked\s+after\s+children|safeguarding)",
    re.I,
)
DATES_RE = re.compile(
    r"^\s*(?:Inspection\s+dates?|Dates?\s+of\s+(?:the\s+)?inspection)\s*:?\s*(?P<rest>.*)$", re.I | re.M
)
LEAD_RE = re.compile(r"^\s*Lead\s+inspector\s*:?\s*(?P<rest>.*)$", re.I | re.M)
POST_RE = re.compile(
    rf"(?:(?:His|Her)\s+Majesty{_APOS}s\s+Inspector|HMI|Ofsted\s+Inspector|Social\s+Care\s+Regulatory\s+Inspector)",
    re.I,
)
HONORIFIC_RE = re.compile(r"^(Mr|Mrs|Ms|Miss|Mx|Dr|Prof(?:essor)?)\.?\s+(?=[A-Z])")
PUBLISHED_RE = re.compile(r"\b(?:Published|Publication\s+date|Date\s+published)\s*:?\s*", re.I)

#: The closed judgement scale: ILACS grades, then the report-card scale if ever used.
GRADES = (
    "Requires improvement to be good",
    "Requires improvement",
    "Outstanding",
    "Good",
    "Inadequate",
    "Exceptional",
    "Strong standard",
    "Expected standard",
    "Needs attention",
    "Urgent improvement",
)
GRADE_VALUES = tuple(g.lower() for g in GRADES)
_GRADE_ALT = "|".join(r"\s+".join(map(re.escape, g.split())) for g in GRADES)
#: A table cell ending in its grade (a full stop after it allowed).
GRADE_END_RE = re.compile(rf"(?<![A-Za-z])(?P<grade>{_GRADE_ALT})[ \t]*\.?[ \t]*$")
HEADING_GRADE_RE = re.compile(rf"[A-Z][^.():;\u25fc]{{3,200}}:\s*(?i:{_GRADE_ALT})")

IMPROVE_RE = re.compile(r"^\s*(?P<heading>What\s+needs\s+to\s+improve\b[^\d\n]*?)\s*(?P<mark>\d{1,2})?\s*$", re.I)
PREVIOUS_RE = re.compile(
    r"\b(?:last|previous|prior|preceding|most\s+recent)\s+(?:full\s+|standard\s+|short\s+|ILACS\s+|SIF\s+|single\s+)?"
    r"inspection\b(?!s)|\bwas\s+(?:last\s+)?inspected\s+in\b|"
    rf"\bthe\s+(?:[A-Z][a-z]+\s+)?(?:19|20)\d\d\s+(?:ILACS\s+|SIF\s+)?inspection\b(?!s)|"
    rf"\bthe\s+inspection\s+in\s+(?:[A-Z][a-z]+\s+)?(?:19|20)\d\d\b",
    re.I,
)


#: The ILACS judgement table and headings, whatever the title says.
ILACS_TABLE_RE = re.compile(r"^[ \t]*Judgements?\s+Grades?[ \t]*$", re.I | re.M)
ILACS_AREA_RE = re.compile(r"^[ \t]*The\s+impact\s+of\s+leaders\s+on\s+social\s+work\s+practice", re.I | re.M)


def _ilacs_structure(text: str) -> bool:
    """The ILACS judgement table: its header and its leadership row."""
    head = text[:8000]
    return bool(ILACS_TABLE_RE.search(head) and ILACS_AREA_RE.search(head))


def detect(source: SourceDocument) -> float:
    """Confidence in 0..1 that ``source`` is an ILACS report (title one signal among several)."""
    text = source.text or ""
    head = text[:3000]
    if not head.strip():
        return 0.0
    title = _title(_front(split_lines(text[:20000])))[0]
    score = 0.0
    if title:
        score += 0.5
    if re.search(r"Inspection\s+dates?\s*:", head, re.I):
        score += 0.2
    if re.search(r"Lead\s+inspector\s*:", head, re.I):
        score += 0.2
    if re.search(r"Judgement\s+Grade", head) or re.search(r"What\s+needs\s+to\s+improve", text):
        score += 0.1
    if title:
        return score
    if SIF_TITLE_RE.search(head[:1500]):
        return min(score, 0.1)
    return min(score, 0.6) if _ilacs_structure(text) else min(score, 0.2)


def parse(source: SourceDocument) -> ParsedDocument:
    """Parse one report (``parse_source`` turns an unexpected exception into a ``ParseError``)."""
    text = source.text or ""
    warnings: list[str] = []
    content = [line for line in split_lines(text) if not line.furniture]

    front = _front(content)
    title, as_written = _title(front)
    if title is None:
        if not _ilacs_structure(text):
            raise ParseError(source.path, "no ILACS title ('Inspection of ... children's services') on the first page")
        title, as_written = _untitled(front, warnings)

    start, end = _inspection_dates(text, warnings)
    authority = _authority(as_written, end or start, warnings)
    inspector = _inspector(text, warnings)
    judgements, table_end = _judgements(content, warnings)
    findings = _findings(text, content, judgements, warnings)
    previous = _previous(content, table_end, start, warnings)
    published = _published(text, warnings)
    if published and end and published < end:
        warnings.append(f"publication date {published.isoformat()} is before the inspection ended")

    return ParsedDocument(
        source=source.path,
        sha256=source.sha256,
        kind=KIND_REPORT,
        text=text,
        authority=authority,
        framework=FRAMEWORK,
        title=title,
        document_date=published,
        inspection_start=start,
        inspection_end=end,
        inspection_type=ilacs_type(text.split("\f", 1)[0], start, end),
        previous_inspection=previous,
        inspector=inspector,
        judgements=tuple(judgements),
        findings=tuple(findings),
        warnings=tuple(warnings),
    )


# -- front page ---------------------------------------------------------------------------


def _front(content: list[Line], count: int = 14) -> list[str]:
    """The first ``count`` non-blank content lines of page 1 (running headers and page numbers gone)."""
    lines = [ln.stripped for ln in content if ln.page == 0 and ln.stripped]
    return lines[:count]


def _title(front: list[str]) -> tuple[str | None, str | None]:
    """(title, authority as written) from the opening lines of the first page.

    The title may take one to three lines; the authority is named inside it, or (2018-2020
    layout) on the line(s) just above a bare "Inspection of local authority children's
    services" / "Inspection of children's social care services".
    """
    for at, line in enumerate(front):
        if DATES_RE.match(line) or LEAD_RE.match(line):
            break
        if not re.match(r"Inspection\s+of\b", line, re.I):
            continue
        for size in (1, 2, 3):
            joined = collapse(" ".join(front[at : at + size]))
            if BARE_TITLE_RE.match(joined):
                name = [ln for ln in front[max(0, at - 3) : at] if not re.fullmatch(r"\d{1,3}", ln)]
                la = collapse(" ".join(name)) or None
                return collapse(" ".join([*name, joined])), la
            found = NAMED_TITLE_RE.match(joined) or TRUST_TITLE_RE.match(joined)
            if found:
                return joined, re.sub(r"^the\s+", "", collapse(found.group("la")), flags=re.I)
    return None, None


def _untitled(front: list[str], warnings: list[str]) -> tuple[str | None, str | None]:
    """Title and authority of a report with the ILACS table but a title of no known form."""
    heading = next((ln for ln in front if re.match(r"Inspection\s+of\b", ln, re.I)), None)
    hit = find_in_text(" ".join(front[:6]))
    warnings.append(f"title not in a known form: {heading or front[0] if front else ''!r}")
    return (collapse(heading) if heading else None), (hit[0] if hit else None)


def _inspection_dates(text: str, warnings: list[str]) -> tuple[date | None, date | None]:
    match = DATES_RE.search(text[:4000])
    if not match:
        warnings.append("no 'Inspection dates' line found")
        return None, None
    line = match.group("rest")
    if not DATE_RE.search(line):  # dates wrapped onto the next line
        line = text[match.start() : match.start() + 200]
    span = parse_date_range(line)
    if not span:
        warnings.append(f"inspection dates not understood: {collapse(match.group(0))!r}")
        return None, None
    return span


def _authority(as_written: str | None, when: date | None, warnings: list[str]) -> AuthorityRef:
    if not as_written:
        warnings.append("authority name not found in the title")
        return AuthorityRef(None, None, None, None)
    found = reconcile(as_written, when)
    if found is None and re.search(r"\bTrust$", as_written):
        # a trust runs the services of the authority named inside its own name
        found = reconcile(collapse(TRUST_WORDS_RE.sub(" ", as_written)), when)
    if found is None:
        hit = find_in_text(as_written, when)
        if hit:
            found = hit[1]
            warnings.append(f"authority {as_written!r} reconciled by name search as {found.name!r}")
    if found is None:
        warnings.append(f"authority {as_written!r} not reconciled with the reference table")
        return AuthorityRef(None, None, None, as_written)
    return AuthorityRef(found.name, found.gss_code, found.dfe_code, as_written)


def _inspector(text: str, warnings: list[str]) -> Person | None:
    match = LEAD_RE.search(text[:4000])
    if not match:
        warnings.append("no lead inspector found")
        return None
    rest = match.group("rest").strip()
    following = text[match.end() : match.end() + 120].lstrip("\n").split("\n", 1)[0].strip()
    post = POST_RE.search(rest)
    if post:
        name, title = rest[: post.start()], rest[post.start() : post.end()]
    elif POST_RE.fullmatch(following):
        name, title = rest, following
    else:
        name, title = rest, None
        warnings.append("lead inspector's post not found")
    name = collapse(name).strip(" ,;")
    honorific = HONORIFIC_RE.match(name)
    if honorific:
        name = name[honorific.end() :]
    if not name or len(name.split()) > 6:
        warnings.append(f"lead inspector's name not understood: {collapse(match.group(0))!r}")
        return None
    return Person(
        name=name,
        title=collapse(title) if title else None,
        honorific=honorific.group(1) if honorific else None,
    )


def _published(text: str, warnings: list[str]) -> date | None:
    for match in PUBLISHED_RE.finditer(text):
        found = parse_date(text[match.end() : match.end() + 40])
        if found and DATE_RE.match(text[match.end() : match.end() + 40].lstrip()):
            return found
    warnings.append("publication date not stated in the document")
    return None


# -- judgement table ----------------------------------------------------------------------


def _judgements(content: list[Line], warnings: list[str]) -> tuple[list[Judgement], int]:
    """Graded rows after the "Judgement Grade" header, and the index of the line after the table.

    Cells wrap: an area over two lines, a grade over two ("Requires improvement" / "to be
    good"); ``wrapped_cells`` joins them, so each row is one cell ending in its grade. An
    area may end with a full stop. The table ends at the overall effectiveness row or at
    the first cell that is not a row.
    """
    header = next((i for i, ln in enumerate(content[:80]) if re.fullmatch(r"\s*Judgements?\s+Grades?\s*", ln.text)), None)
    if header is None:
        warnings.append("no judgement table ('Judgement Grade') found")
        return [], 0
    window = content[header + 1 : header + 41]
    rows: list[Judgement] = []
    used = 0
    for cell, last in wrapped_cells([ln.text for ln in window], GRADE_END_RE):
        grade = GRADE_END_RE.search(cell)
        area = collapse(cell[: grade.start()]).rstrip(" .:") if grade else ""
        if not grade or not area or len(area.split()) > 20 or re.search(r"[.;!?]", area):
            break
        rows.append(Judgement(area=area, grade=collapse(grade.group("grade")).lower()))
        used = last + 1
        if area.lower().startswith("overall effectiveness"):
            break
    if not rows:
        warnings.append("judgement table has no graded rows")
    elif not any(r.area.lower().startswith("overall effectiveness") for r in rows):
        warnings.append("judgement table has no 'Overall effectiveness' row")
    return rows, header + 1 + used


# -- what needs to improve ----------------------------------------------------------------


def _is_heading(lines: list[Line], k: int, areas: list[str]) -> bool:
    """Whether content line ``k`` starts the next section (a judgement area heading)."""
    text = lines[k].stripped
    if not text:
        return False
    for size in (1, 2, 3):
        if HEADING_GRADE_RE.fullmatch(collapse(" ".join(ln.text for ln in lines[k : k + size]))):
            return True
    pair = collapse(" ".join(ln.text for ln in lines[k : k + 2]))
    lowered = text.lower()
    if lowered.startswith(("the experiences and progress of", "the impact of leaders", "overall effectiveness")):
        return True
    return any(len(a) > 20 and collapse(pair).lower().startswith(a.lower()[:40]) for a in areas)


def _findings(text: str, content: list[Line], judgements: list[Judgement], warnings: list[str]) -> list[Finding]:
    areas = [j.area for j in judgements]
    findings: list[Finding] = []
    headings = [i for i, ln in enumerate(content) if IMPROVE_RE.match(ln.text)]
    if not headings:
        warnings.append("no 'What needs to improve' section found")
        return []
    for h in headings:
        section = collapse(IMPROVE_RE.match(content[h].text).group("heading"))
        items = list_items(content, h + 1, lambda k: _is_heading(content, k, areas))
        if not items:
            warnings.append(f"no items found under {section!r}")
        for item in items:
            finding = _finding(text, item, section)
            if not NOTHING_RE.match(finding.text):  # "There are no areas for priority action."
                findings.append(finding)
    return findings


def _finding(text: str, item: list[tuple[Line, int]], section: str) -> Finding:
    parts = []
    for line, begin in item:
        piece = text[begin : line.end]
        sub = BULLET_RE.match(piece)
        parts.append(piece[sub.end() :] if sub and line is not item[0][0] else piece)
    cleaned = _drop_markers(join_lines(parts))
    start = item[0][1]
    last_line, last_begin = item[-1]
    end = last_begin + len(text[last_begin : last_line.end].rstrip())
    return Finding(
        category=AREA_FOR_IMPROVEMENT,
        section=section,
        text=cleaned,
        start=start,
        end=max(end, start + 1),
        addressee=ADDRESSEE,
    )


def _drop_markers(text: str) -> str:
    """Footnote numbers glued to the end of a word or sentence ("support.2 The")."""
    return re.sub(r"(?<=[a-z][.,;:)])\d{1,2}(?=\s|$)|(?<=[a-z]{3})\d(?=[\s.,;:]|$)", "", text)


# -- previous inspection ------------------------------------------------------------------


def _previous(content: list[Line], table_end: int, start: date | None, warnings: list[str]) -> PreviousInspection | None:
    body = []
    for line in content[table_end:]:
        if line.stripped.startswith("The Office for Standards in Education"):
            break  # back-page boilerplate
        body.append(line.text)
    prose = join_lines(body)
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z\d\u2018\u201c])", prose)
    undated: str | None = None
    for sentence in sentences:
        match = PREVIOUS_RE.search(sentence)
        if not match:
            continue
        when = parse_reduced_date(sentence[match.start() :])
        if when and start and when >= start.isoformat()[: len(when)]:
            when = None  # not earlier than this inspection: not the previous one
        if when:
            return PreviousInspection(date=when, text=sentence.strip())
        undated = undated or sentence.strip()
    if undated:
        warnings.append("the previous inspection is mentioned without a date")
        return PreviousInspection(date=None, text=undated)
    return None
