"""Hand-built ParsedDocuments for the knowledge-graph tests (no parser needed).

Four documents about one authority (Westminster) across frameworks:

* a UCRA letter of October 2010 (inspection 14-15 September 2010);
* a UCRA letter of July 2011 (inspection 28-29 June 2011) saying one area for development
  persists and one has been resolved;
* a SIF-style report of 2016 with judgements and recommendations, one to the LSCB;
* an ILACS-style report of 2019 with judgements and "What needs to improve" items;

plus, for the converter only, a letter naming an authority that is not in the reference
table. Offsets are computed from the text as it is built, so they are right by
construction; one span has a line break, one document has page breaks (form feeds),
and one has a character outside the Basic Multilingual Plane before its findings.
"""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path

from conftest import FIXTURES as _FIXTURES
from ofsted_kg.parse.organisations import reconcile_organisations
from ofsted_kg import AuthorityRef, Finding, Judgement, ParsedDocument, Person, PreviousInspection, ThemeTag
from ofsted_kg.read.manifest import SourceRecord
from ofsted_kg.model import (
    AREA_FOR_DEVELOPMENT, AREA_FOR_IMPROVEMENT, AREA_FOR_PRIORITY_ACTION, KIND_LETTER, KIND_REPORT, PERSISTS,
    RECOMMENDATION, RESOLVED, SATISFACTORY, STRENGTH,
)

FIXTURES = _FIXTURES / "kg"
THEMES_TTL = FIXTURES / "themes.ttl"
RECURRENCE_TTL = FIXTURES / "recurrence.ttl"
BROKEN = FIXTURES / "broken"
CLASSIFIER = "rules-0.1"

WESTMINSTER = AuthorityRef(
    name="Westminster", gss_code="E09000033", dfe_code="213", as_written="Westminster City Council"
)


class _Builder:
    """Builds a document text piece by piece, remembering where each finding's span is."""

    def __init__(self) -> None:
        self.text = ""
        self.findings: list[Finding] = []

    def add(self, piece: str) -> None:
        self.text += piece

    def finding(self, raw: str, category: str, section: str, *, clean: str | None = None,
                themes: tuple[str, ...] = (), relation: str | None = None,
                addressee: str | None = None, prefix: str = "- ", suffix: str = "\n") -> None:
        self.text += prefix
        start = len(self.text)
        self.text += raw
        end = len(self.text)
        self.text += suffix
        tags = tuple(ThemeTag(slug, 0.8, slug.replace("-", " "), CLASSIFIER) for slug in themes)
        self.findings.append(
            Finding(category=category, section=section, text=clean or " ".join(raw.split()),
                    start=start, end=end, relation_to_previous=relation, addressee=addressee,
                    themes=tags)
        )



def _as_parsed(make):
    """A hand-made document as ``parse_source`` hands it on (organisations reconciled)."""
    @functools.wraps(make)
    def parsed() -> ParsedDocument:
        return reconcile_organisations(make())
    return parsed

@_as_parsed
def westminster_2010() -> ParsedDocument:
    b = _Builder()
    b.add("13 October 2010\n\nMr Michael O'Connor Director of Children's Services Westminster City Council\n\n"
          "Annual unannounced inspection of contact, referral and assessment arrangements within "
          "Westminster City Council children's services\n\nThe inspection was conducted on 14 and 15 "
          "September 2010.\n\nStrengths\n\n")
    b.finding("Service users' views are sought and used to influence service delivery.", STRENGTH,
              "Strengths", themes=("user-feedback",))
    b.add("\nAreas for development\n\n")
    b.finding("Case files do not include\ncomprehensive chronologies.", AREA_FOR_DEVELOPMENT,
              "Areas for development", themes=("recording",))
    b.finding("Assessments lack analysis and recommendations are not based on evidence.",
              AREA_FOR_DEVELOPMENT, "Areas for development", themes=("assessment-quality",))
    b.finding("The Integrated Children's System does not support effective record keeping.",
              AREA_FOR_DEVELOPMENT, "Areas for development",
              themes=("information-systems", "recording"))
    b.add("\nYours sincerely\n\nPauline Turner Her Majesty's Inspector\n")
    return ParsedDocument(
        source="letters/westminster-2010-10-13.txt", sha256="a" * 64, kind=KIND_LETTER,
        text=b.text, authority=WESTMINSTER, framework="UCRA",
        title="Annual unannounced inspection of contact, referral and assessment arrangements "
              "within Westminster City Council children's services",
        document_date=date(2010, 10, 13), inspection_start=date(2010, 9, 14),
        inspection_end=date(2010, 9, 15),
        inspector=Person("Pauline Turner", "Her Majesty's Inspector"),
        recipient=Person("Michael O'Connor", "Director of Children's Services",
                         "Westminster City Council", "Mr"),
        copies=(Person("Mike More", "Chief Executive", "Westminster City Council"),),
        findings=tuple(b.findings),
    )


@_as_parsed
def westminster_2011() -> ParsedDocument:
    b = _Builder()
    b.add("27 July 2011\n\nMr Michael O'Connor Director Of Children's Services Westminster City Council\n\n"
          "This letter summarises the findings of the recent unannounced inspection, conducted on 28 "
          "and 29 June 2011.\n\n")
    statement = ("Of the seven areas for development identified at the previous inspection of contact, "
                 "referral and assessment services undertaken in September 2010 one is still to be "
                 "completed.")
    b.add(statement + "\n\nThe service meets the requirements of statutory guidance in the following areas\n\n")
    b.finding("Case files include comprehensive chronologies. This was an area for development from "
              "the previous inspection.", SATISFACTORY,
              "The service meets the requirements of statutory guidance in the following areas",
              themes=("recording",), relation=RESOLVED)
    b.add("\nAreas for development\n\n")
    b.finding("Too many assessments lack sufficient analysis which results in some recommendations "
              "that are not based on clear evidence.", AREA_FOR_DEVELOPMENT, "Areas for development",
              themes=("assessment-quality",))
    b.finding("The Integrated Children's System does not facilitate sufficiently comprehensive record "
              "keeping. Although the council is in the process of addressing this issue, it remains "
              "outstanding from the previous inspection.", AREA_FOR_DEVELOPMENT,
              "Areas for development", themes=("information-systems",), relation=PERSISTS)
    b.add("\nYours sincerely\n\nGeoff Corre Her Majesty's Inspector\n\nCopy: Mike More, Chief Executive, "
          "Westminster City Council Andrew Spencer, Department for Education")
    return ParsedDocument(
        source="letters/westminster-2011-07-27.txt", sha256="b" * 64, kind=KIND_LETTER,
        text=b.text, authority=WESTMINSTER, framework="UCRA",
        title="Annual unannounced inspection of contact, referral and assessment arrangements "
              "within Westminster City Council children's services",
        document_date=date(2011, 7, 27), inspection_start=date(2011, 6, 28),
        inspection_end=date(2011, 6, 29),
        previous_inspection=PreviousInspection("2010-09", statement),
        inspector=Person("Geoff Corre", "Her Majesty's Inspector"),
        recipient=Person("Michael O'Connor", "Director Of Children's Services",
                         "Westminster City Council", "Mr"),
        copies=(Person("Mike More", "Chief Executive", "Westminster City Council"),
                Person("Andrew Spencer", None, "Department for Education")),
        findings=tuple(b.findings),
    )


@_as_parsed
def westminster_sif_2016() -> ParsedDocument:
    b = _Builder()
    b.add("Westminster\nInspection of services for children in need of help and protection, children "
          "looked after and care leavers\nand\nReview of the effectiveness of the Local Safeguarding "
          "Children Board\n\nInspection date: 7 March 2016 to 31 March 2016\nLead inspector: Jane Smith\n"
          "\fOverall effectiveness: Good\n\fRecommendations\n\n")
    b.finding("Improve the timeliness of initial health assessments for children looked after.",
              RECOMMENDATION, "Recommendations", themes=("health-education-in-care",), prefix="1. ")
    b.finding("Ensure that assessments consistently include analysis of risk.", RECOMMENDATION,
              "Recommendations", themes=("assessment-quality",), prefix="2. ")
    b.add("\fReview of the effectiveness of the Local Safeguarding Children Board\n\nRecommendations\n\n")
    b.finding("Ensure that learning from serious case reviews is disseminated to all partner agencies.",
              RECOMMENDATION, "Recommendations", themes=("learning-from-reviews",),
              addressee="Local Safeguarding Children Board", prefix="3. ")
    return ParsedDocument(
        source="reports/westminster/2016-05-20-sif.pdf", sha256="c" * 64, kind=KIND_REPORT,
        text=b.text, authority=AuthorityRef("Westminster", "E09000033", "213", "Westminster"),
        framework="SIF",
        title="Westminster Inspection of services for children in need of help and protection, "
              "children looked after and care leavers",
        document_date=date(2016, 5, 20), inspection_start=date(2016, 3, 7),
        inspection_end=date(2016, 3, 31),
        inspector=Person("Jane Smith", "Lead inspector"),
        judgements=(
            Judgement("Overall effectiveness", "good"),
            Judgement("Children who need help and protection", "requires improvement"),
            Judgement("Children looked after and achieving permanence", "good"),
            Judgement("The effectiveness of the Local Safeguarding Children Board", "good"),
        ),
        findings=tuple(b.findings),
    )


@_as_parsed
def westminster_ilacs_2019() -> ParsedDocument:
    b = _Builder()
    b.add("Westminster City Council\nInspection of children's social care services\n\n"
          "Inspection dates: 4 March 2019 to 15 March 2019\nLead inspector: Brenda McLaughlin, "
          "Her Majesty's Inspector\n\nJudgement \U0001d7d9: Overall effectiveness: Outstanding\n\n"
          "What needs to improve\n\n")
    b.finding("The consistency and quality of pathway plans for care leavers.", AREA_FOR_IMPROVEMENT,
              "What needs to improve", themes=("care-leavers", "planning-review"))
    b.finding("The timeliness of initial health assessments for children in care.",
              AREA_FOR_IMPROVEMENT, "What needs to improve", themes=("health-education-in-care",))
    return ParsedDocument(
        source="reports/westminster/2019-04-10-ilacs.pdf", sha256="d" * 64, kind=KIND_REPORT,
        text=b.text, authority=AuthorityRef("Westminster", "E09000033", "213", "Westminster City Council"),
        framework="ILACS", title="Westminster City Council Inspection of children's social care services",
        document_date=date(2019, 4, 10), inspection_start=date(2019, 3, 4),
        inspection_end=date(2019, 3, 15), inspection_type="standard",
        inspector=Person("Brenda McLaughlin", "Her Majesty's Inspector"),
        judgements=(
            Judgement("Overall effectiveness", "outstanding"),
            Judgement("The impact of leaders on social work practice with children and families",
                      "outstanding"),
            Judgement("The experiences and progress of children who need help and protection",
                      "outstanding"),
            Judgement("The experiences and progress of children in care and care leavers", "good"),
        ),
        findings=tuple(b.findings),
    )


@_as_parsed
def unreconciled_letter() -> ParsedDocument:
    b = _Builder()
    b.add("1 June 2010\n\nBorsetshire County Council\n\nAreas for priority action\n\n")
    b.finding("Children at risk of significant harm are not always seen promptly.",
              AREA_FOR_PRIORITY_ACTION, "Areas for priority action", themes=("child-protection",))
    b.add("\nAreas for development\n\n")
    b.finding("Thresholds are not understood by partner agencies.", AREA_FOR_DEVELOPMENT,
              "Areas for development", themes=("thresholds",))
    return ParsedDocument(
        source="letters/borsetshire-2010-06-01.txt", sha256="e" * 64, kind=KIND_LETTER,
        text=b.text, authority=AuthorityRef(None, None, None, "Borsetshire County Council"),
        framework="UCRA", document_date=date(2010, 6, 1), inspection_start=date(2010, 5, 4),
        inspection_end=date(2010, 5, 5), findings=tuple(b.findings),
        warnings=("authority not reconciled: 'Borsetshire County Council'",),
    )


def series_documents() -> list[ParsedDocument]:
    """The four Westminster documents, in date order."""
    return [westminster_2010(), westminster_2011(), westminster_sif_2016(), westminster_ilacs_2019()]


def all_documents() -> list[ParsedDocument]:
    """Every fixture document: the Westminster series and the unreconciled letter."""
    return [*series_documents(), unreconciled_letter()]


#: What a sources manifest would say about the fixture documents, by SHA-256.
MANIFEST = {
    "d" * 64: SourceRecord(Path("reports/westminster/2019-04-10-ilacs.pdf"),
                           "https://files.example.org/westminster-2019.pdf", date(2019, 4, 11)),
}


def build_dataset(store: str = "Oxigraph", documents: list[ParsedDocument] | None = None,
                  base: str | None = None, reference: bool = True, recurrence: bool = True):
    """A Dataset (union default graph) holding the converted fixtures, the reference graph,
    the ontology, the stand-in themes and recurrences, with the rules applied."""
    from rdflib import Dataset

    from ofsted_kg import DEFAULT_BASE, Uris, convert_document, convert_reference, inference_updates
    from ofsted_kg.convert.document import convert_source_record
    from ofsted_kg.convert.vocabularies import ontology_files

    uris = Uris(base or DEFAULT_BASE)
    fmt = "ox-turtle" if store == "Oxigraph" else "turtle"
    ds = Dataset(store=store, default_union=True)
    for doc in documents if documents is not None else all_documents():
        graph = ds.graph(uris.document_graph(doc))
        graph.addN((s, p, o, graph) for s, p, o in convert_document(doc, uris))
        if doc.sha256 in MANIFEST:
            sources = ds.graph(uris.sources_graph)
            sources.addN((s, p, o, sources) for s, p, o in convert_source_record(doc, MANIFEST[doc.sha256], uris))
    if reference:
        graph = ds.graph(uris.reference_graph)
        graph.addN((s, p, o, graph) for s, p, o in convert_reference(uris))
    ontology = ds.graph(uris.ontology_graph)
    for path in [*ontology_files(), THEMES_TTL]:
        ontology.parse(path, format=fmt)
    if recurrence:
        ds.graph(uris.recurrence_graph).parse(RECURRENCE_TTL, format=fmt)
    for update in inference_updates(uris):  # the rules, on an rdflib Dataset
        ds.update(update)
    return ds
