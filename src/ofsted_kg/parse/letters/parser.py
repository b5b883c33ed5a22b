"""Parser for the 2009-2012 UCRA letters.

"Annual unannounced inspection of contact, referral and assessment
arrangements" letters (plain text, as extracted from the published PDFs). The
letter's parts, in order: letterhead, date, address block, "Dear ...", title
line, introduction (inspection dates, the previous inspection), findings under
headings, closing boilerplate (possibly an overall consequence such as a
limiting judgement), "Yours sincerely", signatory, "Copy:" list.

Findings are found by ``blocks`` (headings, bullets of any glyph, page
breaks; the continuation-versus-new-finding rules are documented there);
people by ``people``. Everything is decided by structure and phrase
families, never by known authorities, people or dates.

relation_to_previous: a finding that mentions an earlier inspection (previous
or last inspection/visit, a Joint Area Review) is ``resolved`` when its
category is favourable (strength, satisfactory) and it speaks of a former area
for development or of it being addressed, or when any finding says "no longer
the case"/"has been addressed"; it ``persists`` when its category is
unfavourable (area for development / priority action), unless it says the
matter has been addressed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ...errors import NotADocumentError
from ...model import (
    KIND_LETTER,
    PERSISTS,
    RESOLVED,
    UNFAVOURABLE,
    AuthorityRef,
    Finding,
    ParsedDocument,
    Person,
    PreviousInspection,
    SourceDocument,
)
from ...reference import reconcile
from ..dates import DATE_RE, parse_date, parse_date_range, parse_reduced_date
from ..inspection_type import from_title
from .blocks import (
    clean_content,
    ends_sentence,
    find_blocks,
    heading_category,
    split_lines,
)
from ..text import collapse
from .people import parse_copies, parse_recipient, parse_signatory

FRAMEWORK = "UCRA"

_TITLE_RE = re.compile(
    r"^\s*annual\s+unannounced\s+inspection\s+of\s+contact,?\s+referral\s+and\s+assessment\b",
    re.I,
)
_PHRASE_RE = re.compile(
    r"unannounced\s+inspection\s+of\s+contact,?\s+referral\s+and\s+assessment", re.I
)
_CRA_RE = re.compile(r"contact,?\s+referral\s+and\s+assessment", re.I)
_DEAR_RE = re.compile(r"^\s*Dear\s+(?P<who>\S.{0,80}?)\s*,?\s*$", re.M)
_SIGNOFF_RE = re.compile(r"^\s*Yours\s+(?:sincerely|faithfully)\b", re.I | re.M)
_COPY_RE = re.compile(r"^\s*(?:Copy|Copies|cc)\s*(?:to)?\s*:", re.I | re.M)
_REPORT_START_RE = re.compile(
    r"\A\s*(?:\S+\s+){0,3}?inspection\s+of\b.{0,200}?children['\u2019]s\s+services", re.I | re.S
)
_TITLE_AUTHORITY_RE = re.compile(
    r"\bwithin\s+(?:the\s+)?(?P<name>.+?)\s+(?:children['\u2019]s|childrens)\s+services\b", re.I
)
_INTRO_AUTHORITY_RE = re.compile(
    r"children['\u2019]s\s+services\s+in\s+(?:the\s+)?(?P<name>[A-Z].{2,120}?)\s+which\s+was\s+"
    r"(?:conducted|carried\s+out|undertaken|held)",
    re.I,
)
_CONDUCTED_RE = re.compile(
    r"\b(?:was|were)\s+(?:conducted|carried\s+out|undertaken|held)\s+(?:on|between|from)\s+"
    r"(?P<dates>.{0,80})",
    re.I | re.S,
)
_PREVIOUS_RE = re.compile(
    r"\b(?:previous|last|earlier|prior|preceding)\s+(?:\w+\s+){0,2}?(?:unannounced\s+)?"
    r"(?:inspection|visit)\b|\bJoint\s+Area\s+Review\b",
    re.I,
)
_RESOLVED_RE = re.compile(
    r"no\s+longer\s+the\s+case|(?:has|have)\s+(?:now\s+)?(?:all\s+)?been\s+"
    r"(?:satisfactorily\s+|fully\s+)?(?:addressed|resolved|remedied)",
    re.I,
)
_PREVIOUS_AREA_RE = re.compile(
    r"area\s+for\s+(?:development|priority\s+action|improvement)|recommendation", re.I
)
_NEGATED_PREVIOUS_RE = re.compile(r"\bnot\s+(?:identified|raised)\s+at\s+the\s+(?:previous|last)", re.I)
_OUTCOME_RE = re.compile(
    r"limiting\s+judgement|performs\s+poorly|inadequate\s+(?:overall|rating)", re.I
)
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])['\u2019\"]?\s+(?=[A-Z'\u2018\"])")


# --- detect -----------------------------------------------------------------


def detect(source: SourceDocument) -> float:
    """How sure we are that ``source`` is a UCRA letter (0..1), by structure."""
    text = source.text or ""
    head = text[:20000]
    score = 0.0
    if _find_title([collapse(line) for line in head.split("\n")[:300]])[0] is not None:
        score += 0.6
    elif _PHRASE_RE.search(head):
        score += 0.4
    elif _CRA_RE.search(head):
        score += 0.15
    if _DEAR_RE.search(head):
        score += 0.1
    if _SIGNOFF_RE.search(text):
        score += 0.1
    if any(heading_category(line) for line in split_lines(head)[:400]):
        score += 0.1
    if "ofsted" in head.lower():
        score += 0.1
    if _REPORT_START_RE.match(head) and not _TITLE_RE.match(head.lstrip()):
        score *= 0.2
    return max(0.0, min(1.0, score))


# --- parse ------------------------------------------------------------------


def parse(source: SourceDocument) -> ParsedDocument:
    """Parse a UCRA letter; raises ``NotADocumentError`` if it is not one."""
    text = source.text or ""
    if detect(source) < 0.3 or not (_CRA_RE.search(text) or _TITLE_RE.search(text)):
        raise NotADocumentError(
            source.path,
            "not a UCRA letter (no 'unannounced inspection of contact, referral and "
            "assessment' title or letter structure)",
        )
    warnings: list[str] = []
    lines = split_lines(text)
    flat_lines = [collapse(line.raw) for line in lines]
    layout = _layout(flat_lines, warnings)
    body_text = collapse(" ".join(flat_lines[layout.body_start : layout.body_end]))

    authority, auth_warnings = _authority(layout.title, body_text, layout.document_date)
    warnings += auth_warnings

    start, end = _inspection_dates(body_text)
    if start is None:
        warnings.append("no inspection dates found ('which was conducted on ...')")

    findings, covered = _findings(lines, flat_lines, layout, warnings)
    # paragraphs that are not findings: previous inspection, outcome
    prose = _paragraphs(
        [flat_lines[i] if i not in covered else "" for i in range(layout.body_start, layout.body_end)]
    )
    recipient = _recipient(flat_lines, layout, warnings)
    inspector, copies = _signatory_and_copies(flat_lines, layout, warnings)
    if not findings:
        warnings.append("no findings found")
    return ParsedDocument(
        source=source.path,
        sha256=source.sha256,
        kind=KIND_LETTER,
        text=text,
        authority=authority,
        framework=FRAMEWORK,
        title=layout.title,
        document_date=layout.document_date,
        inspection_start=start,
        inspection_end=end,
        inspection_type=from_title(layout.title),
        previous_inspection=_previous_inspection(prose, findings),
        inspector=inspector,
        recipient=recipient,
        copies=tuple(copies),
        outcome=_outcome(prose),
        findings=tuple(findings),
        warnings=tuple(warnings),
    )


@dataclass(frozen=True)
class _Layout:
    """Where the parts of a letter are (indices into its lines)."""

    title: str | None
    document_date: date | None
    date_index: int | None
    dear_index: int | None
    signoff_index: int | None
    body_start: int
    body_end: int
    first_line: str


def _layout(flat_lines: list[str], warnings: list[str]) -> _Layout:
    """Title, date, salutation, body and sign-off of a letter (warnings for missing parts)."""
    title_index, title_lines = _find_title(flat_lines)
    title = clean_content(" ".join(flat_lines[i] for i in title_lines)) if title_lines else None
    if title is None:
        warnings.append("no title line 'Annual unannounced inspection of ...' found")

    dear_index = next(
        (i for i, f in enumerate(flat_lines[:200]) if re.match(r"^Dear\s+\S", f)), None
    )
    document_date, date_index = _letter_date(flat_lines, dear_index, title_index)
    if document_date is None:
        warnings.append("no letter date found")

    body_start = (max(title_lines) if title_lines else dear_index or 0) + 1
    signoff_index = next(
        (i for i, f in enumerate(flat_lines) if i >= body_start and _SIGNOFF_RE.match(f)), None
    )
    body_end = signoff_index if signoff_index is not None else len(flat_lines)
    first_line = next((f for f in flat_lines if f), "")
    return _Layout(title, document_date, date_index, dear_index, signoff_index, body_start, body_end, first_line)


def _findings(lines, flat_lines: list[str], layout: _Layout, warnings: list[str]) -> tuple[list[Finding], set[int]]:
    """The findings of the body, and the indices of the lines they cover."""
    blocks, sections = find_blocks(lines[layout.body_start : layout.body_end], layout.first_line)
    findings = [_finding(block) for block in blocks if block.text()]
    covered = {line.index for block in blocks for line in block.lines}
    for section in sections:
        if not any(f.section == section.heading for f in findings):
            warnings.append(f"heading {section.heading!r} has no findings")
    if not sections:
        warnings.append("no findings headings found")
    if findings and layout.signoff_index is None and not ends_sentence(findings[-1].text):
        warnings.append("last finding ends mid-sentence: letter may be truncated")
    return findings, covered


def _recipient(flat_lines: list[str], layout: _Layout, warnings: list[str]) -> Person | None:
    """The addressee: the lines between the date and the salutation, and the salutation."""
    if layout.dear_index is None:
        warnings.append("no salutation ('Dear ...') found")
        return None
    start = layout.date_index + 1 if layout.date_index is not None else 0
    block_lines = [f for f in flat_lines[start : layout.dear_index] if f and not DATE_RE.fullmatch(f)]
    salutation = re.sub(r"^Dear\s+", "", flat_lines[layout.dear_index]).strip(" ,")
    recipient, rec_warnings = parse_recipient(" ".join(block_lines), salutation, layout.document_date)
    warnings += rec_warnings
    return recipient


def _signatory_and_copies(
    flat_lines: list[str], layout: _Layout, warnings: list[str]
) -> tuple[Person | None, list[Person]]:
    """The inspector signing after the sign-off, and the people the letter is copied to."""
    if layout.signoff_index is None:
        warnings.append("no sign-off: letter may be truncated")
        return None, []
    after = flat_lines[layout.signoff_index + 1 :]
    copy_at = next((i for i, f in enumerate(after) if _COPY_RE.match(f)), None)
    sign_lines = [f for f in (after[:copy_at] if copy_at is not None else after) if f][:3]
    inspector = parse_signatory(sign_lines)
    if inspector is None:
        warnings.append("no signatory after the sign-off")
    if copy_at is None:
        warnings.append("no copy list found")
        return inspector, []
    copy_text = _COPY_RE.sub("", " ".join(after[copy_at:]), count=1)
    copies, copy_warnings = parse_copies(copy_text, layout.document_date)
    warnings += copy_warnings
    if not copies:
        warnings.append("copy list is empty")
    return inspector, copies


def _find_title(flat_lines: list[str]) -> tuple[int | None, list[int]]:
    """The title line's index and the indices of its lines (a title may be wrapped).

    A wrapped title runs on over following non-blank lines until a blank line or
    a line ending a sentence.
    """
    for index, line in enumerate(flat_lines):
        if not re.match(r"annual\s+unannounced\b", line, re.I):
            continue
        used = [index]
        for nxt in range(index + 1, min(index + 5, len(flat_lines))):
            if not flat_lines[nxt] or re.search(r"[.:]$", flat_lines[used[-1]]):
                break
            used.append(nxt)
        joined = " ".join(flat_lines[i] for i in used)
        if _TITLE_RE.match(joined):
            return index, used
    return None, []


def _letter_date(
    flat_lines: list[str], dear_index: int | None, title_index: int | None
) -> tuple[date | None, int | None]:
    """The letter's date: a line that is only a date, before the salutation."""
    stop = dear_index if dear_index is not None else (title_index or min(len(flat_lines), 40))
    for index in range(0, stop):
        line = flat_lines[index]
        if line and DATE_RE.fullmatch(line.strip(" .,")):
            return parse_date(line), index
    return None, None


def _authority(
    title: str | None, body: str, when: date | None
) -> tuple[AuthorityRef, list[str]]:
    candidates: list[str] = []
    intro = _INTRO_AUTHORITY_RE.search(body)
    if intro:
        candidates.append(collapse(intro["name"]))
    if title:
        match = _TITLE_AUTHORITY_RE.search(title)
        if match:
            candidates.append(collapse(match["name"]))
    for as_written in candidates:
        found = reconcile(as_written, when)
        if found:
            return AuthorityRef(found.name, found.gss_code, found.dfe_code, as_written), []
    if candidates:
        return AuthorityRef(None, None, None, candidates[0]), [
            f"authority {candidates[0]!r} not reconciled with the reference table"
        ]
    return AuthorityRef(None, None, None, None), ["inspected authority not found"]


def _inspection_dates(body: str) -> tuple[date | None, date | None]:
    match = _CONDUCTED_RE.search(body)
    if not match:
        return None, None
    span = parse_date_range(collapse(match["dates"]))
    return span if span else (None, None)


def _paragraphs(flat: list[str]) -> list[str]:
    """Runs of non-blank lines, each joined into one whitespace-collapsed paragraph."""
    paragraphs: list[str] = []
    run: list[str] = []
    for line in [*flat, ""]:
        if line:
            run.append(line)
        elif run:
            paragraphs.append(clean_content(" ".join(run)))
            run = []
    return paragraphs


def _sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_SPLIT_RE.split(paragraph) if s.strip()]


def _previous_inspection(prose: list[str], findings: list[Finding]) -> PreviousInspection | None:
    """The sentence naming the previous inspection: introduction first, then findings."""
    for paragraph in prose:
        for sentence in _sentences(paragraph):
            if _PREVIOUS_RE.search(sentence):
                return PreviousInspection(parse_reduced_date(sentence), sentence)
    for finding in findings:
        for sentence in _sentences(finding.text):
            if _PREVIOUS_RE.search(sentence) and parse_reduced_date(sentence):
                return PreviousInspection(parse_reduced_date(sentence), sentence)
    return None


def _outcome(prose: list[str]) -> str | None:
    for paragraph in prose:
        if _OUTCOME_RE.search(paragraph):
            return paragraph
    return None


def relation_to_previous(category: str, text: str) -> str | None:
    """``persists``/``resolved``/None by phrase families and category (module docstring)."""
    if not _PREVIOUS_RE.search(text) or _NEGATED_PREVIOUS_RE.search(text):
        return None
    if category in UNFAVOURABLE:
        return RESOLVED if _RESOLVED_RE.search(text) and not re.search(
            r"\b(?:remains?|still|not\s+yet|outstanding)\b", text, re.I
        ) else PERSISTS
    if _RESOLVED_RE.search(text) or _PREVIOUS_AREA_RE.search(text):
        return RESOLVED
    return None


def _finding(block) -> Finding:
    text = block.text()
    return Finding(
        category=block.category,
        section=block.section,
        text=text,
        start=block.start,
        end=max(block.start, block.end),
        relation_to_previous=relation_to_previous(block.category, text),
        addressee=None,
    )
