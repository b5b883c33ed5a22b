"""N_QUADS export: every named graph, quads sorted by graph."""

from __future__ import annotations

import pyoxigraph as ox

from .common import DEFAULT_BASE, canonical, serialize as _serialize

NAME = "nquads"
EXTENSION = ".nq"
MEDIA_TYPE = "application/n-quads"
UNION = False


def serialize(quads, base: str = DEFAULT_BASE) -> bytes:
    """Deterministic N_QUADS of ``quads`` (pyoxigraph quads, e.g. a store's)."""
    return _serialize(canonical(quads, union=UNION), ox.RdfFormat.N_QUADS, base)
