"""The parsed-document model: typed, immutable records with no RDF in them.

``ParsedDocument.to_json()`` produces the record documented in
``docs/spec/parse-json.md`` (the stable face of ``ofsted-kg parse --json``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

# Kinds of document.
KIND_LETTER = "ucra-letter"
KIND_REPORT = "inspection-report"

# Finding categories (closed vocabulary, mirrored by the SKOS scheme in ontology/).
STRENGTH = "strength"
SATISFACTORY = "satisfactory"
AREA_FOR_DEVELOPMENT = "area-for-development"
AREA_FOR_PRIORITY_ACTION = "area-for-priority-action"
AREA_FOR_IMPROVEMENT = "area-for-improvement"
RECOMMENDATION = "recommendation"
CATEGORIES = (
    STRENGTH,
    SATISFACTORY,
    AREA_FOR_DEVELOPMENT,
    AREA_FOR_PRIORITY_ACTION,
    AREA_FOR_IMPROVEMENT,
    RECOMMENDATION,
)
#: Categories that say something is wrong: the ones recurrence is about.
UNFAVOURABLE = (AREA_FOR_DEVELOPMENT, AREA_FOR_PRIORITY_ACTION, AREA_FOR_IMPROVEMENT, RECOMMENDATION)

# Inspection types (closed vocabulary, mirrored by the SKOS scheme in ontology/vocabularies.ttl).
STANDARD = "standard"
SHORT = "short"
REINSPECTION = "re-inspection"
REVIEW = "review"
UNANNOUNCED = "unannounced"
INSPECTION_TYPES = (STANDARD, SHORT, REINSPECTION, REVIEW, UNANNOUNCED)

PERSISTS = "persists"
RESOLVED = "resolved"
#: Said to have been raised at an earlier inspection, with no word on whether it was addressed.
RAISED_BEFORE = "raised-before"


@dataclass(frozen=True, slots=True)
class AuthorityRef:
    """The inspected authority, reconciled to the reference table where possible."""

    name: str | None
    gss_code: str | None
    dfe_code: str | None
    as_written: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "gss_code": self.gss_code,
            "dfe_code": self.dfe_code,
            "as_written": self.as_written,
        }


@dataclass(frozen=True, slots=True)
class Person:
    """A named person and the post they held, as written in the document."""

    name: str
    title: str | None = None
    organisation: str | None = None
    honorific: str | None = None
    #: GSS code of ``organisation`` when it is an authority of the reference table (set by
    #: ``ofsted_kg.parse.organisations``, not by the parsers; not part of the JSON record)
    organisation_gss: str | None = None


@dataclass(frozen=True, slots=True)
class PreviousInspection:
    date: str | None  # ISO, reduced precision allowed: "2010", "2010-09", "2010-09-14"
    text: str


@dataclass(frozen=True, slots=True)
class Judgement:
    area: str
    grade: str


@dataclass(frozen=True, slots=True)
class ThemeTag:
    """A theme given to a finding by the project's classifier (not by Ofsted)."""

    slug: str
    score: float
    cue: str | None  # the cue phrase that matched, if rule-based
    classifier: str  # name and version of the classifier that made the tag


@dataclass(frozen=True, slots=True)
class Finding:
    category: str
    section: str
    text: str
    start: int
    end: int
    relation_to_previous: str | None = None
    addressee: str | None = None
    themes: tuple[ThemeTag, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "section": self.section,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "themes": [t.slug for t in self.themes],
            "relation_to_previous": self.relation_to_previous,
            "addressee": self.addressee,
        }


@dataclass(frozen=True, slots=True)
class PersistenceStatement:
    """A sentence of a report saying an issue was raised at an earlier inspection, and what
    became of it (``relation``: persists / resolved / raised-before), as the report states it."""

    relation: str
    text: str  # the sentence, whitespace collapsed
    start: int  # offsets into the document text
    end: int
    cue: str  # the phrase that decided the relation
    earlier_date: str | None = None  # the earlier inspection's date if the sentence names it
    finding: int | None = None  # 1-based position of the finding the sentence lies in

    def to_json(self) -> dict[str, Any]:
        return {
            "relation": self.relation,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "cue": self.cue,
            "earlier_date": self.earlier_date,
            "finding": self.finding,
        }


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """Everything the parser found in one document.

    ``text`` is the document text the parser worked on; every finding's
    ``start``/``end`` index into it.
    """

    source: str
    sha256: str
    kind: str
    text: str
    authority: AuthorityRef
    framework: str | None = None
    title: str | None = None
    document_date: date | None = None
    inspection_start: date | None = None
    inspection_end: date | None = None
    inspection_type: str | None = None  # one of INSPECTION_TYPES
    previous_inspection: PreviousInspection | None = None
    inspector: Person | None = None
    recipient: Person | None = None
    copies: tuple[Person, ...] = ()
    judgements: tuple[Judgement, ...] = ()
    outcome: str | None = None
    findings: tuple[Finding, ...] = ()
    warnings: tuple[str, ...] = ()
    statements: tuple[PersistenceStatement, ...] = ()

    def with_findings(self, findings: tuple[Finding, ...]) -> "ParsedDocument":
        return replace(self, findings=findings)

    def to_json(self) -> dict[str, Any]:
        """The record of ``docs/spec/parse-json.md``; every key always present."""
        return {
            "source": self.source,
            "sha256": self.sha256,
            "kind": self.kind,
            "framework": self.framework,
            "title": self.title,
            "authority": self.authority.to_json(),
            "document_date": _iso(self.document_date),
            "inspection": {
                "start_date": _iso(self.inspection_start),
                "end_date": _iso(self.inspection_end),
                "type": self.inspection_type,
            },
            "previous_inspection": (
                {"date": self.previous_inspection.date, "text": self.previous_inspection.text}
                if self.previous_inspection
                else None
            ),
            "inspector": (
                {"name": self.inspector.name, "title": self.inspector.title}
                if self.inspector
                else None
            ),
            "recipient": (
                {
                    "name": self.recipient.name,
                    "honorific": self.recipient.honorific,
                    "title": self.recipient.title,
                    "organisation": self.recipient.organisation,
                }
                if self.recipient
                else None
            ),
            "copies": [
                {"name": c.name, "title": c.title, "organisation": c.organisation}
                for c in self.copies
            ],
            "judgements": [{"area": j.area, "grade": j.grade} for j in self.judgements],
            "outcome": self.outcome,
            "findings": [f.to_json() for f in self.findings],
            "statements": [s.to_json() for s in self.statements],
            "warnings": list(self.warnings),
        }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """Raw input turned into text by the reader, before any parsing.

    ``pages`` holds the text of each PDF page (empty for plain text); ``text``
    is what parsers read. For PDFs it is the pages joined with form feeds.
    """

    path: str
    sha256: str
    media_type: str  # "text/plain" or "application/pdf"
    text: str
    pages: tuple[str, ...] = field(default=())
    encoding: str | None = None
