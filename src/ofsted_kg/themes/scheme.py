"""The SKOS theme scheme (``ontology/themes.ttl``), loaded at run time into plain records.

The scheme is the single home of the theme vocabulary: labels, scope notes,
groups and the cue phrases (``skos:hiddenLabel``) the rule-based classifier in
:mod:`ofsted_kg.themes` matches. Nothing of it is repeated in code.

Weak cues: a cue phrase that is too generic to signal its theme on its own ("plan",
"assessment", "recorded") is *also* given with the project annotation property
``okg:weakCue`` (declared in the scheme file, a sub-property of ``skos:hiddenLabel``) on the
same concept. The classifier weighs weak cues down (:data:`ofsted_kg.themes.WEAK_CUE`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from ..namespaces import OKG, THEME, THEME_GROUP
from ..resources import ontology_dir

THEME_NS = THEME
GROUP_NS = THEME_GROUP
SCHEME_IRI = URIRef(str(THEME_NS))
#: Annotation property marking a concept's generic (weak) cue phrases; see the module docstring.
WEAK_CUE = OKG.weakCue
#: Annotation property: a phrase of a finding's addressee that gives the concept (a board's
#: recommendations are about the partnership, whatever their wording).
ADDRESSEE_CUE = OKG.addresseeCue
#: Annotation property: the object theme is dropped from a finding that carries the subject theme.
ABSORBS = OKG.absorbs
#: Annotation property: a phrase that names the context in which the concept's in-context cues
#: signal it ("children in care" for the health and education of children in care).
CONTEXT_CUE = OKG.contextCue
#: Annotation property: a phrase that signals the concept only in a finding that also contains
#: one of the concept's ``okg:contextCue`` phrases ("education", "health"); not a hidden label.
IN_CONTEXT_CUE = OKG.inContextCue


@dataclass(frozen=True, slots=True)
class Theme:
    slug: str
    iri: str
    label: str
    definition: str
    group: str  # group slug
    cues: tuple[str, ...]  # sorted, as written in the scheme
    #: the cues also marked ``okg:weakCue`` (a subset of ``cues``), sorted
    weak_cues: tuple[str, ...] = ()
    #: phrases of a finding's addressee that give this theme (``okg:addresseeCue``), sorted
    addressee_cues: tuple[str, ...] = ()
    #: slugs of the themes this one makes redundant on the same finding (``okg:absorbs``), sorted
    absorbs: tuple[str, ...] = ()
    #: phrases naming the context of the in-context cues (``okg:contextCue``), sorted
    context_cues: tuple[str, ...] = ()
    #: phrases that signal this theme only in that context (``okg:inContextCue``), sorted
    in_context_cues: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Group:
    slug: str
    iri: str
    label: str


@dataclass(frozen=True, slots=True)
class ThemeScheme:
    version: str | None
    themes: tuple[Theme, ...]  # sorted by slug
    groups: tuple[Group, ...]  # sorted by slug
    #: skos:hiddenLabel of the scheme itself: phrases that signal no theme (names of teams
    #: such as "referral and assessment team"); they only hide the cues inside them.
    stop_phrases: tuple[str, ...] = ()

    def get(self, slug: str) -> Theme:
        for t in self.themes:
            if t.slug == slug:
                return t
        raise KeyError(slug)

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(t.slug for t in self.themes)


def scheme_path() -> Path:
    return ontology_dir() / "themes.ttl"


@cache
def load_scheme(path: str | None = None) -> ThemeScheme:
    """Parse the scheme (cached per path). ``path`` defaults to ``ontology/themes.ttl``."""
    g = Graph()
    g.parse(str(path or scheme_path()), format="turtle")
    return scheme_from_graph(g)


def scheme_from_graph(g: Graph) -> ThemeScheme:
    def en(subject: URIRef, prop: URIRef) -> str | None:
        values = sorted(str(o) for o in g.objects(subject, prop))
        return values[0] if values else None

    version = en(SCHEME_IRI, OWL.versionInfo)
    groups: list[Group] = []
    themes: list[Theme] = []
    for s in g.subjects(SKOS.inScheme, SCHEME_IRI):
        if not isinstance(s, URIRef) or (s, RDF.type, SKOS.Concept) not in g:
            continue
        iri = str(s)
        if iri.startswith(str(GROUP_NS)):
            groups.append(Group(iri[len(GROUP_NS) :], iri, en(s, SKOS.prefLabel) or ""))
        elif iri.startswith(str(THEME_NS)):
            broader = [
                str(b) for b in g.objects(s, SKOS.broader) if str(b).startswith(str(GROUP_NS))
            ]
            weak = {str(o) for o in g.objects(s, WEAK_CUE)}
            themes.append(
                Theme(
                    slug=iri[len(THEME_NS) :],
                    iri=iri,
                    label=en(s, SKOS.prefLabel) or "",
                    definition=en(s, SKOS.definition) or "",
                    group=sorted(broader)[0][len(GROUP_NS) :] if broader else "",
                    # a weak cue is a hidden label too, even if the file forgot to say so
                    cues=tuple(sorted({str(o) for o in g.objects(s, SKOS.hiddenLabel)} | weak)),
                    weak_cues=tuple(sorted(weak)),
                    addressee_cues=tuple(sorted(str(o) for o in g.objects(s, ADDRESSEE_CUE))),
                    absorbs=tuple(sorted(str(o)[len(THEME_NS):] for o in g.objects(s, ABSORBS)
                                         if str(o).startswith(str(THEME_NS)))),
                    context_cues=tuple(sorted(str(o) for o in g.objects(s, CONTEXT_CUE))),
                    in_context_cues=tuple(sorted(str(o) for o in g.objects(s, IN_CONTEXT_CUE))),
                )
            )
    return ThemeScheme(
        version=version,
        themes=tuple(sorted(themes, key=lambda t: t.slug)),
        groups=tuple(sorted(groups, key=lambda x: x.slug)),
        stop_phrases=tuple(sorted({str(o) for o in g.objects(SCHEME_IRI, SKOS.hiddenLabel)})),
    )
