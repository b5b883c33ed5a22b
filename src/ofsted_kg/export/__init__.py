"""Exports of the store, one module per format; all deterministic and written atomically.

Triple formats (``turtle``, ``nt``) hold the union of all graphs; dataset formats
(``nquads``, ``trig``, ``jsonld``) keep the named graphs. ``void`` describes the dataset.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from types import ModuleType

from .atomic import atomic_write
from .common import DEFAULT_BASE

#: ``--format`` name -> module name.
FORMATS = {"turtle": "turtle", "nt": "ntriples", "nquads": "nquads", "trig": "trig", "jsonld": "jsonld"}


def exporter(fmt: str) -> ModuleType:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (one of: {', '.join(FORMATS)})")
    return import_module(f"{__name__}.{FORMATS[fmt]}")


def serialize(store, fmt: str, base: str = DEFAULT_BASE) -> bytes:
    """The store (a ``KnowledgeStore``) in ``fmt`` as bytes."""
    return exporter(fmt).serialize(store.quads(), base)


def export(store, fmt: str, path: str | Path, base: str = DEFAULT_BASE) -> None:
    """Write the store in ``fmt`` to ``path`` atomically."""
    atomic_write(path, serialize(store, fmt, base))


def write_void(store, path: str | Path, base: str = DEFAULT_BASE, dumps: tuple[str, ...] = ()) -> None:
    from . import void

    atomic_write(path, void.serialize(store, base, dumps))


def write_triples(triples, path: str | Path, base: str = DEFAULT_BASE) -> None:
    """Any triples (rdflib or pyoxigraph terms, e.g. a SHACL report graph) as deterministic Turtle."""
    from . import turtle
    from .common import to_quads

    atomic_write(path, turtle.serialize(to_quads(triples), base))
