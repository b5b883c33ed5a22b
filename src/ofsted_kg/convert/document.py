"""ParsedDocument -> RDF triples of one named graph (no parsing here).

URIs come from ``ofsted_kg.uris.Uris`` (the plan is in ``docs/architecture.md``).
Output is deterministic: the same document
gives the same sorted triples, and entities never get blank nodes. Each finding
keeps its evidence: the document text is a literal, and an ``oa:Annotation`` selects
the finding's span by offsets (``oa:TextPositionSelector``) and by the raw slice
(``oa:TextQuoteSelector``). Theme tags are separate ``okg:ThemeAssignment``
annotations, never mixed with what Ofsted wrote.
"""

from __future__ import annotations

from pathlib import PurePath

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SKOS
from rdflib.term import Node

from .. import __version__
from ..model import (
    KIND_LETTER,
    KIND_REPORT,
    PERSISTS,
    RAISED_BEFORE,
    RESOLVED,
    Finding,
    Judgement,
    ParsedDocument,
    PersistenceStatement,
    Person,
)
from ..reference import display_name
from ..reference import by_gss, slugify
from ..namespaces import CATEGORY, FRAMEWORK, INSPECTION_TYPE, OA, OKG, SCHEMA, THEME
from ..uris import Uris, reference_slug
from .vocabularies import GRADE_SCHEME, JUDGEMENT_AREA_SCHEME, lookup_concept, ontology_version

Triple = tuple[Node, Node, Node]


def is_reconciled(doc: ParsedDocument) -> bool:
    return bool(doc.authority.gss_code and reference_slug(doc.authority.gss_code))


# --- literals --------------------------------------------------------------------


def _date(value) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def _stated_date(value: str) -> Literal:
    """A date as written, at its precision: 2010 / 2010-09 / 2010-09-14."""
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)
    return Literal(value, datatype=datatype)


def decimal_literal(value: float) -> Literal:
    """Canonical xsd:decimal lexical form, 4 places at most (0.8 -> "0.8", 1 -> "1.0")."""
    text = f"{value:.4f}".rstrip("0")
    return Literal(text + "0" if text.endswith(".") else text, datatype=XSD.decimal)


# --- the document graph ------------------------------------------------------------


class _Triples(list):
    def add(self, s: Node, p: Node, o: Node | None) -> None:
        """Append a triple; an optional value given as None is left out (empty strings are kept)."""
        if o is not None:
            self.append((s, p, o))


def convert_document(doc: ParsedDocument, uris: Uris = Uris()) -> list[Triple]:
    """The triples of ``doc``'s named graph (``uris.document_graph(doc)``), sorted, no blank nodes."""
    out = _Triples()
    authority = _authority(doc, out, uris)
    document = _document(doc, out, authority, uris)
    inspection = _inspection(doc, out, authority, document, uris)
    _people(doc, out, authority, document, inspection, uris)
    for n, judgement in enumerate(doc.judgements, start=1):
        _judgement(doc, out, n, judgement, inspection, document, uris)
    for n, finding in enumerate(doc.findings, start=1):
        _finding(doc, out, n, finding, inspection, document, uris)
    for n, statement in enumerate(doc.statements, start=1):
        _statement(doc, out, n, statement, inspection, document, uris)
    _provenance(doc, out, document, uris)
    return sorted(set(out), key=lambda t: tuple(x.n3() for x in t))


def _authority(doc: ParsedDocument, out: _Triples, uris: Uris) -> URIRef:
    uri = uris.authority_of(doc)
    out.add(uri, RDF.type, OKG.LocalAuthority)
    if is_reconciled(doc):
        # Names, codes and region live once, in the reference graph; the GSS code here
        # lets the document graph stand alone (and keeps union-graph joins small).
        out.add(uri, OKG.gssCode, Literal(by_gss(doc.authority.gss_code).gss_code))
    else:
        out.add(uri, SKOS.prefLabel, Literal(doc.authority.as_written or doc.authority.name or "unknown"))
        out.add(uri, OKG.reconciled, Literal(False))
    return uri


def _document(doc: ParsedDocument, out: _Triples, authority: URIRef, uris: Uris) -> URIRef:
    uri = uris.document(doc)
    cls = {KIND_LETTER: OKG.Letter, KIND_REPORT: OKG.InspectionReport}.get(doc.kind)
    out.add(uri, RDF.type, cls or OKG.InspectionDocument)
    if cls == OKG.Letter:
        out.add(uri, RDF.type, SCHEMA.Message)
    out.add(uri, OKG.documentKind, Literal(doc.kind))
    out.add(uri, DCTERMS.title, Literal(doc.title) if doc.title else None)
    out.add(uri, DCTERMS.publisher, uris.ofsted)
    out.add(uri, OKG.documentDate, _date(doc.document_date) if doc.document_date else None)
    out.add(uri, OKG.text, Literal(doc.text))
    out.add(uri, OKG.sha256, Literal(doc.sha256))
    out.add(uri, OKG.sourceFile, Literal(PurePath(doc.source).name))
    out.add(uri, OKG.authorityAsWritten, Literal(doc.authority.as_written) if doc.authority.as_written else None)
    out.add(uri, DCTERMS.subject, authority)
    if doc.previous_inspection:
        out.add(uri, OKG.previousInspectionStatement, Literal(doc.previous_inspection.text))
        if doc.previous_inspection.date:
            out.add(uri, OKG.previousInspectionDate, _stated_date(doc.previous_inspection.date))
    for warning in doc.warnings:
        out.add(uri, OKG.parserWarning, Literal(warning))
    return uri


def _inspection(doc: ParsedDocument, out: _Triples, authority: URIRef, document: URIRef, uris: Uris) -> URIRef:
    uri = uris.inspection(doc)
    out.add(uri, RDF.type, OKG.Inspection)
    out.add(uri, OKG.inspectedAuthority, authority)
    out.add(uri, OKG.framework, FRAMEWORK[slugify(doc.framework)] if doc.framework else None)
    out.add(uri, OKG.inspectionType, INSPECTION_TYPE[doc.inspection_type] if doc.inspection_type else None)
    out.add(uri, OKG.startDate, _date(doc.inspection_start) if doc.inspection_start else None)
    out.add(uri, OKG.endDate, _date(doc.inspection_end) if doc.inspection_end else None)
    out.add(uri, OKG.outcome, Literal(doc.outcome) if doc.outcome else None)
    out.add(uri, OKG.reportedIn, document)
    out.add(document, OKG.reports, uri)
    return uri


def _organisation(person: Person, default: URIRef, doc: ParsedDocument, out: _Triples, uris: Uris) -> URIRef:
    """The authority or other organisation a person's post is in."""
    if not person.organisation:
        return default
    written = person.organisation
    if slugify(written) == "ofsted":
        return uris.ofsted
    ref = by_gss(person.organisation_gss) if person.organisation_gss else None
    if ref is not None:
        uri = uris.authority(ref.slug)
        out.add(uri, RDF.type, OKG.LocalAuthority)
        out.add(uri, OKG.gssCode, Literal(ref.gss_code))
        return uri
    uri = uris.organisation(slugify(written))
    out.add(uri, RDF.type, ORG.Organization)
    out.add(uri, SKOS.prefLabel, Literal(written))
    return uri


def _person(
    person: Person, default_org: URIRef, doc: ParsedDocument, out: _Triples, document: URIRef, uris: Uris
) -> URIRef:
    uri = uris.person(person.name)
    out.add(uri, RDF.type, FOAF.Person)
    out.add(uri, RDF.type, SCHEMA.Person)
    name = display_name(person.name)
    out.add(uri, FOAF.name, Literal(name))
    # the IRI merges the spellings of a name; one that is not the display name is kept
    written = " ".join(person.name.split())
    out.add(uri, SKOS.altLabel, Literal(written) if written != name else None)
    out.add(uri, SCHEMA.honorificPrefix, Literal(person.honorific) if person.honorific else None)
    if not person.title:
        return uri
    org = _organisation(person, default_org, doc, out, uris)
    post = uris.post(org, person.title)
    out.add(post, RDF.type, ORG.Post)
    out.add(post, SKOS.prefLabel, Literal(person.title))
    out.add(post, ORG.postIn, org)
    out.add(uri, ORG.holds, post)
    if doc.document_date:
        membership = uris.membership(person.name, org, person.title, doc.document_date)
        out.add(membership, RDF.type, ORG.Membership)
        out.add(membership, ORG.member, uri)
        out.add(membership, ORG.organization, org)
        out.add(membership, OKG.post, post)
        out.add(membership, OKG.atDate, _date(doc.document_date))
        out.add(membership, PROV.wasDerivedFrom, document)
    return uri


def _people(
    doc: ParsedDocument, out: _Triples, authority: URIRef, document: URIRef, inspection: URIRef, uris: Uris
) -> None:
    ofsted = uris.ofsted
    out.add(ofsted, RDF.type, ORG.FormalOrganization)
    out.add(ofsted, SKOS.prefLabel, Literal("Ofsted"))
    if doc.inspector:
        inspector = _person(doc.inspector, ofsted, doc, out, document, uris)
        out.add(document, OKG.signatory, inspector)
        out.add(inspection, OKG.leadInspector, inspector)
        if doc.kind == KIND_LETTER:
            out.add(document, SCHEMA.sender, inspector)
    if doc.recipient:
        out.add(document, SCHEMA.recipient, _person(doc.recipient, authority, doc, out, document, uris))
    for copy in doc.copies:
        out.add(document, SCHEMA.ccRecipient, _person(copy, authority, doc, out, document, uris))


def _stated_item(
    out: _Triples, uri: URIRef, kind: URIRef, inspection: URIRef, link: URIRef, document: URIRef, n: int
) -> None:
    """What a judgement and a finding share: its type, its inspection, its document and position."""
    out.add(uri, RDF.type, kind)
    out.add(inspection, link, uri)
    out.add(uri, OKG.statedIn, document)
    out.add(uri, OKG.position, Literal(n))


def _judgement(
    doc: ParsedDocument, out: _Triples, n: int, judgement: Judgement, inspection: URIRef, document: URIRef, uris: Uris
) -> None:
    uri = uris.judgement(doc, n)
    _stated_item(out, uri, OKG.Judgement, inspection, OKG.hasJudgement, document, n)
    out.add(uri, OKG.areaAsWritten, Literal(judgement.area))
    out.add(uri, OKG.judgementArea, lookup_concept(JUDGEMENT_AREA_SCHEME, judgement.area))
    out.add(uri, OKG.gradeAsWritten, Literal(judgement.grade))
    out.add(uri, OKG.grade, lookup_concept(GRADE_SCHEME, judgement.grade))


def _finding(
    doc: ParsedDocument, out: _Triples, n: int, finding: Finding, inspection: URIRef, document: URIRef, uris: Uris
) -> None:
    uri = uris.finding(doc, n)
    _stated_item(out, uri, OKG.Finding, inspection, OKG.hasFinding, document, n)
    out.add(uri, OKG.category, CATEGORY[finding.category])
    out.add(uri, OKG.section, Literal(finding.section) if finding.section else None)
    out.add(uri, OKG.findingText, Literal(finding.text))
    out.add(uri, OKG.addressee, Literal(finding.addressee) if finding.addressee else None)
    if finding.relation_to_previous:
        out.add(uri, OKG.statedRelationToPrevious, OKG[finding.relation_to_previous])
    _evidence(doc, out, uri, finding.start, finding.end, document, uris)
    # Project-made theme tags, apart from the text.
    for tag in finding.themes:
        assignment = uris.theme_assignment(uri, tag.slug)
        out.add(assignment, RDF.type, OKG.ThemeAssignment)
        out.add(assignment, OA.motivatedBy, OA.classifying)
        out.add(assignment, OA.hasTarget, uri)
        out.add(assignment, OA.hasBody, THEME[tag.slug])
        out.add(assignment, OKG.score, decimal_literal(tag.score))
        out.add(assignment, OKG.cue, Literal(tag.cue) if tag.cue else None)
        out.add(assignment, OKG.classifier, Literal(tag.classifier))


def _evidence(
    doc: ParsedDocument, out: _Triples, uri: URIRef, start: int, end: int, document: URIRef, uris: Uris
) -> None:
    """Evidence of ``uri``: the raw span of the document text, by position and by quote."""
    evidence, target, position, quote = uris.evidence(uri)
    out.add(uri, OKG.evidence, evidence)
    out.add(evidence, RDF.type, OA.Annotation)
    out.add(evidence, OA.motivatedBy, OA.describing)
    out.add(evidence, OA.hasBody, uri)
    out.add(evidence, OA.hasTarget, target)
    out.add(target, RDF.type, OA.SpecificResource)
    out.add(target, OA.hasSource, document)
    out.add(target, OA.hasSelector, position)
    out.add(target, OA.hasSelector, quote)
    out.add(position, RDF.type, OA.TextPositionSelector)
    out.add(position, OA.start, Literal(start, datatype=XSD.integer))
    out.add(position, OA.end, Literal(end, datatype=XSD.integer))
    out.add(quote, RDF.type, OA.TextQuoteSelector)
    out.add(quote, OA.exact, Literal(doc.text[start:end]))


def _statement(
    doc: ParsedDocument, out: _Triples, n: int, statement: PersistenceStatement, inspection: URIRef,
    document: URIRef, uris: Uris,
) -> None:
    """A sentence stating what became of an earlier inspection's issue, with its evidence."""
    uri = uris.statement(doc, n)
    out.add(uri, RDF.type, OKG.PersistenceStatement)
    out.add(inspection, OKG.hasStatement, uri)
    out.add(uri, OKG.statedIn, document)
    out.add(uri, OKG.position, Literal(n))
    out.add(uri, OKG.statedRelation, OKG[_RELATION_TERMS[statement.relation]])
    out.add(uri, OKG.statementText, Literal(statement.text))
    out.add(uri, OKG.cue, Literal(statement.cue))
    if statement.earlier_date:
        out.add(uri, OKG.earlierInspectionDate, _stated_date(statement.earlier_date))
    if statement.finding is not None:
        out.add(uri, OKG.aboutFinding, uris.finding(doc, statement.finding))
    _evidence(doc, out, uri, statement.start, statement.end, document, uris)


#: Relation of the parse record -> local name of its okg: individual.
_RELATION_TERMS = {PERSISTS: "persists", RESOLVED: "resolved", RAISED_BEFORE: "raisedBefore"}


def _provenance(doc: ParsedDocument, out: _Triples, document: URIRef, uris: Uris) -> None:
    graph = uris.document_graph(doc)
    activity = uris.conversion(doc.sha256)
    source = uris.source(doc.sha256)
    software = uris.software(__version__)
    out.add(activity, RDF.type, OKG.Conversion)
    out.add(activity, RDF.type, PROV.Activity)
    out.add(activity, PROV.used, source)
    out.add(activity, PROV.wasAssociatedWith, software)
    out.add(activity, OKG.conversionOf, document)
    out.add(activity, OKG.softwareVersion, Literal(__version__))
    out.add(activity, OKG.ontologyVersion, Literal(ontology_version()))
    out.add(source, RDF.type, OKG.SourceFile)
    out.add(source, OKG.sha256, Literal(doc.sha256))
    out.add(source, OKG.sourceFile, Literal(PurePath(doc.source).name))
    out.add(software, RDF.type, PROV.SoftwareAgent)
    out.add(software, RDFS.label, Literal(f"ofsted-kg {__version__}"))
    out.add(software, OKG.softwareVersion, Literal(__version__))
    out.add(document, PROV.wasGeneratedBy, activity)
    out.add(document, PROV.wasDerivedFrom, source)
    out.add(graph, PROV.wasGeneratedBy, activity)


def convert_source_record(doc: ParsedDocument | URIRef, record, uris: Uris = Uris()) -> list[Triple]:
    """What a manifest says about ``doc``'s file (a ``read.manifest.SourceRecord``): its
    publication date (``dcterms:issued``) and where it was published (``dcterms:source``);
    triples of the sources graph (``uris.sources_graph``). ``doc`` may be the document's IRI."""
    out = _Triples()
    document = doc if isinstance(doc, URIRef) else uris.document(doc)
    out.add(document, DCTERMS.issued, _date(record.published) if record.published else None)
    out.add(document, DCTERMS.source, URIRef(record.url) if record.url else None)
    return sorted(out, key=lambda t: tuple(x.n3() for x in t))


def convert_reference(uris: Uris = Uris()) -> list[Triple]:
    """Triples of the reference graph: every authority of the reference table, and Ofsted."""
    from .reference import reference_triples

    return reference_triples(uris)
