"""TURTLE export: the union of all graphs (the default graph), triples sorted."""

from __future__ import annotations

import pyoxigraph as ox

from ..namespaces import prefixes
from .common import DEFAULT_BASE, canonical, serialize as _serialize
from .stream import union_lines, write_turtle

NAME = "turtle"
EXTENSION = ".ttl"
MEDIA_TYPE = "text/turtle"
UNION = True


def serialize(quads, base: str = DEFAULT_BASE) -> bytes:
    """Deterministic TURTLE of ``quads`` (pyoxigraph quads, e.g. a store's)."""
    return _serialize(canonical(quads, union=UNION), ox.RdfFormat.TURTLE, base)


def write_store(store, handle, base: str = DEFAULT_BASE, **streaming) -> int:
    """The union graph of ``store`` (a ``KnowledgeStore``) as deterministic Turtle into the binary
    file ``handle``, streamed in bounded memory (``stream.union_lines``, which takes ``streaming``:
    ``runs``, ``sizes``); returns the triples written."""
    return write_turtle(union_lines(store, **streaming), handle, prefixes(base))
