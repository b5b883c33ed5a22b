"""Name an authority, a theme or an inspector the way a person would.

``resolve(store, "authority", text)`` finds the one entity of that kind in the store
whose IRI, CURIE (``authority:westminster``), slug, label, alternative name or code
(GSS or DfE, for authorities) matches ``text``, ignoring case, punctuation and a leading
"the". Candidates are read from the store by SPARQL (see ``KINDS``), so the answer is
always something the graph holds. Nothing matching, or several things matching, is a
``ResolveError`` (one line, with the closest names), which commands turn into exit 2.

Every command that takes an authority, theme or inspector goes through here;
``resolve_params`` does it for stored-query parameters of those names.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ..errors import OfstedKGError, QueryError

#: Candidates of each kind: ?iri, ?key (a name, code or slug it answers to), ?label,
#: ?preferred (true when it is the one to choose among equally named ones, e.g. a current
#: authority over a former one of the same name).
KINDS: dict[str, str] = {
    "authority": """
        PREFIX okg: <https://w3id.org/ofsted-kg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?iri ?key ?label ?preferred WHERE {
          ?iri a okg:LocalAuthority ; skos:prefLabel ?label .
          { ?iri skos:prefLabel|skos:altLabel|rdfs:label|okg:gssCode|okg:otherGssCode|okg:dfeCode|okg:slug ?key }
          BIND (NOT EXISTS { ?iri okg:endDate ?ended } AS ?preferred)
        }""",
    "theme": """
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?iri ?key ?label ?preferred WHERE {
          ?iri skos:inScheme <https://w3id.org/ofsted-kg/theme/> ; skos:prefLabel ?label .
          { ?iri skos:prefLabel|skos:altLabel|skos:notation ?key }
          BIND (true AS ?preferred)
        }""",
    "inspector": """
        PREFIX okg: <https://w3id.org/ofsted-kg/ontology#>
        PREFIX foaf: <http://xmlns.com/foaf/0.1/>
        SELECT DISTINCT ?iri ?key ?label ?preferred WHERE {
          { ?inspection okg:leadInspector ?iri } UNION { ?document okg:signatory ?iri }
          ?iri foaf:name ?label .
          BIND (?label AS ?key)
          BIND (true AS ?preferred)
        }""",
}

#: How many close matches an error names.
CLOSE_MATCHES = 5


class ResolveError(OfstedKGError):
    """A name matches no entity of the kind asked for, or more than one."""

    stage = "resolve"


@dataclass(frozen=True, slots=True, order=True)
class Match:
    iri: str
    label: str

    def curie(self) -> str:
        """``kind:slug`` for the project's entity IRIs (``authority:westminster``), else ``<iri>``."""
        match = re.search(r"/([a-z-]+)/([^/#]+)$", self.iri)
        return f"{match.group(1)}:{match.group(2)}" if match else f"<{self.iri}>"


@dataclass(frozen=True, slots=True)
class _Candidate:
    match: Match
    keys: frozenset[str]
    preferred: bool


def normalise(text: str) -> str:
    """Comparison key: lower case, '&' as 'and', punctuation as spaces, no leading 'the'."""
    key = text.strip().strip("<>").lower().replace("&", " and ").replace("\u2019", "'")
    key = re.sub(r"[^a-z0-9]+", " ", key.replace("'", "")).strip()
    return re.sub(r"^the ", "", key)


def candidates(store, kind: str) -> list[_Candidate]:
    """Every entity of ``kind`` in the store with the keys it answers to (sorted by IRI)."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r} (one of {', '.join(KINDS)})")
    table = store.query(KINDS[kind])
    keys: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    preferred: dict[str, bool] = {}
    for iri, key, label, flag in table.rows:
        iri_text = iri.value
        keys.setdefault(iri_text, set()).add(normalise(key.value))
        labels.setdefault(iri_text, label.value)
        preferred[iri_text] = flag is not None and flag.value == "true"
    out = []
    for iri_text in sorted(keys):
        slug = iri_text.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        keys[iri_text] |= {normalise(slug), normalise(iri_text)}
        out.append(_Candidate(Match(iri_text, labels[iri_text]), frozenset(keys[iri_text]), preferred[iri_text]))
    return out


def resolve(store, kind: str, text: str, *, name: str | None = None) -> Match:
    """The one entity of ``kind`` that ``text`` names; ``ResolveError`` otherwise.

    ``name`` is what the error line calls the value (default: ``kind``)."""
    where = f"{name or kind}={text}"
    pool = candidates(store, kind)
    wanted = normalise(_strip_curie(text, kind))
    if not wanted:
        raise ResolveError(where, f"empty {kind} name")
    found = [c for c in pool if wanted in c.keys or normalise(text) in c.keys]
    if len(found) > 1 and sum(c.preferred for c in found) == 1:
        found = [c for c in found if c.preferred]
    if len(found) == 1:
        return found[0].match
    if found:
        listed = ", ".join(f"{c.match.label} ({c.match.curie()})" for c in found[:CLOSE_MATCHES])
        raise ResolveError(where, f"{text!r} names {len(found)} {kind} entries: {listed}; give the IRI or code")
    close = _close(wanted, pool)
    hint = f"; close matches: {', '.join(close)}" if close else f"; the store has {len(pool)} of this kind"
    raise ResolveError(where, f"no {kind} matches {text!r}{hint}")


def _strip_curie(text: str, kind: str) -> str:
    """``authority:westminster`` → ``westminster`` (the kind's own prefix only; other IRIs stay)."""
    prefixes = {kind, "person"} if kind == "inspector" else {kind}
    head, sep, tail = text.strip().partition(":")
    return tail if sep and head.lower() in prefixes and not tail.startswith("//") else text


def similarity(wanted: str, key: str) -> float:
    """How close ``wanted`` is to ``key``: the whole key, its start, or one of its words
    (so a misspelt first word of a long name still finds it)."""
    if len(wanted) >= 3 and wanted in key:
        return 1.0
    parts = [key, key[: len(wanted)], *key.split()]
    return max(difflib.SequenceMatcher(None, wanted, part).ratio() for part in parts if part)


def _close(wanted: str, pool: list[_Candidate]) -> list[str]:
    scored = []
    for candidate in pool:
        best = max((similarity(wanted, k) for k in candidate.keys if not k.startswith("http")), default=0.0)
        if best >= 0.75:
            scored.append((-best, candidate.match.label, candidate.match))
    return [f"{m.label} ({m.curie()})" for _, _, m in sorted(scored)[:CLOSE_MATCHES]]


#: Query parameters that name an entity, by parameter name.
PARAM_KINDS = {"authority": "authority", "theme": "theme", "inspector": "inspector"}


def resolve_params(store, params: dict[str, str]) -> dict[str, str]:
    """``params`` with every authority / theme / inspector value replaced by ``<iri>``;
    a value written as a malformed IRI is a ``QueryError`` (as for any parameter)."""
    out = dict(params)
    for key, value in params.items():
        kind = PARAM_KINDS.get(key)
        if kind is not None:
            _check_iri(key, value)
            out[key] = f"<{resolve(store, kind, value, name=key).iri}>"
    return out


_IRI_LIKE = re.compile(r"^\s*(?:<.*>|[A-Za-z][A-Za-z0-9+.-]*://.*)\s*$", re.S)


def _check_iri(name: str, value: str) -> None:
    if not _IRI_LIKE.match(value):
        return
    import pyoxigraph as ox

    text = value.strip()
    text = text[1:-1] if text.startswith("<") and text.endswith(">") else text
    try:
        ox.NamedNode(text)
    except ValueError as exc:
        raise QueryError(f"--param {name}", f"not a valid IRI: {text!r} ({exc})") from None
