"""N_TRIPLES export: the union of all graphs (the default graph), triples sorted."""

from __future__ import annotations

import pyoxigraph as ox

from .common import DEFAULT_BASE, canonical, serialize as _serialize
from .stream import union_lines

NAME = "ntriples"
EXTENSION = ".nt"
MEDIA_TYPE = "application/n-triples"
UNION = True


def serialize(quads, base: str = DEFAULT_BASE) -> bytes:
    """Deterministic N_TRIPLES of ``quads`` (pyoxigraph quads, e.g. a store's)."""
    return _serialize(canonical(quads, union=UNION), ox.RdfFormat.N_TRIPLES, base)


def write_store(store, handle, base: str = DEFAULT_BASE, **streaming) -> int:
    """The union graph of ``store`` (a ``KnowledgeStore``) as deterministic N-Triples into the binary
    file ``handle``, streamed in bounded memory (``stream.union_lines``, which takes ``streaming``:
    ``runs``, ``sizes``); returns the triples written."""
    count = 0
    for line in union_lines(store, **streaming):
        handle.write(line)
        count += 1
    return count
