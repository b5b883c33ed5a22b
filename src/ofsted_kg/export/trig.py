"""TRIG export: every named graph, quads sorted by graph."""

from __future__ import annotations

import pyoxigraph as ox

from .common import DEFAULT_BASE, canonical, serialize as _serialize

NAME = "trig"
EXTENSION = ".trig"
MEDIA_TYPE = "application/trig"
UNION = False


def serialize(quads, base: str = DEFAULT_BASE) -> bytes:
    """Deterministic TRIG of ``quads`` (pyoxigraph quads, e.g. a store's)."""
    return _serialize(canonical(quads, union=UNION), ox.RdfFormat.TRIG, base)
