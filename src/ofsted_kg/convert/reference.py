"""Reference table -> triples of the reference graph (authorities, their reorganisations, Ofsted)."""

from __future__ import annotations

from datetime import timedelta

from rdflib import RDF, RDFS, XSD, Literal
from rdflib.namespace import DCTERMS, ORG, SKOS
from rdflib.term import Node

from ..namespaces import ONS_GEOGRAPHY, OKG
from ..reference import Authority, continues, load_authorities, successors
from ..uris import Uris

Triple = tuple[Node, Node, Node]


def authority_triples(authority: Authority, uris: Uris) -> list[Triple]:
    uri = uris.authority(authority.slug)
    triples: list[Triple] = [
        (uri, RDF.type, OKG.LocalAuthority),
        (uri, RDF.type, ORG.FormalOrganization),
        (uri, SKOS.prefLabel, Literal(authority.label)),
        (uri, RDFS.label, Literal(authority.label)),
        (uri, OKG.slug, Literal(authority.slug)),
        (uri, OKG.gssCode, Literal(authority.gss_code)),
        (uri, OKG.dfeCode, Literal(authority.dfe_code)),
        (uri, OKG.region, Literal(authority.region)),
        (uri, OKG.authorityType, Literal(authority.authority_type)),
        (uri, OKG.statisticalGeography, ONS_GEOGRAPHY[authority.gss_code]),
    ]
    names = {authority.name, *authority.alt_names} - {authority.label}
    triples += [(uri, SKOS.altLabel, Literal(name)) for name in sorted(names)]
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


def reorganisations() -> list[tuple[tuple[Authority, ...], tuple[Authority, ...]]]:
    """The reorganisations of the reference table: groups of former authorities and the
    authorities that took over their areas, one group per set of areas that changed together
    (Bournemouth, Poole and Dorset County Council -> Bournemouth, Christchurch and Poole and
    Dorset Council is one)."""
    groups: list[tuple[set[str], set[str]]] = []
    for former in load_authorities():
        after = {a.gss_code for a in successors(former)}
        if not after:
            continue
        joined = [g for g in groups if g[1] & after]
        before = {former.gss_code}.union(*(g[0] for g in joined))
        after = after.union(*(g[1] for g in joined))
        groups = [g for g in groups if g not in joined] + [(before, after)]
    by_code = {a.gss_code: a for a in load_authorities()}

    def pick(codes: set[str]) -> tuple[Authority, ...]:
        return tuple(sorted((by_code[c] for c in codes), key=lambda a: a.slug))

    return sorted(((pick(b), pick(a)) for b, a in groups), key=lambda g: (g[0][0].end_date, g[0][0].slug))


def reorganisation_triples(uris: Uris) -> list[Triple]:
    """ORG change events of the reference table: each former authority ``org:changedBy`` the
    event, each successor ``org:resultedFrom`` it, successor ``dcterms:replaces`` predecessor,
    and ``okg:continues`` where the area is unchanged (one series of inspections)."""
    triples: list[Triple] = []
    for before, after in reorganisations():
        day = before[0].end_date + timedelta(days=1)
        event = uris.reorganisation(day, before[0].slug)
        label = f"Reorganisation of {day.day} {day:%B %Y}: " + ", ".join(a.label for a in before)
        label += " replaced by " + ", ".join(a.label for a in after)
        triples += [
            (event, RDF.type, ORG.ChangeEvent),
            (event, RDFS.label, Literal(label)),
            (event, DCTERMS.date, Literal(day.isoformat(), datatype=XSD.date)),
        ]
        for former in before:
            old = uris.authority(former.slug)
            triples += [(event, ORG.originalOrganization, old), (old, ORG.changedBy, event)]
            for new in successors(former):
                triples += [(uris.authority(new.slug), DCTERMS.replaces, old),
                            (old, DCTERMS.isReplacedBy, uris.authority(new.slug))]
        for new in after:
            uri = uris.authority(new.slug)
            triples += [(event, ORG.resultingOrganization, uri), (uri, ORG.resultedFrom, event)]
            same_area = continues(new)
            if same_area is not None:
                triples.append((uri, OKG.continues, uris.authority(same_area.slug)))
    return triples


def reference_triples(uris: Uris) -> list[Triple]:
    ofsted = uris.ofsted
    triples = [
        (ofsted, RDF.type, ORG.FormalOrganization),
        (ofsted, SKOS.prefLabel, Literal("Ofsted")),
        (ofsted, SKOS.altLabel, Literal("Office for Standards in Education, Children's Services and Skills")),
    ]
    for authority in load_authorities():
        triples += authority_triples(authority, uris)
    triples += reorganisation_triples(uris)
    return sorted(set(triples), key=lambda t: tuple(x.n3() for x in t))
