"""The okg: namespace as an rdflib ``DefinedNamespace``: a misspelt term raises.

Kept in step with ``ontology/ofsted-kg.ttl`` by ``tests/test_ontology_vocab.py``,
which names every term missing on either side.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

OKG_IRI = "https://w3id.org/ofsted-kg/ontology#"
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
CATEGORY = Namespace("https://w3id.org/ofsted-kg/category/")
FRAMEWORK = Namespace("https://w3id.org/ofsted-kg/framework/")
GRADE = Namespace("https://w3id.org/ofsted-kg/grade/")
JUDGEMENT_AREA = Namespace("https://w3id.org/ofsted-kg/judgement-area/")
THEME = Namespace("https://w3id.org/ofsted-kg/theme/")
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
    conversionOf: URIRef
    evidence: URIRef
    framework: URIRef
    grade: URIRef
    hasFinding: URIRef
    hasJudgement: URIRef
    hasStatement: URIRef
    inferredRecurrenceOf: URIRef
    inspectedAuthority: URIRef
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
    weakCue: URIRef

    # individuals and schemes
    StatedRelationScheme: URIRef
    persists: URIRef
    raisedBefore: URIRef
    resolved: URIRef


#: Prefixes for readable serialisations of the project's graphs.
PREFIXES: dict[str, str] = {
    "okg": OKG_IRI,
    "oa": str(OA),
    "schema": str(SCHEMA),
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "category": str(CATEGORY),
    "framework": str(FRAMEWORK),
    "grade": str(GRADE),
    "theme": str(THEME),
}


def bind_prefixes(graph) -> None:
    """Bind the project's prefixes on an rdflib graph or dataset."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
