"""Reports of the frameworks before the single inspection framework, 2009-2013.

Framework short names, chosen by the title on the first page:

- ``LAC-2013``: "Inspection of looked after children services" (2012-2013);
- ``CP-2012``: "Inspection of local authority arrangements for the protection of
  children" (2012-2013);
- ``SLAC``: "Inspection of safeguarding and looked after children services" (2009-2012).

Judgements come from the "Record of main findings" table (area and grade per row,
area text wrapped over lines joined), or failing that from the "Grade N (word)" lines
under each judgement heading. Grades are lower case on the four-point scale
("outstanding", "good", "adequate", "inadequate").

Findings: each bullet (or numbered item) under "Areas for improvement" is an
``area-for-improvement``; the timescale heading it sits under goes into ``section``
("Areas for improvement: Within three months"). The numbered sentence introducing
the list ("... the local authority should take the following action.") is not an item.
Items under a "Recommendations" heading are ``recommendation``. All are addressed to
the "local authority".
"""

from __future__ import annotations

import re

from ...errors import ParseError
from ..inspection_type import from_title
from ...model import (
    AREA_FOR_IMPROVEMENT,
    KIND_REPORT,
    RECOMMENDATION,
    Finding,
    Judgement,
    ParsedDocument,
    SourceDocument,
)
from .layout_sif import Line, collapse, content, extract_items, split_lines, strip_markers
from .sif import title_lines
from .meta_sif import (
    GRADE_RE,
    authority_ref,
    field_dates,
    inspector,
    normalise_grade,
    previous_inspection,
)

#: Title phrase (lower case, whitespace collapsed) -> framework short name.
FRAMEWORKS = (
    ("inspection of looked after children services", "LAC-2013"),
    ("inspection of local authority arrangements for the protection of children", "CP-2012"),
    ("inspection of safeguarding and looked after children services", "SLAC"),
)
_TITLE_PHRASES = tuple(phrase for phrase, _ in FRAMEWORKS)
_TITLE_START = re.compile(r"^\s*Inspection of ", re.I)
_DATES_LINE = re.compile(r"^\s*(?:inspection dates?|report published|published|reporting inspector|lead inspector)\b", re.I)
_GRADE_LINE = re.compile(rf"^Grade\s+\d\s*\(\s*(?P<grade>{GRADE_RE})\s*\)\s*$", re.I)
_ROW_END = re.compile(rf"^(?P<area>.*?)\s*(?P<grade>{GRADE_RE})\s*$")


def _framework(text: str) -> str | None:
    lowered = collapse(text).lower().replace("\u2019", "'")
    for phrase, name in FRAMEWORKS:
        if phrase in lowered:
            return name
    return None


def detect(source: SourceDocument) -> float:
    try:
        title = title_lines(source, _TITLE_START)
        framework = _framework(title or "")
        if framework is None or not title.lower().startswith(_TITLE_PHRASES):
            return 0.0
        head = collapse(source.text.split("\f", 1)[0][:3000])
        dated = re.search(r"inspection dates?|published", head, re.I)
        return 0.95 if dated else 0.7
    except Exception:  # detect must never fail on hostile input
        return 0.0



def title_page(lines: list[Line]) -> tuple[str | None, str | None]:
    """(title, authority as written): the "Inspection of ..." lines and the name line."""
    first = [ln for ln in content(lines) if ln.page == 0]
    at = next((i for i, ln in enumerate(first) if _TITLE_START.match(ln.text)), None)
    if at is None:
        return None, None
    end = at + 1
    while end < len(first) and first[end].stripped[:1].islower():
        end += 1
    title = collapse(" ".join(strip_markers(ln.text, ln.footnotes) for ln in first[at:end]))
    stop = next((i for i in range(end, len(first)) if _DATES_LINE.match(first[i].text)), len(first))
    names = [ln.stripped for ln in first[:at] + first[end:stop] if not re.fullmatch(r"\d+", ln.stripped)]
    return title, (collapse(" ".join(names)) or None)


def judgements(lines: list[Line]) -> list[Judgement]:
    rows = content(lines)
    at = next((i for i, ln in enumerate(rows) if re.fullmatch(r"record of main findings", ln.stripped, re.I)), None)
    if at is None:
        return _graded_headings(rows)
    return _table([ln for ln in rows[at + 1 :] if ln.page <= rows[at].page + 1])


def _table(rows: list[Line]) -> list[Judgement]:
    found: list[Judgement] = []
    pending: list[str] = []
    for line in rows:
        text = collapse(strip_markers(line.text, line.footnotes))
        m = _ROW_END.match(text)
        if m:
            if m["area"][:1].isupper():
                pending = []  # a row with its own area: what was pending was a group heading
            area = collapse(" ".join(pending + [m["area"]]))
            pending = []
            if area:
                found.append(Judgement(area, normalise_grade(m["grade"]) or ""))
            continue
        if pending and not text[:1].islower():
            pending = []  # the pending line was a group heading ("Services for ...")
        pending.append(text)
        if len(pending) > 4:
            break
    return found


def _graded_headings(rows: list[Line]) -> list[Judgement]:
    found: list[Judgement] = []
    for i, line in enumerate(rows):
        m = _GRADE_LINE.match(collapse(line.text))
        if not m:
            continue
        heading: list[str] = []
        j = i - 1
        while j >= 0 and len(heading) < 3:
            prev = collapse(rows[j].text)
            if prev.endswith((".", ":", ")")) or _GRADE_LINE.match(prev) or rows[j].page != line.page and heading:
                break
            heading.insert(0, prev)
            j -= 1
        if heading:
            found.append(Judgement(collapse(" ".join(heading)), normalise_grade(m["grade"]) or ""))
    return found


def parse(source: SourceDocument) -> ParsedDocument:
    """Parse one report (``parse_source`` turns an unexpected exception into a ``ParseError``)."""
    text = source.text
    lines = split_lines(text)
    warnings: list[str] = []
    title, as_written = title_page(lines)
    framework = _framework(title or "")
    if title is None or framework is None:
        raise ParseError(source.path, "no earlier-framework inspection title on the first page")
    published, start, end = field_dates(lines, warnings)
    authority = authority_ref(as_written, end or published, warnings)
    grades = judgements(lines)
    if not grades:
        warnings.append("no graded judgements found")
    if any(not j.grade for j in grades):
        warnings.append("a judgement grade could not be normalised")
    findings = []
    for item in extract_items(lines):
        category = RECOMMENDATION if item.section.lower().startswith("recommendation") else AREA_FOR_IMPROVEMENT
        findings.append(
            Finding(category, item.section, item.text, item.start, item.end, addressee="local authority")
        )
    if not findings:
        warnings.append("no areas for improvement or recommendations section found")
    return ParsedDocument(
        source=source.path,
        sha256=source.sha256,
        kind=KIND_REPORT,
        text=text,
        authority=authority,
        framework=framework,
        title=title,
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
