"""Checks a SPARQL query's text BEFORE any engine sees it: no SERVICE, no update, bounded nesting.

Why lexical, and not rdflib's parser: rdflib's pyparsing grammar itself recurses (it fails
with ``RecursionError`` on ~50 nested groups), and Oxigraph's parser overflows the stack
(a segmentation fault, not an exception) at a few thousand. So nesting must be bounded by
something that does not recurse, and the same one pass also finds the ``SERVICE`` keyword,
which would make Oxigraph (and rdflib) send real HTTP requests.

One linear pass over the text, after SPARQL's ``\\uXXXX``/``\\UXXXXXXXX`` escapes are
decoded (the spec applies them to the whole query; rdflib does, Oxigraph does not):

* comments, strings (short and long, both quotes) and IRIs are skipped as tokens, so
  ``"SERVICE"``, ``<http://x/#SERVICE>`` and ``# SERVICE`` are harmless;
* nesting depth counts ``{ ( [`` against ``} ) ]``; brackets inside an IRI-looking token
  count too (``?a<((((?b>`` may be a comparison, not an IRI), so the count can only err high;
* a name token (keyword, prefixed name) that is ``SERVICE`` or starts ``SERVICE:`` is refused:
  Oxigraph parses ``SERVICE:x { … }`` as a service call. A prefix named ``service:`` is
  therefore refused too, with a message saying so;
* a query whose first keyword is an update operation (INSERT, DELETE, LOAD, …) is refused
  as an update: every entry point here is read-only.

The check errs on the side of refusing; it never lets a SERVICE keyword through.
"""

from __future__ import annotations

import re

from ..errors import QueryError

#: Deepest nesting of groups, parentheses and brackets a query may have. Stored queries
#: need fewer than 10; Oxigraph crashes at a few thousand.
MAX_NESTING = 128
#: Longest query text accepted, in characters.
MAX_QUERY_CHARS = 1_000_000

UPDATE_KEYWORDS = frozenset({"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy", "with"})
QUERY_KEYWORDS = frozenset({"select", "construct", "describe", "ask"})

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LONG_STRING = {
    '"': re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*(?:"""|\Z)', re.DOTALL),
    "'": re.compile(r"'''(?:[^'\\]|\\.|'(?!''))*(?:'''|\Z)", re.DOTALL),
}
_SHORT_STRING = {
    '"': re.compile(r'"(?:[^"\\\n\r]|\\.)*(?:"|$)', re.MULTILINE),
    "'": re.compile(r"'(?:[^'\\\n\r]|\\.)*(?:'|$)", re.MULTILINE),
}
_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_NAME = re.compile(r"(?:[\w:%-]|\\.)+")
_OPEN, _CLOSE = "{([", "})]"


class QueryRefused(QueryError):
    """A query this tool will not run: it reaches the network, changes data, or is too deep or long."""


def unescape(text: str) -> str:
    """SPARQL's codepoint escapes decoded (an invalid code point is left as written)."""
    def decode(match: re.Match[str]) -> str:
        point = int(match.group(1) or match.group(2), 16)
        return chr(point) if point <= 0x10FFFF else match.group(0)

    return _ESCAPE.sub(decode, text)


def check_query(text: str, where: str = "<query>", *, max_nesting: int = MAX_NESTING) -> None:
    """Raise ``QueryRefused`` if ``text`` uses SERVICE, is an update, nests too deep or is too long."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryRefused(where, f"the query is {len(text):,} characters long; the limit is {MAX_QUERY_CHARS:,}")
    scan = _scan(unescape(text))
    if scan.service:
        hint = "" if scan.service == "service" else f" ({scan.service!r} reads as SERVICE: rename the prefix service:)"
        raise QueryRefused(where, f"SERVICE is not allowed: a query never reaches the network{hint}")
    if scan.depth > max_nesting:
        raise QueryRefused(where, f"the query nests groups, parentheses or brackets {scan.depth} deep; "
                                  f"the limit is {max_nesting}")
    if scan.first_keyword in UPDATE_KEYWORDS:
        raise QueryRefused(where, f"{scan.first_keyword.upper()} is a SPARQL update; "
                                  "this is read-only (queries only: SELECT, ASK, CONSTRUCT, DESCRIBE)")


class _Scan:
    __slots__ = ("depth", "service", "first_keyword")

    def __init__(self) -> None:
        self.depth = 0
        self.service = ""
        self.first_keyword = ""


def _scan(text: str) -> _Scan:
    """One pass: deepest nesting, the first SERVICE-like name, the first keyword after the prologue."""
    out = _Scan()
    depth, i, n = 0, 0, len(text)
    prologue = {"base", "prefix"}
    while i < n:
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif c in "\"'":
            pattern = _LONG_STRING[c] if text.startswith(c * 3, i) else _SHORT_STRING[c]
            i = pattern.match(text, i).end()
        elif c == "<" and (iri := _IRI.match(text, i)):
            for ch in iri.group(0):
                depth = _step(depth, ch)
                out.depth = max(out.depth, depth)
            i = iri.end()
        elif c in _OPEN or c in _CLOSE:
            depth = _step(depth, c)
            out.depth = max(out.depth, depth)
            i += 1
        elif c in "?$":
            name = _NAME.match(text, i + 1)
            i = name.end() if name else i + 1
        elif name := _NAME.match(text, i):
            word = name.group(0).lower()
            head = word.split(":", 1)[0]
            if head == "service" and not out.service:
                out.service = "service" if word in ("service", "service:") else word
            if not out.first_keyword and head == word and word.isalpha() and word not in prologue:
                out.first_keyword = word
            i = name.end()
        else:
            i += 1
    return out


def _step(depth: int, c: str) -> int:
    if c in _OPEN:
        return depth + 1
    if c in _CLOSE:
        return max(depth - 1, 0)
    return depth
