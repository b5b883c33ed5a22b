"""Parsers for Ofsted children's-services inspection reports (PDF), 2013-2026.

One module per report format, each with ``detect(source) -> float`` and
``parse(source) -> ParsedDocument``:

- ``earlier``: 2012-2013 frameworks (e.g. "Inspection of looked after children services");
- ``sif``: the single inspection framework, 2013-2018, with any LSCB review;
- ``ilacs``: inspections of local authority children's services, 2018 onwards.

Every format reads its lines through the shared ``pdf_lines`` layer. ``evidence``
decides whether a document is a report at all, by its structure. A report must give its
inspection dates: one that does not is a ``ParseError`` for that document (it could not
be placed in its authority's series), never a silent drop.

Whatever the format, ``persistence`` then finds the sentences stating that an issue was
raised at an earlier inspection (persists / resolved / raised before).
"""

from __future__ import annotations

from importlib import import_module

from ...errors import ParseError
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
    doc = module.parse(source)
    if doc.inspection_start is None:
        said = "; ".join(w for w in doc.warnings if "date" in w) or "no inspection dates found"
        raise ParseError(
            source.path,
            f"{doc.framework} report without inspection dates ({said}): it cannot be placed "
            "in its authority's series of inspections",
        )
    return with_statements(doc)
