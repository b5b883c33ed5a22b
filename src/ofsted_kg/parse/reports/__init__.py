"""Parsers for Ofsted children's-services inspection reports (PDF), 2013-2026.

One module per report format, each with ``detect(source) -> float`` and
``parse(source) -> ParsedDocument``:

- ``earlier``: 2012-2013 frameworks (e.g. "Inspection of looked after children services");
- ``sif``: the single inspection framework, 2013-2018, with any LSCB review;
- ``ilacs``: inspections of local authority children's services, 2018 onwards.

Whatever the format, ``persistence`` then finds the sentences stating that an issue was
raised at an earlier inspection (persists / resolved / raised before).
"""

from __future__ import annotations

from importlib import import_module

from ...model import ParsedDocument, SourceDocument
from .persistence import with_statements

FORMAT_MODULES = ("earlier", "sif", "ilacs")


def _formats():
    return [import_module(f"{__name__}.{name}") for name in FORMAT_MODULES]


def _best(source: SourceDocument):
    scored = [(module.detect(source), module) for module in _formats()]
    return max(scored, key=lambda pair: pair[0], default=(0.0, None))


def detect(source: SourceDocument) -> float:
    return _best(source)[0]


def parse(source: SourceDocument) -> ParsedDocument:
    score, module = _best(source)
    assert module is not None and score > 0, "parse called on an undetected report"
    return with_statements(module.parse(source))
