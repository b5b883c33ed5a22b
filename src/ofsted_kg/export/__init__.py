"""Exports of the store, one module per format; all deterministic and written atomically.

Triple formats (``turtle``, ``nt``) hold the union of all graphs; dataset formats
(``nquads``, ``trig``, ``jsonld``) keep the named graphs. ``void`` describes the dataset.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from types import ModuleType

from ..store.atomic import atomic_write
from ..uris import Uris

#: ``--format`` name -> module name.
FORMATS = {"turtle": "turtle", "nt": "ntriples", "nquads": "nquads", "trig": "trig", "jsonld": "jsonld"}


def exporter(fmt: str) -> ModuleType:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (one of: {', '.join(FORMATS)})")
    return import_module(f"{__name__}.{FORMATS[fmt]}")


def serialize(store, fmt: str, uris: Uris | None = None) -> bytes:
    """The store (a ``KnowledgeStore``) in ``fmt`` as bytes; ``uris`` defaults to the store's own."""
    return exporter(fmt).serialize(store.quads(), (uris or store.uris).base)


def export(store, fmt: str, path: str | Path, uris: Uris | None = None) -> None:
    """Write the store in ``fmt`` to ``path`` atomically."""
    atomic_write(path, serialize(store, fmt, uris))


def write_void(store, path: str | Path, uris: Uris | None = None, dumps: tuple[str, ...] = ()) -> None:
    """Write the VoID/DCAT description of the store (``dumps``: files published with it)."""
    from . import void

    atomic_write(path, void.serialize(store, uris or store.uris, dumps))


def write_triples(triples, path: str | Path, uris: Uris = Uris()) -> None:
    """Any triples (rdflib or pyoxigraph terms, e.g. a SHACL report graph) as deterministic Turtle."""
    from . import turtle
    from .common import to_quads

    atomic_write(path, turtle.serialize(to_quads(triples), uris.base))
