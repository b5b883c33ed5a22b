"""The URI plan: every entity IRI and graph name of the knowledge graph, built in one place.

``Uris(base)`` holds the base (default ``https://w3id.org/ofsted-kg/``, see
``docs/architecture.md``) and builds every IRI the code mints under it; nothing else
writes ``f"{base}..."``. IRIs are readable and stable, and entities never get blank
nodes. The vocabularies of the ontology (themes, categories, frameworks, grades) have
fixed IRIs whatever the base: they are in ``ofsted_kg.namespaces``.

A store remembers the base it was built with (``KnowledgeStore.base``), so commands
that read a store recover it without ``--base``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from rdflib import URIRef

from .errors import UsageError
from .model import ParsedDocument
from .namespaces import DEFAULT_BASE
from .reference import person_key
from .reference import by_gss, slugify

__all__ = ["DEFAULT_BASE", "Uris", "authority_slug", "check_base", "reference_slug"]


@cache
def reference_slug(gss_code: str) -> str | None:
    """The reference table's slug for a GSS code, or None when the code is not in it."""
    ref = by_gss(gss_code)
    return ref.slug if ref else None


def authority_slug(doc: ParsedDocument) -> str:
    """Reference slug of the inspected authority, or the slug of its name as written."""
    slug = reference_slug(doc.authority.gss_code) if doc.authority.gss_code else None
    if slug is not None:
        return slug
    return slugify(doc.authority.as_written or doc.authority.name or "") or "unknown"


def _undated(doc: ParsedDocument) -> str:
    return f"undated-{doc.sha256[:12]}"


@dataclass(frozen=True)
class Uris:
    """Builds the IRIs of one knowledge graph; ``base`` must end with ``/`` or ``#``."""

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        import pyoxigraph as ox

        if not self.base.endswith(("/", "#")):
            raise ValueError(f"base URI must end with / or #, not {self.base!r}")
        try:
            ox.NamedNode(self.base)  # Oxigraph's IRI parser: absolute, no spaces or quotes
        except ValueError as exc:
            raise ValueError(f"base URI {self.base!r} is not an absolute IRI ({exc})") from None

    def __call__(self, path: str) -> URIRef:
        """``path`` (relative, e.g. ``graph.ttl``) published under the base."""
        return URIRef(f"{self.base}{path}")

    # -- graph names ----------------------------------------------------------------
    @property
    def document_graphs(self) -> str:
        """The prefix every document graph's name starts with."""
        return f"{self.base}graph/document/"

    def document_graph(self, doc: ParsedDocument) -> URIRef:
        """The named graph of one document, named by its content hash."""
        return URIRef(f"{self.document_graphs}{doc.sha256}")

    @property
    def reference_graph(self) -> URIRef:
        return self("graph/reference")

    @property
    def sources_graph(self) -> URIRef:
        """What the sources' manifests say about the documents (publication dates, links)."""
        return self("graph/sources")

    @property
    def ontology_graph(self) -> URIRef:
        """Where the store keeps ``ontology/*.ttl`` (queries read grade ranks from it)."""
        return self("graph/ontology")

    @property
    def series_graph(self) -> URIRef:
        return self("graph/inferred/series")

    @property
    def recurrence_graph(self) -> URIRef:
        return self("graph/inferred/recurrence")

    # -- entities ---------------------------------------------------------------------
    def authority(self, slug: str) -> URIRef:
        return self(f"authority/{slug}")

    def authority_of(self, doc: ParsedDocument) -> URIRef:
        """The authority a document is about (reference slug, or its name as written)."""
        return self.authority(authority_slug(doc))

    def document(self, doc: ParsedDocument) -> URIRef:
        when = doc.document_date.isoformat() if doc.document_date else _undated(doc)
        return self(f"document/{authority_slug(doc)}/{when}/{slugify(doc.kind)}")

    def inspection(self, doc: ParsedDocument) -> URIRef:
        start = doc.inspection_start or doc.document_date
        when = start.isoformat() if start else _undated(doc)
        return self(f"inspection/{authority_slug(doc)}/{when}")

    def finding(self, doc: ParsedDocument, n: int) -> URIRef:
        """The ``n``-th finding (1-based, document order) stated in ``doc``: under the document,
        so two documents about one inspection never share a finding IRI."""
        return URIRef(f"{self.document(doc)}/finding/{n}")

    def statement(self, doc: ParsedDocument, n: int) -> URIRef:
        """The ``n``-th persistence statement (1-based, document order) of ``doc``."""
        return URIRef(f"{self.document(doc)}/statement/{n}")

    @staticmethod
    def evidence(finding: URIRef) -> tuple[URIRef, URIRef, URIRef, URIRef]:
        """A finding's evidence annotation, its target, and the position and quote selectors."""
        evidence = URIRef(f"{finding}/evidence")
        return evidence, URIRef(f"{evidence}/target"), URIRef(f"{evidence}/position"), URIRef(f"{evidence}/quote")

    @staticmethod
    def theme_assignment(finding: URIRef, theme_slug: str) -> URIRef:
        return URIRef(f"{finding}/theme/{theme_slug}")

    def judgement(self, doc: ParsedDocument, n: int) -> URIRef:
        return URIRef(f"{self.document(doc)}/judgement/{n}")

    def person(self, name: str) -> URIRef:
        """One IRI per person however the name is written (rule in ``ofsted_kg.reference``)."""
        return self(f"person/{_person_slug(name)}")

    @property
    def ofsted(self) -> URIRef:
        return self.organisation("ofsted")

    def organisation(self, slug: str) -> URIRef:
        return self(f"organisation/{slug}")

    def post(self, organisation: URIRef, title: str) -> URIRef:
        """A post (title) in an organisation or authority, keyed by the organisation's slug."""
        return self(f"post/{_last_segment(organisation)}/{slugify(title)}")

    def membership(self, name: str, organisation: URIRef, title: str, when: date) -> URIRef:
        """A person holding a post at a date."""
        post = f"{_last_segment(organisation)}/{slugify(title)}"
        return self(f"membership/{_person_slug(name)}/{post}/{when.isoformat()}")

    def reorganisation(self, day: date, first_former_slug: str) -> URIRef:
        """An ``org:ChangeEvent``: the councils that began on ``day`` replacing former ones."""
        return self(f"reorganisation/{day.isoformat()}/{first_former_slug}")

    def conversion(self, sha256: str) -> URIRef:
        return self(f"conversion/{sha256}")

    def source(self, sha256: str) -> URIRef:
        return self(f"source/{sha256}")

    def software(self, version: str) -> URIRef:
        return self(f"software/ofsted-kg/{version}")

    def recurrence(self, later_finding: str, earlier_finding: str) -> URIRef:
        """``{base}recurrence/{authority}/{document date}/{kind}/finding/{n}/from/{earlier document
        date}/{kind}/{m}``: the later finding, then where the earlier one is stated."""
        later = later_finding.removeprefix(f"{self.base}document/")
        when, kind, _, n = earlier_finding.rsplit("/", 4)[-4:]
        return self(f"recurrence/{later}/from/{when}/{kind}/{n}")

    @property
    def dataset(self) -> URIRef:
        """The dataset as a whole (its VoID description)."""
        return self("dataset")


def _person_slug(name: str) -> str:
    return person_key(name) or slugify(name)


def check_base(base: str) -> str:
    """``base`` if ``Uris`` accepts it (an absolute IRI ending in ``/`` or ``#``), else a ``UsageError``."""
    try:
        Uris(base)
    except ValueError as exc:
        raise UsageError("--base", str(exc)) from None
    return base


def _last_segment(iri: URIRef) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]
