"""Metadata helpers shared by the 2012-2018 report parsers (``earlier`` and ``sif``).

Title-page fields (authority, dates), the lead/reporting inspector, the sentence
about the previous inspection, and grade normalisation. Pure functions.
"""

from __future__ import annotations

import re
from datetime import date

from ...model import AuthorityRef, Person, PreviousInspection
from ...reference import find_in_text, reconcile
from ..dates import DATE_RE, MONTH_YEAR_RE, month_number, parse_date, parse_date_range
from .layout_sif import Line, collapse, item_marker, strip_markers

#: Grades as they are written, longest first; value is the normalised grade.
GRADES = {
    "requires improvement to be good": "requires improvement",
    "require improvement to be good": "requires improvement",
    "requires improvement": "requires improvement",
    "require improvement": "requires improvement",
    "outstanding": "outstanding",
    "inadequate": "inadequate",
    "adequate": "adequate",
    "good": "good",
}
#: Closed scale of normalised grades.
GRADE_SCALE = frozenset(GRADES.values())
GRADE_RE = r"(?i:requires?\s+improvement(?:\s+to\s+be\s+good)?|outstanding|inadequate|adequate|good)"


def normalise_grade(text: str) -> str | None:
    return GRADES.get(re.sub(r"\s+", " ", text.strip().lower()))


def authority_ref(as_written: str | None, when: date | None, warnings: list[str]) -> AuthorityRef:
    """Reconcile the authority named on the title page; warn if that fails."""
    if not as_written:
        warnings.append("authority not found on the title page")
        return AuthorityRef(None, None, None, None)
    found = reconcile(as_written, when)
    if found is None:
        # "Surrey Safeguarding Children Board": the area is named inside the phrase.
        hit = find_in_text(as_written, when)
        found = hit[1] if hit else None
    if found is None:
        warnings.append(f"authority not reconciled to the reference table: {as_written!r}")
        return AuthorityRef(None, None, None, as_written)
    return AuthorityRef(found.name, found.gss_code, found.dfe_code, as_written)


_LABEL_RE = re.compile(r"^\s*[A-Z][A-Za-z ]{2,40}:")


def field_dates(lines: list[Line], warnings: list[str]) -> tuple[date | None, date | None, date | None]:
    """(published, inspection start, inspection end) from the first labelled lines."""
    published = start = end = None
    window = [ln for ln in lines if not ln.furniture][:200]
    for index, line in enumerate(window):
        text = collapse(line.text)
        # the value may wrap, or sit on the next lines (a two-column table), up to the next label
        following = []
        for after in window[index + 1 : index + 4]:
            if _LABEL_RE.match(after.text):
                break
            following.append(after.text)
        nxt = collapse(" ".join(following))
        if start is None and re.match(r"inspection dates?\s*:?", text, re.I):
            span = parse_date_range(text) or parse_date_range(text + " " + nxt)
            if span:
                start, end = span
        if published is None and re.match(r"(?:report )?published\s*:?", text, re.I):
            published = parse_date(text) or parse_date(text + " " + nxt)
    if published is None:
        warnings.append("publication date not found")
    if start is None:
        warnings.append("inspection dates not found")
    return published, start, end


_ROLE_RE = re.compile(
    r"^\s*(lead|reporting)\s+inspector\s*[:\-\u2013]?\s*(?P<rest>.+)$", re.I
)
_HONORIFIC_RE = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+")


def inspector(lines: list[Line], warnings: list[str]) -> Person | None:
    """The lead (or reporting) inspector, from the first such labelled line."""
    for line in lines:
        if line.furniture:
            continue
        m = _ROLE_RE.match(strip_markers(line.text, line.footnotes))
        if not m:
            continue
        rest = collapse(m["rest"]).rstrip(".,; ")
        title = None
        post = re.search(
            r",?\s*(Senior\s+HMI|HMI|Senior\s+Her\s+Majesty.s\s+Inspector|Her\s+Majesty.s\s+Inspector)$",
            rest,
        )
        if post:
            title = "Senior Her Majesty's Inspector" if post.group(1).startswith("Senior") else "Her Majesty's Inspector"
            rest = rest[: post.start()].rstrip(" ,")
        honorific = _HONORIFIC_RE.match(rest)
        name = rest[honorific.end():] if honorific else rest
        if not name or len(name.split()) > 6:
            continue
        return Person(
            name=name,
            title=title or f"{m.group(1).capitalize()} inspector",
            honorific=honorific.group().strip() if honorific else None,
        )
    warnings.append("lead inspector not found")
    return None


_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\u2018\u201c(])")
#: "The previous inspection of the local authority's ... was in March 2014."
_CANONICAL_PREV = re.compile(
    r"^The (?:previous|last) (?:Ofsted )?inspection (?:report )?(?:of|for) .{3,200}?"
    r"\b(?:was|were) (?:carried out |published )?in "
)
_ANY_PREV = re.compile(
    r"\b(?:last|previous|previously|earlier)\b.{0,80}\binspect|\binspected\b.{0,20}\b(?:last|previously)\b"
    r"|\b(?:last|previous)\b (?:Ofsted )?inspection",
    re.I,
)


def paragraphs(lines: list[Line]) -> list[str]:
    """Body text cut into paragraphs at headings; bullets and paragraph numbers dropped."""
    out: list[str] = []
    current: list[str] = []
    ended = True
    for line in lines:
        if line.furniture or not line.stripped:
            continue
        text = strip_markers(line.text, line.footnotes).strip()
        marker, width = item_marker(text)
        heading = ended and not marker and len(text) < 75 and not text.endswith((".", ",", ";", ":"))
        if marker or heading:
            if current:
                out.append(collapse(" ".join(current)))
            current = []
            text = text[width:]
        if heading:
            out.append(collapse(text))
            ended = True
            continue
        current.append(text)
        ended = text.endswith((".", ":", ";", "?", "!", ")")) or text.endswith((".\u2019", ".\u201d"))
    if current:
        out.append(collapse(" ".join(current)))
    return out


def previous_inspection(lines: list[Line]) -> PreviousInspection | None:
    """The sentence naming the previous inspection, with its date at written precision."""
    sentences = [
        s for para in paragraphs(lines) for s in _SENTENCE_SPLIT.split(para) if 20 < len(s) < 600
    ]
    for wanted in (_CANONICAL_PREV, _ANY_PREV):
        for sentence in sentences:
            if not wanted.search(sentence) or "most recent Ofsted inspection" in sentence:
                continue
            when = _reduced_date(sentence)
            if when:
                return PreviousInspection(when, sentence)
    return None


def _reduced_date(sentence: str) -> str | None:
    day = DATE_RE.search(sentence)
    if day:
        d = parse_date(day.group())
        return d.isoformat() if d else None
    month = MONTH_YEAR_RE.search(sentence)
    if month:
        return f"{int(month['y']):04d}-{month_number(month['m']):02d}"
    year = re.search(r"\b(?:19|20)\d\d\b", sentence)
    return year.group() if year else None
