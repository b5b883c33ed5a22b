"""Stored SPARQL queries: header parsing, parameters, running, and result formats.

A stored query is a ``.rq`` file in ``queries/`` whose leading comment lines form a
header (grammar in ``queries/README.md``)::

    # title: Areas for development that persist
    # question: Which areas for development were raised again at the next inspection?
    # param: authority — the authority's IRI (default: authority:westminster)

Parameters bind the query variable of the same name by injecting ``VALUES ?name { term }``
at the start of the WHERE pattern. Values are typed from their text (``parse_value``).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from ..errors import QueryError
from ..namespaces import DEFAULT_BASE, prefixes
from ..resources import queries_dir
from ..store.knowledge import KnowledgeStore, ResultTable, inject_values
from ..store.terms import Value
from .guard import check_query
from .runner import Limits, QueryRunner

FORMATS = ("table", "csv", "tsv", "json")
_HEADER = re.compile(r"^#\s*(title|question|param)\s*:\s*(.*?)\s*$", re.IGNORECASE)
_PARAM = re.compile(r"^([A-Za-z_]\w*)\s*(?:—|–|--|-|:)?\s*(.*?)\s*(?:\(default:\s*(.*?)\s*\))?\s*$")
_PREFIX = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>\s]*)>", re.IGNORECASE)
_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)


@dataclass(frozen=True)
class Param:
    name: str
    description: str = ""
    default: str | None = None

    @property
    def required(self) -> bool:
        return self.default is None

    @property
    def default_value(self) -> str | None:
        """The default as a value, or None when the default is words (``every authority``): unbound."""
        if self.default is None or (" " in self.default.strip() and not self.default.strip().startswith('"')):
            return None
        return self.default.strip()


@dataclass(frozen=True)
class StoredQuery:
    name: str
    title: str
    question: str
    params: tuple[Param, ...]
    text: str
    path: Path | None = None


def parse_query(text: str, name: str, path: Path | None = None) -> StoredQuery:
    """Read the header of a query's text (leading ``#`` lines); the rest is SPARQL."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _HEADER.match(stripped)
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2)
        if key == "param":
            param = _PARAM.match(value)
            if not param:
                raise QueryError(str(path or name), f"bad param line: {stripped!r}")
            params.append(Param(param.group(1), param.group(2), param.group(3)))
        else:
            fields.setdefault(key, value)
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise QueryError(str(path or name), "a parameter is declared twice")
    return StoredQuery(name, fields.get("title", name), fields.get("question", ""), tuple(params), text, path)


def load_queries(directory: Path | None = None) -> list[StoredQuery]:
    """Every ``*.rq`` in ``directory`` (default: the project's ``queries/``), sorted by name."""
    folder = directory or queries_dir()
    return [parse_query(p.read_text(encoding="utf-8"), p.stem, p) for p in sorted(folder.glob("*.rq"))]


def find_query(spec: str, directory: Path | None = None) -> StoredQuery:
    """A stored query by name, a ``.rq`` file by path, or ``-`` for standard input."""
    if spec == "-":
        raw = getattr(sys.stdin, "buffer", None)  # a text-only stream (e.g. a test's StringIO) has no bytes
        return parse_query(decode_query(raw.read(), "<stdin>") if raw else sys.stdin.read(), "<stdin>")
    path = Path(spec)
    if spec.endswith(".rq") or path.is_file():
        if not path.is_file():
            raise QueryError(spec, "no such query file")
        return parse_query(decode_query(path.read_bytes(), spec), path.stem, path)
    stored = {q.name: q for q in load_queries(directory)}
    if spec not in stored:
        known = ", ".join(stored) or "none"
        raise QueryError(spec, f"no stored query of that name (stored queries: {known})")
    return stored[spec]


def decode_query(data: bytes, label: str) -> str:
    """Query text from bytes: UTF-8 (with or without BOM), or UTF-16/32 with a BOM; else a ``QueryError``."""
    import codecs

    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"), (b"", "utf-8-sig")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise QueryError(label, f"not valid {codec.removesuffix('-sig').upper()} text at byte {exc.start}; "
                                        "save the query as UTF-8") from None
    raise AssertionError("unreachable: the empty BOM always matches")


def parse_value(text: str, prefixes: dict[str, str] | None = None):
    """A parameter's text as a term: IRI-like -> IRI, else a typed literal.

    ``<iri>``, ``http(s)://…``, ``urn:…`` and ``prefix:local`` (prefix declared by the query)
    are IRIs (an invalid IRI is a ``ValueError``); integers, decimals, ``true``/``false`` and
    ``YYYY-MM-DD`` dates get their XSD type; ``"quoted"`` text is always a plain string;
    anything else is a plain string.
    """
    prefixes = prefixes or {}
    if text.startswith("<") and text.endswith(">"):
        return _iri(text[1:-1])
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return Literal(text[1:-1])
    if re.match(r"^(https?|urn|mailto|file):\S+$", text):
        return _iri(text)
    prefixed = re.fullmatch(r"([A-Za-z][\w.-]*)?:(\S*)", text)
    if prefixed and (prefixed.group(1) or "") in prefixes:
        return _iri(prefixes[prefixed.group(1) or ""] + prefixed.group(2))
    if re.fullmatch(r"[+-]?\d+", text):
        return Literal(int(text))
    if re.fullmatch(r"[+-]?\d*\.\d+", text):
        return Literal(Decimal(text))
    if text in ("true", "false"):
        return Literal(text == "true")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return Literal(text, datatype=XSD.date)
    return Literal(text)


def bind(query: StoredQuery, given: dict[str, str]) -> dict[str, object]:
    """Check ``given`` against the declared parameters; defaults fill the gaps; typed terms out."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise QueryError(query.name, f"unknown parameter {', '.join(unknown)} (parameters: {known})")
    missing = [p.name for p in query.params if p.required and p.name not in given]
    if missing:
        raise QueryError(query.name, f"missing required parameter {', '.join(missing)} (give --param NAME=VALUE)")
    prefixes = {name or "": iri for name, iri in _PREFIX.findall(query.text)}
    values = {p.name: given.get(p.name, p.default_value) for p in query.params}
    terms = {}
    for name, value in values.items():
        if value is not None:
            try:
                terms[name] = parse_value(str(value), prefixes)
            except ValueError as exc:
                raise QueryError(f"--param {name}", str(exc)) from None
    return terms


def _iri(text: str) -> URIRef:
    """An IRI term, checked by Oxigraph's IRI parser (``ValueError`` if invalid)."""
    import pyoxigraph as ox

    try:
        ox.NamedNode(text)
    except ValueError as exc:
        raise ValueError(f"not a valid IRI: {text!r} ({exc})") from None
    return URIRef(text)


def parse_params(pairs: list[str] | None) -> dict[str, str]:
    """``["k=v", ...]`` from the command line as a dict; a malformed pair is a ``QueryError``."""
    out: dict[str, str] = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError("--param", f"expected NAME=VALUE, got {pair!r}")
        out[name.strip()] = value
    return out


def run_query(store: KnowledgeStore, query: StoredQuery, params: dict[str, str] | None = None) -> ResultTable:
    """Run ``query`` on ``store`` in this process; rows are sorted when the query sets no ORDER BY.

    For queries a user wrote, ``run_limited`` adds the time limit and row cap.
    """
    text = bound_text(query, params)
    try:
        table = store.query(text)
    except QueryError as err:
        raise QueryError(where(query), err.reason) from None
    return ordered(query, table)


def run_limited(runner: QueryRunner, query: StoredQuery, params: dict[str, str] | None = None,
                limits: Limits | None = None) -> ResultTable:
    """Run ``query`` through ``runner``: checked, in a worker process, within ``limits``."""
    return ordered(query, runner.run(bound_text(query, params), where=where(query), limits=limits))


def bound_text(query: StoredQuery, params: dict[str, str] | None = None) -> str:
    """The query's text with its parameters bound (``VALUES``), after ``check_query``."""
    bindings = bind(query, params or {})
    try:
        text = inject_values(query.text, bindings) if bindings else query.text
    except QueryError as err:
        raise QueryError(where(query), err.reason) from None
    check_query(text, where(query))
    return text


def where(query: StoredQuery) -> str:
    return str(query.path or query.name)


def ordered(query: StoredQuery, table: ResultTable) -> ResultTable:
    """``table`` as is when the query sets an ORDER BY, else sorted (so output is deterministic)."""
    return table if _ORDER_BY.search(_strip_comments(query.text)) else table.sorted()


def truncation_notice(table: ResultTable, limits: Limits) -> str | None:
    """One line saying the rows were cut at the cap, or None when they were not."""
    if not table.truncated:
        return None
    return (f"results truncated: the first {limits.max_rows:,} rows are shown "
            "(the row cap; raise it with --max-rows N, 0 for none)")


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


# -- output formats -------------------------------------------------------------
def render(table: ResultTable, fmt: str, base: str = DEFAULT_BASE) -> str:
    """The result as text in ``fmt`` (table | csv | tsv | json); deterministic.

    ``base`` is the store's base URI: the table shortens IRIs with the prefixes of its plan.
    """
    if fmt == "json":
        return to_json(table)
    if fmt == "csv":
        return to_csv(table)
    if fmt == "tsv":
        return to_tsv(table)
    if fmt == "table":
        return to_rich(table, base=base)
    raise QueryError("--format", f"unknown format {fmt!r} (one of: {', '.join(FORMATS)})")


def to_json(table: ResultTable) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if table.boolean is not None:
        doc: dict = {"head": {}, "boolean": table.boolean}
    else:
        rows = [{c: v.to_json() for c, v in zip(table.columns, row) if v is not None} for row in table.rows]
        doc = {"head": {"vars": list(table.columns)}, "results": {"bindings": rows}}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def to_csv(table: ResultTable) -> str:
    """SPARQL 1.1 CSV results: plain values (whitespace runs, the PDF's line breaks among
    them, collapsed to one space), CRLF line ends."""
    if table.boolean is not None:
        return f"{str(table.boolean).lower()}\r\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(["" if v is None else ("_:" + v.value if v.kind == "bnode" else _one_line(v.value))
                         for v in row])
    return buffer.getvalue()


def to_tsv(table: ResultTable) -> str:
    """SPARQL 1.1 TSV results: terms in SPARQL syntax, literals' whitespace collapsed."""
    if table.boolean is not None:
        return f"{str(table.boolean).lower()}\n"
    lines = ["\t".join(f"?{c}" for c in table.columns)]
    lines += ["\t".join("" if v is None else _one_line_term(v).n3() for v in row) for row in table.rows]
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    """Whitespace runs (line breaks, tabs) as one space, ends trimmed: one cell, one line."""
    return " ".join(text.split())


def _one_line_term(value: Value) -> Value:
    return replace(value, value=_one_line(value.value)) if value.kind == "literal" else value


def to_rich(table: ResultTable, width: int = 160, base: str = DEFAULT_BASE) -> str:
    """A readable table: IRIs as CURIEs, cells wrapped at spaces (never inside a word)."""
    from .terminal import render_table

    if table.boolean is not None:
        return str(table.boolean).lower() + "\n"
    pairs = sorted(prefixes(base).items(), key=lambda kv: -len(kv[1]))
    rows = [[_short(v, pairs) for v in row] for row in table.rows]
    return render_table(table.columns, rows, width=width, caption=f"{len(table.rows)} rows")


#: Longest text shown in a table cell; csv, tsv and json always give the whole value.
TABLE_CELL_CHARS = 100


def _short(value: Value | None, pairs: list[tuple[str, str]]) -> str:
    """A cell for the readable table: IRIs with prefixes, long texts cut with an ellipsis."""
    if value is None:
        return ""
    if value.kind == "uri":
        for name, ns in pairs:
            if value.value.startswith(ns):
                return f"{name}:{value.value[len(ns):]}"
    text = _one_line(value.value)
    return text if len(text) <= TABLE_CELL_CHARS else text[: TABLE_CELL_CHARS - 1] + "\u2026"
