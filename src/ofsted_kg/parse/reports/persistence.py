"""Stated persistence in reports: sentences saying an issue was raised at an earlier inspection.

Reports say in words what became of earlier findings: "despite this being a recommendation at
the previous inspection", "has not been addressed since the last inspection", "which was not
the case at the last inspection", "remains an area for development". This module finds those
sentences by phrase families, never by known reports:

1. The text is cut into sentences (page furniture, i.e. running headers and footers and page
   numbers, blanked first so a sentence runs on across a page break), offsets kept.
2. A sentence is a candidate when it refers to an earlier *inspection* ("the last inspection",
   "the previous looked after children inspection", "the 2013 Ofsted inspection", "the
   inspection in 2018", "a Joint Area Review"); monitoring and focused visits, "prior to the
   inspection" and "the most recent Ofsted inspection" of a children's home are not.
3. Its relation is decided by cue families, first match wins:
   ``persists`` (still not addressed: "has not improved since", "remains an area", "despite this
   being a recommendation", "insufficient progress", "too many recommendations ... have not
   been addressed"), then ``resolved`` ("has improved since", "no longer", "which was not the
   case at", "have been implemented", "has achieved the recommendations"), then
   ``raised-before`` (said to have been raised, with no status: "was identified at the last
   inspection", "areas for improvement from the previous inspection"). A candidate with none
   of these (e.g. "Since the last inspection, five serious incident notifications ...") is no
   statement.
4. Statements about the service as a whole ("Services have improved substantially since the
   last inspection") are dropped: after removing the cue words, a statement outside the
   findings must name at least ``MIN_SPECIFIC_TERMS`` specific content words.
5. A statement that lies inside a finding (an item-level marker, e.g. "Implement the following
   areas for improvement from the previous looked after children inspection: ...") is tied to
   it; an unfavourable finding said to have been raised before *persists* (it is asked for
   again), and the finding's ``relation_to_previous`` is set, as for letters.
6. The earlier inspection's date is kept when the sentence names it ("in December 2015",
   "the 2013 Ofsted inspection"), at the precision written.

Pure functions; no RDF.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ...model import PERSISTS, RAISED_BEFORE, RESOLVED, UNFAVOURABLE, Finding, ParsedDocument, PersistenceStatement
from ..dates import MONTH_YEAR_RE, month_number
from .pdf_lines import collapse, split_lines

#: A statement must name at least this many specific content words (see step 4).
MIN_SPECIFIC_TERMS = 2

_EARLIER = r"(?:last|previous|earlier|preceding|prior(?!\s+to\b))"
_OF_KIND = r"(?:(?:[\w\u2019'-]+\s+){0,5}?)"
_REFERENCE = re.compile(
    rf"\b{_EARLIER}\s+{_OF_KIND}inspections?\b"
    rf"|\b(?:19|20)\d\d\s+{_OF_KIND}inspections?\b"
    r"|\binspections?\s+(?:of\s+[\w\u2019' ]{1,60}?\s+)?in\s+(?:\w+\s+)?(?:19|20)\d\d\b"
    r"|\bJoint\s+Area\s+Review\b",
    re.I,
)
_NOT_A_REFERENCE = re.compile(r"most\s+recent\s+Ofsted\s+inspection|prior\s+to\s+(?:the\s+|this\s+)?inspection", re.I)

_NEG = r"(?:has|have|had|is|are|was|were)\s+not\s+(?:yet\s+|been\s+|yet\s+been\s+)?(?:\w+ly\s+)?"
_PERSISTS = re.compile(
    rf"\b{_NEG}(?:addressed|improved|resolved|acted|tackled|sustained|implemented|agreed|delivered|dealt\s+with|reduced|changed|met|progressed|led\s+to\s+improvements?)\b"
    r"|\bnot\s+(?:yet\s+)?(?:been\s+)?(?:fully\s+|adequately\s+|effectively\s+)?addressed\b"
    r"|\bremains?\s+(?:an?\s+)?(?:area|issue|weakness|concern|challenge|priority|inadequate|underdeveloped|too)\b"
    r"|\bstill\s+(?:need|needs|not|to\s+be|requires?|too)\b"
    r"|\bcontinues?\s+to\s+(?:use|be\s+(?:an?\s+)?(?:area|weak|concern|issue|too)|struggle)\b"
    r"|\bdespite\s+(?:this|these|it|the)\s+(?:\w+\s+){0,4}?(?:recommendations?|areas?\s+for)\b"
    r"|\b(?:insufficient|slow|poor|limited|little)\s+progress\b|\bstruggled\s+to\s+make\s+progress\b"
    r"|\b(?:has|have)\s+(?:declined|deteriorated)\b|\bdeterioration\b|\bdecline\b"
    r"|\bhave\s+not\s+acted\b|\btoo\s+slow\s+to\b",
    re.I,
)
_RESOLVED = re.compile(
    r"\b(?:has|have)\s+(?:\w+\s+){0,2}?(?:improved|strengthened|developed|progressed|reduced)\b"
    r"|\b(?:has|have)\s+(?:now\s+)?(?:all\s+)?been\s+(?:\w+ly\s+)?(?:addressed|resolved|implemented|strengthened|improved|dealt\s+with|acted\s+on|remedied|revised|established|embedded)\b"
    r"|\bno\s+longer\b|\bwhich\s+was\s+not\s+the\s+case\b|\bis\s+an\s+improvement\b"
    r"|\bachieved\s+the\s+recommendations?\b|\baddressing\s+a\s+(?:\w+\s+)?gap\b"
    r"|\b(?:strong|good|significant|considerable|steady|remarkable)\s+progress\b",
    re.I,
)
_RAISED = re.compile(
    r"\b(?:recommendations?|areas?\s+for\s+(?:improvement|development|priority\s+action)|weakness(?:es)?|shortfalls?|deficits?)"
    r"\s+(?:\w+\s+){0,3}?(?:from|of|at|in|made\s+at|identified\s+(?:at|in))\s+the\b"
    r"|\b(?:was|were)\s+(?:\w+\s+){0,2}?(?:identified|raised|highlighted|noted|recommended|a\s+recommendation|an\s+area)\b",
    re.I,
)
#: Words that say nothing specific about the issue (step 4), on top of the cue phrases.
_GENERIC = frozenset(
    """service services children child young people families family leaders leader senior
    managers manager local authority council progress improvement improvements improve improved
    practice significant significantly considerable substantial substantially made since
    inspection inspections last previous earlier overall judged good inadequate outstanding
    requires require areas area many most all key further continue continued sustained well
    the a an and of to in at on for by with from this that these those has have had is are was
    were be been being which when where there their its it as also time ofsted report work
    other some much more very now into than not since recommendations recommendation
    identified range aspects across make pace remained remains strong they them what such
    both within while although however including when""".split()
)
#: A line shorter than this with no terminal punctuation, before a capitalised line, is a heading.
HEADING_WIDTH = 60
_HEADING_BREAK = re.compile(r"(?<![.!?:;,\u2019\u201d)])[ \t]*\n\s*(?=[A-Z])")
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[\u2019\u201d'\")]*|$)")


def _blank_furniture(text: str) -> str:
    """The text with page furniture replaced by spaces (offsets unchanged)."""
    chars = list(text)
    for line in split_lines(text):
        if line.furniture or re.fullmatch(r"\s*\d{1,3}\s*", line.text):
            chars[line.start : line.end] = " " * len(line.text)
    return "".join(chars).replace("\f", " ")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence, furniture blanked: cut at terminal punctuation, and
    after a heading (a short line with no terminal punctuation before a capitalised line)."""
    return _sentences(_blank_furniture(text))


def _sentences(clean: str) -> list[tuple[int, int]]:
    spans = []
    for m in _SENTENCE.finditer(clean):
        for start, end in _after_headings(clean, m.start(), m.end()):
            while start < end and clean[start].isspace():
                start += 1
            while end > start and clean[end - 1].isspace():
                end -= 1
            if end - start > 20:
                spans.append((start, end))
    return spans


def _after_headings(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [start]
    for m in _HEADING_BREAK.finditer(text, start, end):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if m.start() - max(line_start, start) < HEADING_WIDTH:
            cuts.append(m.end())
    return [(a, b) for a, b in zip(cuts, cuts[1:] + [end])]


def _specific_terms(sentence: str) -> int:
    stripped = _REFERENCE.sub(" ", sentence)
    for cue in (_PERSISTS, _RESOLVED, _RAISED):
        stripped = cue.sub(" ", stripped)
    words = re.findall(r"[a-z][a-z-]+", stripped.lower())
    return len({w for w in words if w not in _GENERIC and len(w) > 3})


def _earlier_date(sentence: str) -> str | None:
    """The date written in or just after the reference ("in December 2015", "the 2013 ...")."""
    ref = _REFERENCE.search(sentence)
    if ref is None:
        return None
    window = sentence[max(0, ref.start() - 25) : ref.end() + 30]
    month = MONTH_YEAR_RE.search(window)
    if month:
        return f"{int(month['y']):04d}-{month_number(month['m']):02d}"
    year = re.search(r"\b(?:19|20)\d\d\b", window)
    return year.group() if year else None


def classify(sentence: str) -> tuple[str, str] | None:
    """(relation, cue) for a sentence referring to an earlier inspection, else None."""
    if not _REFERENCE.search(sentence) or _NOT_A_REFERENCE.search(sentence) and not _REFERENCE.search(
        _NOT_A_REFERENCE.sub(" ", sentence)
    ):
        return None
    for relation, cue in ((PERSISTS, _PERSISTS), (RESOLVED, _RESOLVED), (RAISED_BEFORE, _RAISED)):
        m = cue.search(sentence)
        if m:
            return relation, collapse(m.group())
    return None


def find_statements(text: str, findings: tuple[Finding, ...] = ()) -> tuple[PersistenceStatement, ...]:
    """Every statement of persistence in ``text``, in document order (module docstring)."""
    found = []
    clean = _blank_furniture(text)
    for start, end in _sentences(clean):
        sentence = collapse(clean[start:end])
        decided = classify(sentence)
        if decided is None:
            continue
        inside = next((n for n, f in enumerate(findings, 1) if f.start <= start and end <= f.end + 1), None)
        if inside is None and _specific_terms(sentence) < MIN_SPECIFIC_TERMS:
            continue  # about the service as a whole (a marker inside a finding names its issue)
        relation, cue = decided
        if inside is not None and relation == RAISED_BEFORE and findings[inside - 1].category in UNFAVOURABLE:
            relation = PERSISTS
        found.append(PersistenceStatement(relation, sentence, start, end, cue, _earlier_date(sentence), inside))
    return tuple(found)


def with_statements(doc: ParsedDocument) -> ParsedDocument:
    """The document with its statements, and the findings they lie in marked (step 5)."""
    statements = find_statements(doc.text, doc.findings)
    marked = {s.finding: s.relation for s in statements if s.finding is not None}
    findings = tuple(
        replace(f, relation_to_previous=_finding_relation(marked[n]))
        if n in marked and f.relation_to_previous is None
        else f
        for n, f in enumerate(doc.findings, 1)
    )
    return replace(doc, findings=findings, statements=statements)


def _finding_relation(relation: str) -> str | None:
    return relation if relation in (PERSISTS, RESOLVED) else None
