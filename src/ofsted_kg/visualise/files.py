"""Byte-identical matplotlib output (files are written by ``ofsted_kg.store.atomic``)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

#: rcParams that make reruns byte-identical (fixed SVG ids, glyphs as paths, bundled font).
RC = {
    "svg.hashsalt": "ofsted-kg",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "path.simplify": True,
}
#: Metadata without dates or versions that would change between runs.
METADATA = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None}}


def new_figure(width: float, height: float) -> Figure:
    """A figure with its own Agg canvas (no pyplot global state)."""
    figure = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(figure)
    return figure


def figure_bytes(figure: Figure, fmt: str) -> bytes:
    """``figure`` as PNG or SVG bytes, deterministic for a given figure."""
    if fmt not in METADATA:
        raise ValueError(f"unsupported picture format {fmt!r}")
    buffer = io.BytesIO()
    with matplotlib.rc_context(RC):
        figure.savefig(buffer, format=fmt, metadata=METADATA[fmt], dpi=100)
    return buffer.getvalue()

