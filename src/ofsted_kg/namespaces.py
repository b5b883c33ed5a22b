"""Every namespace the code names, and the one prefix map of the project.

``OKG`` is the okg: namespace as an rdflib ``DefinedNamespace`` (``_fail=True``: a
misspelt term raises); ``tests/validate/test_ontology.py`` keeps it in step with
``ontology/ofsted-kg.ttl`` and names every term missing on either side. ``prefixes(base)``
is the prefix map every serialisation uses (exports, query result tables, test graphs).
"""

from __future__ import annotations

import re
from functools import cache

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from .resources import ontology_dir

#: The knowledge graph's default base (entity IRIs and graph names; see ``ofsted_kg.uris``).
DEFAULT_BASE = "https://w3id.org/ofsted-kg/"

OKG_IRI = "https://w3id.org/ofsted-kg/ontology#"
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"
SD = "http://www.w3.org/ns/sparql-service-description#"
# Vocabularies of the ontology (fixed IRIs, whatever the data's base).
CATEGORY = Namespace("https://w3id.org/ofsted-kg/category/")
FRAMEWORK = Namespace("https://w3id.org/ofsted-kg/framework/")
GRADE = Namespace("https://w3id.org/ofsted-kg/grade/")
INSPECTION_TYPE = Namespace("https://w3id.org/ofsted-kg/inspection-type/")
JUDGEMENT_AREA = Namespace("https://w3id.org/ofsted-kg/judgement-area/")
THEME = Namespace("https://w3id.org/ofsted-kg/theme/")
THEME_GROUP = Namespace("https://w3id.org/ofsted-kg/theme-group/")
ONS_GEOGRAPHY = Namespace("http://statistics.data.gov.uk/id/statistical-geography/")


class OKG(DefinedNamespace):
    """Terms of the ofsted-kg ontology."""

    _NS = Namespace(OKG_IRI)
    _fail = True

    # classes
    Conversion: URIRef
    Finding: URIRef
    FindingCategory: URIRef
    Framework: URIRef
    Grade: URIRef
    Inspection: URIRef
    InspectionDocument: URIRef
    InspectionReport: URIRef
    InspectionType: URIRef
    Judgement: URIRef
    JudgementArea: URIRef
    Letter: URIRef
    LocalAuthority: URIRef
    PersistenceStatement: URIRef
    Recurrence: URIRef
    SourceFile: URIRef
    StatedRelation: URIRef
    ThemeAssignment: URIRef

    # object properties
    aboutFinding: URIRef
    category: URIRef
    continues: URIRef
    conversionOf: URIRef
    evidence: URIRef
    framework: URIRef
    grade: URIRef
    hasFinding: URIRef
    hasJudgement: URIRef
    hasStatement: URIRef
    inferredRecurrenceOf: URIRef
    inspectedAuthority: URIRef
    inspectionType: URIRef
    judgementArea: URIRef
    leadInspector: URIRef
    post: URIRef
    previousInspection: URIRef
    recurrenceOf: URIRef
    recursIn: URIRef
    refersToFinding: URIRef
    refersToInspection: URIRef
    reportedIn: URIRef
    reports: URIRef
    seriesKey: URIRef
    signatory: URIRef
    statedIn: URIRef
    statedPersistsFrom: URIRef
    statedRelation: URIRef
    statedRelationToPrevious: URIRef
    statedResolvedFrom: URIRef
    statisticalGeography: URIRef
    viaTheme: URIRef

    # datatype properties
    addressee: URIRef
    areaAsWritten: URIRef
    atDate: URIRef
    authorityAsWritten: URIRef
    authorityType: URIRef
    classifier: URIRef
    cue: URIRef
    dfeCode: URIRef
    earlierInspectionDate: URIRef
    documentDate: URIRef
    documentKind: URIRef
    endDate: URIRef
    findingText: URIRef
    gradeAsWritten: URIRef
    gssCode: URIRef
    matchScore: URIRef
    ofstedUrn: URIRef
    ontologyVersion: URIRef
    otherGssCode: URIRef
    outcome: URIRef
    parserWarning: URIRef
    position: URIRef
    previousInspectionDate: URIRef
    previousInspectionGap: URIRef
    previousInspectionStatement: URIRef
    rank: URIRef
    reason: URIRef
    reconciled: URIRef
    region: URIRef
    score: URIRef
    section: URIRef
    sha256: URIRef
    similarity: URIRef
    slug: URIRef
    softwareVersion: URIRef
    sourceFile: URIRef
    startDate: URIRef
    statementText: URIRef
    text: URIRef

    # annotation properties (theme scheme, ontology/themes.ttl)
    absorbs: URIRef
    addresseeCue: URIRef
    contextCue: URIRef
    inContextCue: URIRef
    weakCue: URIRef

    # individuals and schemes
    StatedRelationScheme: URIRef
    persists: URIRef
    raisedBefore: URIRef
    resolved: URIRef


#: Well-known vocabularies, always bound (the ontology's own prefixes are added to these).
WELL_KNOWN = {
    "dcat": DCAT,
    "dcterms": DCTERMS,
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": RDF_NS,
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": str(SCHEMA),
    "sd": SD,
    "sh": str(SH),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "void": VOID,
    "xsd": XSD_NS,
}
#: Prefixes for the project's own URI plan (docs/architecture.md), relative to the base.
BASE_RELATIVE = ("authority", "category", "document", "framework", "graph", "inspection", "person", "post", "theme")
_PREFIX_LINE = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>\s]*)>", re.IGNORECASE | re.MULTILINE)


@cache
def ontology_prefixes() -> tuple[tuple[str, str], ...]:
    """Prefixes declared in ``ontology/*.ttl`` (sorted by file, first declaration wins)."""
    found: dict[str, str] = {}
    try:
        files = sorted(ontology_dir().glob("*.ttl"))
    except FileNotFoundError:
        return ()
    for path in files:
        for name, iri in _PREFIX_LINE.findall(path.read_text(encoding="utf-8")):
            if name:
                found.setdefault(name, iri)
    return tuple(sorted(found.items()))


def prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """The project's prefix map: sorted, one prefix per namespace."""
    merged = dict(WELL_KNOWN)
    merged.setdefault("okg", OKG_IRI)
    merged.update(dict(ontology_prefixes()))
    for name in BASE_RELATIVE:
        merged.setdefault(name, f"{base}{name}/")
    out: dict[str, str] = {}
    seen: set[str] = set()
    for name, iri in sorted(merged.items()):
        if iri not in seen:
            out[name] = iri
            seen.add(iri)
    return out

