"""TURTLE export: the union of all graphs (the default graph), triples sorted."""

from __future__ import annotations

import pyoxigraph as ox

from .common import DEFAULT_BASE, canonical, serialize as _serialize

NAME = "turtle"
EXTENSION = ".ttl"
MEDIA_TYPE = "text/turtle"
UNION = True


def serialize(quads, base: str = DEFAULT_BASE) -> bytes:
    """Deterministic TURTLE of ``quads`` (pyoxigraph quads, e.g. a store's)."""
    return _serialize(canonical(quads, union=UNION), ox.RdfFormat.TURTLE, base)
