"""ofsted-kg: a knowledge graph of Ofsted children's-services inspections.

The package is laid out as the data flows, one folder per stage::

    read -> parse -> themes -> convert -> validate -> store -> infer -> query / export / visualise

``read`` turns files into text (``SourceDocument``); ``parse`` (``parse/letters``,
``parse/reports``) turns text into typed records (``ParsedDocument``, in ``model``);
``themes`` tags findings with the theme scheme; ``convert`` makes the RDF triples of one
named graph per document; ``validate`` checks them against the SHACL shapes (and the
ontology's consistency); ``store`` keeps the named graphs in Oxigraph; ``infer`` adds the
inferred graphs; ``query``, ``export`` and ``visualise`` read the store. ``build`` is the
orchestrator running them all, ``cli`` and ``commands`` the command line.

Shared by every stage, at the top level: ``model``, ``errors``, ``uris`` (the URI plan),
``namespaces`` (the one prefix map), ``resources`` (the data files) and ``reference`` (the
reference table of authorities). A stage imports only from these and from earlier stages
(``tests/test_import_graph.py`` checks it). ``docs/architecture.md`` has the tree.

This module is the public face: the names in ``__all__`` are imported from here
(``from ofsted_kg import run_build, KnowledgeStore``), lazily, so that importing the
package stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

#: Public name -> the module (relative to this package) that defines it, or ``module:name``
#: where the public name differs (``validate`` and ``export`` are also subpackages' names).
_PUBLIC = {
    # shared
    "AuthorityRef": "model", "Finding": "model", "Judgement": "model", "ParsedDocument": "model",
    "Person": "model", "PreviousInspection": "model", "SourceDocument": "model", "ThemeTag": "model",
    "ConvertError": "errors", "Failure": "errors", "NotADocumentError": "errors", "OfstedKGError": "errors",
    "ParseError": "errors", "QueryError": "errors", "ReadError": "errors", "StoreError": "errors",
    "DEFAULT_BASE": "uris", "Uris": "uris",
    "OKG": "namespaces", "prefixes": "namespaces",
    "Authority": "reference", "by_gss": "reference", "load_authorities": "reference", "reconcile": "reference",
    "slugify": "reference",
    # stages
    "iter_paths": "read.documents", "read_bytes": "read.documents", "read_document": "read.documents",
    "Manifests": "read.manifest", "SourceRecord": "read.manifest", "find_manifests": "read.manifest",
    "read_manifest": "read.manifest",
    "parse_source": "parse", "Outcome": "parse.pipeline", "parse_path": "parse.pipeline",
    "parse_paths": "parse.pipeline",
    "classify": "themes.classifier", "enrich": "themes.enrich", "load_scheme": "themes.scheme",
    "convert_document": "convert.document", "convert_reference": "convert.document",
    "convert_source_record": "convert.document",
    "ontology_graph": "convert.vocabularies",
    "validate_graph": "validate.shacl:validate", "check_consistency": "validate.reason",
    "KnowledgeStore": "store.knowledge", "ResultTable": "store.knowledge", "Value": "store.terms",
    "atomic_write": "store.atomic",
    "inference_updates": "infer.rules",
    "update_recurrence_graph": "infer.recurrence_graph",
    "find_query": "query.catalogue", "load_queries": "query.catalogue", "render": "query.catalogue",
    "run_query": "query.catalogue",
    "resolve": "query.resolve", "ResolveError": "query.resolve", "build_sheet": "query.table",
    "export_store": "export:export", "serialize": "export", "write_triples": "export", "write_void": "export",
    "render_all": "visualise.render", "rows_from": "visualise.source",
    # orchestration
    "BuildResult": "build", "run_build": "build", "main": "cli",
}

__all__ = ["__version__", *sorted(_PUBLIC)]


def __getattr__(name: str) -> Any:
    where = _PUBLIC.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, _, attribute = where.partition(":")
    value = getattr(import_module(f"{__name__}.{module}"), attribute or name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
