"""The SPARQL 1.1 Protocol's query operation, read-only (https://www.w3.org/TR/sparql11-protocol/).

* ``GET /sparql?query=…``; ``POST`` with ``application/x-www-form-urlencoded`` (``query=…``);
  ``POST`` with ``application/sparql-query`` (the body is the query). Exactly one query, else 400.
* ``default-graph-uri`` / ``named-graph-uri`` (repeatable) set the dataset; without them the
  default graph is the union of every named graph, as for ``ofsted-kg query``.
* Updates (an ``update`` parameter, ``application/sparql-update``, or an update in ``query``)
  are refused with 403; so is SERVICE. A syntax error is 400; a query stopped at the time
  limit is 503; other methods are 405; other request types 415; no acceptable format 406.
* Results by ``Accept`` (or ``format=json|xml|csv|tsv|turtle|jsonld|ntriples|rdfxml``):
  SELECT/ASK in SPARQL JSON, XML, CSV, TSV; CONSTRUCT/DESCRIBE in Turtle, JSON-LD,
  N-Triples, RDF/XML. JSON, CSV and TSV are written by ``ofsted_kg.query`` (as the command
  line writes them); XML and the RDF formats by Oxigraph's serialisers.
* The row cap cuts long results; the response then carries ``Ofsted-KG-Truncated: N``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

import pyoxigraph as ox

from ..errors import QueryError
from ..query.catalogue import to_csv, to_json, to_tsv
from ..query.guard import QueryRefused
from ..query.runner import QueryBusy, QueryTimeout
from ..store.knowledge import ResultTable
from ..store.terms import value_to_ox
from .negotiate import best

#: Result formats of SELECT/ASK: media type -> ``format=`` name.
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
}
#: Formats of CONSTRUCT/DESCRIBE: media type -> (``format=`` name, Oxigraph format).
GRAPH_TYPES = {
    "text/turtle": ("turtle", ox.RdfFormat.TURTLE),
    "application/ld+json": ("jsonld", ox.RdfFormat.JSON_LD),
    "application/n-triples": ("ntriples", ox.RdfFormat.N_TRIPLES),
    "application/rdf+xml": ("rdfxml", ox.RdfFormat.RDF_XML),
}
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
TRUNCATED_HEADER = "Ofsted-KG-Truncated"


class ProtocolError(Exception):
    """A request the protocol answers with an error status."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@dataclass(frozen=True)
class QueryRequest:
    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] | None = None
    format: str | None = None


def read_request(method: str, content_type: str | None, query_string: str, body: bytes) -> QueryRequest | None:
    """The query operation a request asks for; None when it names no query at all (e.g. a browser)."""
    if method not in ("GET", "POST"):
        raise ProtocolError(405, f"{method} is not a SPARQL protocol query method (use GET or POST)",
                            {"Allow": "GET, POST"})
    fields = _pairs(query_string)
    media = (content_type or "").split(";")[0].strip().lower()
    if method == "POST":
        if media == UPDATE:
            raise ProtocolError(403, "this endpoint is read-only: SPARQL updates are refused")
        if media == FORM:
            fields += _pairs(_text(body))
        elif media == DIRECT:
            if any(name == "query" for name, _ in fields):
                raise ProtocolError(400, "a direct POST carries the query in its body, not also in the URL")
            fields.append(("query", _text(body)))
        else:
            raise ProtocolError(415, f"a POST must be {FORM} or {DIRECT}, not {media or 'untyped'}")
    if any(name == "update" for name, _ in fields):
        raise ProtocolError(403, "this endpoint is read-only: SPARQL updates are refused")
    queries = [value for name, value in fields if name == "query"]
    if len(queries) > 1:
        raise ProtocolError(400, "more than one query in the request")
    if not queries:
        return None
    named = tuple(v for n, v in fields if n == "named-graph-uri")
    formats = [v for n, v in fields if n == "format"]
    return QueryRequest(queries[0], tuple(v for n, v in fields if n == "default-graph-uri"),
                        named or None, formats[-1] if formats else None)


def _pairs(text: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the request's parameters are not UTF-8") from None


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the request body is not UTF-8") from None


def status_of(error: QueryError) -> int:
    """HTTP status of an error from the runner."""
    if isinstance(error, QueryRefused):
        return 403 if "SERVICE" in error.reason or "read-only" in error.reason else 400
    if isinstance(error, (QueryTimeout, QueryBusy)):
        return 503
    return 400


def choose_format(table: ResultTable, accept: str | None, named: str | None) -> str:
    """The media type to answer with: ``format=`` first, then ``Accept``; ProtocolError 406 if none fits."""
    offered = GRAPH_TYPES if table.triples else RESULT_TYPES
    names = {(v[0] if isinstance(v, tuple) else v): k for k, v in reversed(list(offered.items()))}
    if named:
        if named not in names:
            raise ProtocolError(406, f"format={named} is not offered for this result (one of: {', '.join(names)})")
        return names[named]
    media = best(list(offered), accept)
    if media is None:
        raise ProtocolError(406, f"none of the accepted types is offered (offered: {', '.join(offered)})")
    return media


def serialise(table: ResultTable, media: str, prefixes: dict[str, str]) -> bytes:
    """The result in ``media`` (one of ``RESULT_TYPES`` or ``GRAPH_TYPES``)."""
    if table.triples:
        triples = [ox.Triple(*(value_to_ox(v) for v in row)) for row in table.rows]
        return ox.serialize(triples, format=GRAPH_TYPES[media][1], prefixes=prefixes)
    name = RESULT_TYPES[media]
    if name == "csv":
        return to_csv(table).encode("utf-8")
    if name == "tsv":
        return to_tsv(table).encode("utf-8")
    data = to_json(table).encode("utf-8")
    if name == "xml":
        return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON).serialize(
            format=ox.QueryResultsFormat.XML)
    return data


def content_type(media: str) -> str:
    return media if media.endswith("+json") or media == "application/json" else f"{media}; charset=utf-8"
