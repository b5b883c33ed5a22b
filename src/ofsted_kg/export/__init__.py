"""Exports of the store, one module per format; all deterministic and written atomically.

Triple formats (``turtle``, ``nt``) hold the union of all graphs; dataset formats
(``nquads``, ``trig``, ``jsonld``) keep the named graphs. ``void`` describes the dataset.
"""

from __future__ import annotations

import io
from importlib import import_module
from pathlib import Path
from types import ModuleType

from ..store.atomic import atomic_open, atomic_write
from ..uris import Uris

#: ``--format`` name -> module name.
FORMATS = {"turtle": "turtle", "nt": "ntriples", "nquads": "nquads", "trig": "trig", "jsonld": "jsonld"}


def exporter(fmt: str) -> ModuleType:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (one of: {', '.join(FORMATS)})")
    return import_module(f"{__name__}.{FORMATS[fmt]}")


def serialize(store, fmt: str, uris: Uris | None = None) -> bytes:
    """The store (a ``KnowledgeStore``) in ``fmt`` as bytes; ``uris`` defaults to the store's own."""
    module, base = exporter(fmt), (uris or store.uris).base
    if hasattr(module, "write_store"):
        buffer = io.BytesIO()
        module.write_store(store, buffer, base)
        return buffer.getvalue()
    return module.serialize(store.quads(), base)


def export(store, fmt: str, path: str | Path, uris: Uris | None = None, **streaming) -> int | None:
    """Write the store in ``fmt`` to ``path`` atomically; the union formats (``turtle``, ``nt``) are
    streamed in bounded memory (``streaming``: see ``stream.union_lines``) and return the number of
    triples written."""
    module, base = exporter(fmt), (uris or store.uris).base
    if hasattr(module, "write_store"):
        with atomic_open(path) as handle:
            return module.write_store(store, handle, base, **streaming)
    atomic_write(path, module.serialize(store.quads(), base))
    return None


def write_void(store, path: str | Path, uris: Uris | None = None, dumps: tuple[str, ...] = (),
               triples: int | None = None, sizes: dict[str, int] | None = None) -> None:
    """Write the VoID/DCAT description of the store (``dumps``: files published with it; ``triples``
    and ``sizes``: the union's size and each graph's, when just counted by ``export``)."""
    from . import void

    atomic_write(path, void.serialize(store, uris or store.uris, dumps, triples, sizes))


def write_triples(triples, path: str | Path, uris: Uris = Uris()) -> None:
    """Any triples (rdflib or pyoxigraph terms, e.g. a SHACL report graph) as deterministic Turtle."""
    from . import turtle
    from .common import to_quads

    atomic_write(path, turtle.serialize(to_quads(triples), uris.base))
