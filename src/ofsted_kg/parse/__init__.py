"""Stage 2, parse: ``SourceDocument`` -> ``ParsedDocument``.

Each document kind has a parser module with two pure functions:
``detect(source) -> float`` (how sure it is that the document is of its kind,
0 to 1) and ``parse(source) -> ParsedDocument``. ``parse_source`` picks the
most confident parser. A document no parser takes is rejected with
``NotADocumentError`` whose reason names the structural signals of a report that were
missing (``reports.evidence``); a letter about a monitoring or focused visit is rejected
with ``UnsupportedDocumentError`` naming its type. No RDF here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from ..errors import NotADocumentError, OfstedKGError, ParseError, UnsupportedDocumentError
from ..model import ParsedDocument, SourceDocument
from .organisations import reconcile_organisations
from .reports.evidence import gather, visit_type

#: Parser modules, tried in this order; each exposes ``detect`` and ``parse``.
PARSER_MODULES = ("letters", "reports")
#: A document must score at least this to be taken by a parser.
MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Parser:
    name: str
    detect: Callable[[SourceDocument], float]
    parse: Callable[[SourceDocument], ParsedDocument]


def parsers() -> list[Parser]:
    modules = [(name, import_module(f"{__name__}.{name}")) for name in PARSER_MODULES]
    return [Parser(name, module.detect, module.parse) for name, module in modules]


def parse_source(source: SourceDocument) -> ParsedDocument:
    """Parse one read document, or raise a typed error naming the file."""
    visit = visit_type(source.text or "")
    if visit:
        raise UnsupportedDocumentError(source.path, visit)
    scored = [(p.detect(source), p) for p in parsers()]
    scored.sort(key=lambda pair: -pair[0])
    if not scored or scored[0][0] < MIN_CONFIDENCE:
        evidence = gather(source)
        if evidence.is_report:  # a report of a layout no format parser takes: say so
            raise ParseError(source.path, evidence.unread_reason())
        raise NotADocumentError(source.path, evidence.reason())
    parser = scored[0][1]
    try:
        document = reconcile_organisations(parser.parse(source))
    except OfstedKGError:
        raise
    except Exception as exc:  # a parser bug must not lose the batch: report it typed
        raise ParseError(source.path, f"{parser.name} parser failed: {type(exc).__name__}: {exc}") from exc
    return reconcile_organisations(require_authority_or_date(document))


def require_authority_or_date(document: ParsedDocument) -> ParsedDocument:
    """A letter or report names the authority it inspected or is dated; text that does neither is not one."""
    from ..reference import names_an_authority

    named = document.authority.name or names_an_authority(document.authority.as_written)
    dated = document.document_date or document.inspection_start or document.inspection_end
    if not named and not dated:
        raise NotADocumentError(
            document.source,
            f"taken for a {document.kind} but no authority and no date found: "
            "not an Ofsted children's-services letter or inspection report",
        )
    return document
