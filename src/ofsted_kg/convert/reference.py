"""Reference table -> triples of the reference graph (authorities and Ofsted)."""

from __future__ import annotations

from rdflib import RDF, RDFS, XSD, Literal
from rdflib.namespace import ORG, SKOS
from rdflib.term import Node

from ..reference import Authority, load_authorities
from ..namespaces import ONS_GEOGRAPHY, OKG
from ..uris import Uris


def authority_triples(authority: Authority, uris: Uris) -> list[tuple[Node, Node, Node]]:
    uri = uris.authority(authority.slug)
    triples: list[tuple[Node, Node, Node]] = [
        (uri, RDF.type, OKG.LocalAuthority),
        (uri, RDF.type, ORG.FormalOrganization),
        (uri, SKOS.prefLabel, Literal(authority.name)),
        (uri, RDFS.label, Literal(authority.name)),
        (uri, OKG.slug, Literal(authority.slug)),
        (uri, OKG.gssCode, Literal(authority.gss_code)),
        (uri, OKG.dfeCode, Literal(authority.dfe_code)),
        (uri, OKG.region, Literal(authority.region)),
        (uri, OKG.authorityType, Literal(authority.authority_type)),
        (uri, OKG.statisticalGeography, ONS_GEOGRAPHY[authority.gss_code]),
    ]
    triples += [(uri, SKOS.altLabel, Literal(name)) for name in authority.alt_names]
    triples += [(uri, OKG.otherGssCode, Literal(code)) for code in authority.other_gss_codes]
    for code in authority.other_gss_codes:
        triples.append((uri, OKG.statisticalGeography, ONS_GEOGRAPHY[code]))
    if authority.start_date:
        triples.append((uri, OKG.startDate, Literal(authority.start_date.isoformat(), datatype=XSD.date)))
    if authority.end_date:
        triples.append((uri, OKG.endDate, Literal(authority.end_date.isoformat(), datatype=XSD.date)))
    if authority.ofsted_urn:
        triples.append((uri, OKG.ofstedUrn, Literal(authority.ofsted_urn)))
    return triples


def reference_triples(uris: Uris) -> list[tuple[Node, Node, Node]]:
    ofsted = uris.ofsted
    triples = [
        (ofsted, RDF.type, ORG.FormalOrganization),
        (ofsted, SKOS.prefLabel, Literal("Ofsted")),
        (ofsted, SKOS.altLabel, Literal("Office for Standards in Education, Children's Services and Skills")),
    ]
    for authority in load_authorities():
        triples += authority_triples(authority, uris)
    return sorted(set(triples), key=lambda t: tuple(x.n3() for x in t))
