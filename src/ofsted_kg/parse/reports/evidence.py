"""Is this document an inspection report? Structural evidence, scored, with reasons.

A report is recognised by what it is built of, not by one wording of its title:

- an inspection-dates line ("Inspection dates: 3 to 14 December 2018");
- a lead (or reporting) inspector line;
- a judgement table (judgement areas with grades on the four-point scale);
- the framework's section headings ("What needs to improve", "Recommendations",
  "Record of main findings", "Information about this local authority area", ...);
- a title ("Inspection of ...", "Review of the effectiveness of ...") on the first page.

Each signal has a weight; ``Evidence.score`` is their sum (0..1). A document is taken
as a report from ``REPORT_THRESHOLD`` up; below it, ``Evidence.reason`` names the
signals that were missing. Letters about monitoring visits, focused visits and joint
targeted area inspections are a different document type: ``visit_type`` names it, so
the caller can say "not supported yet" rather than "not a report".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model import SourceDocument
from ..dates import DATE_RE

#: Weights of the signals; they sum to 1.
WEIGHTS = {
    "title": 0.3,
    "inspection dates": 0.2,
    "lead inspector": 0.15,
    "judgement table": 0.2,
    "section headings": 0.15,
}
REPORT_THRESHOLD = 0.5

_APOS = r"['\u2019]?"
_GRADE = r"(?:outstanding|good|requires?\s+improvement|inadequate|adequate)"
DATES_LINE_RE = re.compile(
    r"^[ \t]*(?:(?:inspection|visit)\s+dates?|dates?\s+of\s+(?:the\s+)?inspection)\b[ \t]*:?",
    re.I | re.M,
)
LEAD_LINE_RE = re.compile(r"^[ \t]*(?:lead|reporting)\s+inspector\b", re.I | re.M)
TITLE_LINE_RE = re.compile(
    r"^[ \t]*(?:(?:re-?\s?)?inspection\s+of\s+\S|review\s+of\s+the\s+effectiveness\s+of\s+the\s+local\s+safeguarding)",
    re.I | re.M,
)
#: Judgement areas of the three frameworks, as a table row starts.
_AREAS = (
    r"overall\s+effectiveness|the\s+impact\s+of\s+leaders|the\s+experiences\s+and\s+progress\s+of"
    r"|children\s+who\s+need\s+help\s+and\s+protection|children\s+looked\s+after|adoption\s+performance"
    r"|leadership,?\s+management\s+and\s+governance|capacity\s+(?:for|to)\s+improve"
    r"|the\s+effectiveness\s+of\s+the\s+(?:local\s+safeguarding|lscb)|the\s+local\s+safeguarding\s+children\s+board"
)
TABLE_RE = re.compile(
    rf"^[ \t]*(?:judgements?\s+grades?[ \t]*$|record\s+of\s+main\s+findings|(?:\d(?:\.\d)?\.?\s+)?(?:{_AREAS})"
    rf"[^\n]{{0,160}}(?:\n[^\n]{{0,160}}){{0,2}}?(?:\s|:|\(){_GRADE}\b)",
    re.I | re.M,
)
HEADINGS = (
    r"what\s+needs\s+to\s+improve",
    r"recommendations?",
    r"areas?\s+for\s+(?:improvement|priority\s+action)",
    r"what\s+does\s+the\s+(?:local\s+authority|lscb)\s+need\s+to\s+improve\??",
    r"record\s+of\s+main\s+findings",
    r"information\s+about\s+this\s+(?:inspection|local\s+authority\s+area)",
    r"summary\s+for\s+children\s+and\s+young\s+people",
    r"executive\s+summary",
    r"the\s+experiences\s+and\s+progress\s+of\s+[^\n]{3,80}",
    r"the\s+impact\s+of\s+leaders\s+on\s+social\s+work\s+practice[^\n]{0,80}",
    r"overall\s+effectiveness",
)
HEADING_RE = re.compile(
    rf"^[ \t]*(?:\d{{1,2}}\.?\s+)?(?P<h>{'|'.join(HEADINGS)})[ \t]*(?::[^\n]*)?\d{{0,2}}[ \t]*$",
    re.I | re.M,
)

#: Letters of visits, not inspection reports: (type, pattern of their heading or first paragraph).
VISIT_TYPES = (
    ("monitoring visit", r"monitoring\s+visit"),
    ("focused visit", r"focused\s+visit"),
    ("joint targeted area inspection", r"joint\s+targeted\s+area\s+inspection"),
)
_VISIT_HEADING = r"^[ \t]*(?:subject:\s*)?(?:re:\s*)?{pattern}\s+(?:to|of|at|for|on)\b"
_VISIT_LETTER = (
    r"this\s+letter\s+summarises\s+the\s+(?:findings|outcome)\s+of\s+(?:a|the|our)\s+{pattern}"
)


@dataclass(frozen=True, slots=True)
class Evidence:
    """The structural signals found in one document."""

    found: frozenset[str]
    visit_type: str | None = None

    @property
    def score(self) -> float:
        return round(sum(WEIGHTS[name] for name in self.found), 3)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(name for name in WEIGHTS if name not in self.found)

    @property
    def is_report(self) -> bool:
        return self.visit_type is None and self.score >= REPORT_THRESHOLD

    def reason(self) -> str:
        """Why the document is not taken as a report (names the missing signals)."""
        if self.visit_type:
            return f"a {self.visit_type} letter: this document type is not supported yet"
        found = ", ".join(name for name in WEIGHTS if name in self.found) or "none"
        return (
            "not an Ofsted children's-services letter or inspection report: "
            f"missing {', '.join(self.missing)} (found: {found}; score {self.score:.2f} < {REPORT_THRESHOLD})"
        )


    def unread_reason(self) -> str:
        """Why a document that is a report by its structure was still not read."""
        found = ", ".join(name for name in WEIGHTS if name in self.found)
        return (
            f"an inspection report by its structure (found: {found}; score {self.score:.2f}) "
            "but of no framework the parsers know: no known title and no framework's "
            "judgement table on the first page"
        )


def _first_lines(text: str, count: int) -> str:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    return "\n".join(lines[:count])


def visit_type(text: str) -> str | None:
    """The visit type a letter reports on, from its heading or first paragraph, or None."""
    front = text.split("\f", 1)[0][:6000]
    opening = _first_lines(front, 15)
    for name, pattern in VISIT_TYPES:
        if re.search(_VISIT_HEADING.format(pattern=pattern), opening, re.I | re.M):
            return name
        if re.search(_VISIT_LETTER.format(pattern=pattern), re.sub(r"\s+", " ", front), re.I):
            return name
    return None


def _dated(text: str) -> bool:
    for match in DATES_LINE_RE.finditer(text):
        if DATE_RE.search(text[match.end() : match.end() + 200]):
            return True
    return False


def gather(source: SourceDocument) -> Evidence:
    """The structural evidence that ``source`` is an inspection report."""
    text = source.text or ""
    head = text[:8000]  # the front page(s): title, dates, inspector, judgement table
    found: set[str] = set()
    if TITLE_LINE_RE.search(_first_lines(text.split("\f", 1)[0], 15)):
        found.add("title")
    if _dated(head):
        found.add("inspection dates")
    if LEAD_LINE_RE.search(text):
        found.add("lead inspector")
    if TABLE_RE.search(text[:30000]):
        found.add("judgement table")
    headings = {re.sub(r"\s+", " ", m.group("h").lower())[:30] for m in HEADING_RE.finditer(text)}
    if len(headings) >= 2:
        found.add("section headings")
    return Evidence(frozenset(found), visit_type(text))
