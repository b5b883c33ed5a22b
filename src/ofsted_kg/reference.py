"""The local-authority reference table and reconciliation of names as written.

Documents name authorities in many ways ("Westminster City Council", "London
Borough of Wandsworth Council", "the Royal Borough of Kensington and Chelsea").
``reconcile`` maps such a string, and the date it was written, to one row of
``data/reference/local-authorities.csv``.
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from .resources import reference_csv


@dataclass(frozen=True, slots=True)
class Authority:
    """One row of the reference table."""

    name: str
    gss_code: str
    dfe_code: str
    region: str
    authority_type: str
    start_date: date | None
    end_date: date | None
    alt_names: tuple[str, ...]
    other_gss_codes: tuple[str, ...]
    ofsted_urn: str | None
    #: GSS codes of the authorities that took over the area the day after ``end_date``
    successor_gss_codes: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        """Readable, stable URI segment: the name, plus the end year for a former authority."""
        base = slugify(self.name)
        if self.end_date and self.name in _names_used_twice():
            return f"{base}-{self.end_date.year}"
        return base

    @property
    def council_name(self) -> str:
        """The council's own name ("North Yorkshire County Council"), else the area name."""
        return next((n for n in self.alt_names if n.lower().endswith(" council")), self.name)

    @property
    def label(self) -> str:
        """A label no other authority has: a former authority is named as its council, with its
        dates ("Somerset County Council (to 31 March 2023)"); a current one by its area name."""
        if self.end_date is None:
            return self.name
        end = f"{self.end_date.day} {self.end_date:%B %Y}"
        start = f"{self.start_date.day} {self.start_date:%B %Y} " if self.start_date else ""
        return f"{self.council_name} ({start}to {end})"

    def in_force(self, when: date | None) -> bool:
        if when is None:
            return self.end_date is None
        if self.start_date and when < self.start_date:
            return False
        return not (self.end_date and when > self.end_date)


def slugify(text: str) -> str:
    """A readable IRI segment: lower-case ASCII letters and digits joined by ``-``.

    Other scripts and accents are transliterated (anyascii: ``Київ`` -> ``kiiv``, ``José`` ->
    ``jose``), so different names keep different slugs; text that leaves nothing (symbols
    only) gets ``h-`` and a short hash of the text instead of an empty slug. Empty text -> ``""``.
    """
    ascii_text = text
    if not text.isascii():
        from anyascii import anyascii

        text = unicodedata.normalize("NFC", text)
        ascii_text = anyascii(text)
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower().replace("&", " and ")).strip("-")
    if not slug and text.strip():
        slug = "h-" + hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:10]
    return slug


# Words that surround an authority's name without being part of it.
_DROP_PREFIXES = (
    "the ",
    "london borough of ",
    "royal borough of ",
    "metropolitan borough of ",
    "borough of ",
    "city of ",
    "county of ",
)
_DROP_SUFFIXES = (
    " metropolitan borough council",
    " metropolitan district council",
    " borough council",
    " county council",
    " city council",
    " district council",
    " council",
    " local authority",
    " children's services",
    " childrens services",
    " county",
    " city",
)


#: Words that say what kind of body an authority is, never which one ("the local authority").
GENERIC_NAME_WORDS = frozenset({"the", "of", *(word for phrase in _DROP_SUFFIXES for word in phrase.split())})


def names_an_authority(text: str | None) -> bool:
    """True if ``text`` has a word beyond the generic ones: ``Borsetshire County Council`` does,
    ``the local authority`` does not."""
    words = re.findall(r"[\w']+", (text or "").lower().replace("\u2019", "'"))
    return any(word not in GENERIC_NAME_WORDS for word in words)


def normalise_name(text: str) -> str:
    """Reduce an authority name to a comparison key ("westminster", "kensington and chelsea")."""
    key = text.lower().replace("\u2019", "'").replace("&", " and ")
    key = re.sub(r"[.,()]", " ", key)
    key = re.sub(r"\s+", " ", key).strip()
    changed = True
    while changed:
        changed = False
        for prefix in _DROP_PREFIXES:
            if key.startswith(prefix) and len(key) > len(prefix):
                key, changed = key[len(prefix) :], True
        for suffix in _DROP_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                key, changed = key[: -len(suffix)], True
    # "Bristol, City of" / "Herefordshire, County of" forms
    key = re.sub(r" (city|county) of$", "", key)
    return key.strip()


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(";") if v.strip())


@cache
def load_authorities(path: Path | None = None) -> tuple[Authority, ...]:
    with open(path or reference_csv(), newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(
        Authority(
            name=row["name"],
            gss_code=row["gss_code"],
            dfe_code=row["dfe_la_code"],
            region=row["region"],
            authority_type=row["authority_type"],
            start_date=_date(row["start_date"]),
            end_date=_date(row["end_date"]),
            alt_names=_split(row["alt_names"]),
            other_gss_codes=_split(row["other_gss_codes"]),
            ofsted_urn=row["ofsted_urn"] or None,
            successor_gss_codes=_split(row.get("successor_gss_codes") or ""),
        )
        for row in rows
    )


@cache
def _names_used_twice() -> frozenset[str]:
    seen: dict[str, int] = {}
    for a in load_authorities():
        seen[a.name] = seen.get(a.name, 0) + 1
    return frozenset(n for n, c in seen.items() if c > 1)


def _spelling_key(key: str) -> str:
    """A key blind to spelling variants: hyphens, "St"/"St."/"Saint", "upon"/"on"."""
    key = re.sub(r"[-\u2010-\u2015']", " ", key)
    key = re.sub(r"\b(saint|st)\b\.?", "st", key)
    return re.sub(r"\s+", " ", key).strip()


@cache
def _index() -> dict[str, tuple[Authority, ...]]:
    index: dict[str, list[Authority]] = {}
    for authority in load_authorities():
        keys = {normalise_name(authority.name)} | {normalise_name(n) for n in authority.alt_names}
        keys |= {_spelling_key(k) for k in keys}
        keys.add(authority.name.lower())
        for key in keys:
            bucket = index.setdefault(key, [])
            if authority not in bucket:
                bucket.append(authority)
    return {k: tuple(v) for k, v in index.items()}


#: Words that begin many area names and name none alone ("North", "West", "Central").
_COMPASS_WORDS = frozenset({"north", "south", "east", "west", "central", "mid", "greater", "and", "of"})


def _by_leading_words(key: str) -> tuple[Authority, ...] | None:
    """The authorities of the one area whose name begins with the words of ``key``.

    A short form ("East Riding" for "East Riding of Yorkshire", "Redcar" for "Redcar and
    Cleveland") names an authority when exactly one area's name starts with it; "Kingston"
    (upon Hull, upon Thames) or "North" name none. Areas are told apart by their key, so the
    former county council and the unitary council of one area count as one area.
    """
    key = _spelling_key(key)
    if len(key) < 4 or set(key.split()) <= _COMPASS_WORDS:
        return None
    areas = {
        k: v
        for k, v in _index().items()
        if k.startswith(key + " ") and k == _spelling_key(normalise_name(v[0].name))
    }
    if len({frozenset(v) for v in areas.values()}) != 1:
        return None
    return next(iter(areas.values()))


def _exact_names(authority: Authority) -> set[str]:
    return {n.lower() for n in (authority.name, *authority.alt_names)}


def reconcile(as_written: str, when: date | None = None) -> Authority | None:
    """The authority that ``as_written`` names on date ``when``, or None.

    Where a name was used by two authorities (a county council and its unitary
    successor), the one in force on ``when`` wins; an exact match of the full
    name as written ("Somerset County Council") beats a match of the bare key.
    """
    if not as_written or not as_written.strip():
        return None
    candidates = (
        _index().get(normalise_name(as_written))
        or _index().get(as_written.lower())
        or _index().get(_spelling_key(normalise_name(as_written)))
        or _by_leading_words(normalise_name(as_written))
    )
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    written = re.sub(r"\s+", " ", as_written.strip().lower())
    exact = [a for a in candidates if written in _exact_names(a)]
    pool = exact if len(exact) == 1 else candidates
    dated = [a for a in pool if a.in_force(when)]
    if len(dated) == 1:
        return dated[0]
    current = [a for a in pool if a.end_date is None]
    return current[0] if len(current) == 1 else pool[0]


def by_gss(code: str) -> Authority | None:
    for authority in load_authorities():
        if code == authority.gss_code or code in authority.other_gss_codes:
            return authority
    return None


def find_in_text(text: str, when: date | None = None) -> tuple[str, Authority] | None:
    """Find the longest authority name mentioned in ``text`` (a title line, say)."""
    lowered = text.lower().replace("\u2019", "'")
    best: tuple[str, Authority] | None = None
    for name, pattern, authority in _name_patterns(load_authorities()):
        match = pattern.search(lowered)
        if match and (best is None or len(name) > len(best[0])):
            chosen = reconcile(name, when) or authority
            best = (text[match.start() : match.end()], chosen)
    return best


@cache
def _name_patterns(authorities: tuple[Authority, ...]) -> tuple[tuple[str, re.Pattern, Authority], ...]:
    """Each name of each authority, with its pattern as a whole word (compiled once: there are more
    than ``re`` keeps compiled)."""
    return tuple((name, re.compile(r"(?<![a-z])" + re.escape(name.lower()) + r"(?![a-z])"), authority)
                 for authority in authorities for name in (authority.name, *authority.alt_names))


def successors(authority: Authority) -> tuple[Authority, ...]:
    """The authorities that took over ``authority``'s area (reference order)."""
    codes = set(authority.successor_gss_codes)
    return tuple(a for a in load_authorities() if a.gss_code in codes)


def predecessors(authority: Authority) -> tuple[Authority, ...]:
    """The former authorities whose area ``authority`` took over (reference order)."""
    return tuple(a for a in load_authorities() if authority.gss_code in a.successor_gss_codes)


def continues(authority: Authority) -> Authority | None:
    """The predecessor whose area ``authority`` covers unchanged, so that their inspections
    form one series: the predecessor had ``authority`` as its only successor, and
    ``authority`` had no other predecessor (Somerset County Council -> Somerset Council; not
    Dorset County Council -> Dorset Council, since part of Dorset went to Bournemouth,
    Christchurch and Poole)."""
    before = predecessors(authority)
    if len(before) == 1 and successors(before[0]) == (authority,):
        return before[0]
    return None


# -- people's names ----------------------------------------------------------------------
# One identity per person: a person's name as written -> the key of their IRI.
#
# Documents write the same inspector's name in many ways ("Mr John Smith HMI", "JOHN SMITH",
# "John A. Smith", "Zoë Smith-Jones" / "Zoe Smith Jones"). :func:`person_key` reduces a name to
# a key that is the same for all of those, and different wherever the names really differ. The
# rule, in order:
#
# 1. Accents are folded and other scripts transliterated (anyascii, as for every slug), and
#    case is folded.
# 2. Honorifics before the name (Mr, Mrs, Ms, Miss, Mx, Dr, Prof, Sir, Dame, Cllr, Rev...) and
#    post-nominals after it (HMI, "Her Majesty's Inspector", OBE, MBE, CBE...) are dropped.
# 3. Apostrophes join what they separate ("O'Connor" = "OConnor"); hyphens, full stops and
#    any other punctuation separate words ("Smith-Jones" = "Smith Jones"); spacing is collapsed.
# 4. Middle initials are dropped: a one-letter word that is neither the first nor the last
#    ("John A. Smith" = "John Smith"). Full middle names are kept ("John Andrew Smith" is not
#    merged with "John Smith"), and an initial never stands for a given name ("J. Smith" is not
#    "John Smith"): only forms that agree word for word, bar middle initials, are one person.
#
# The key is computed from one document alone, so re-loading one document never changes the
# IRIs of another. Its one risk: two different people whose names differ *only* in a middle
# initial would be merged; such people are told apart by nothing else the documents say either.

_HONORIFICS = frozenset(
    "mr mrs ms miss mx dr prof professor sir dame lady lord rev revd reverend cllr councillor".split()
)
_POST_NOMINALS = frozenset("hmi obe mbe cbe dbe kbe jp qc kc".split())
_INSPECTOR_TITLE = re.compile(r",?\s+(her|his)\s+majesty'?s\s+inspector\s*$", re.I)
_APOSTROPHE = re.compile(r"['\u2019\u2018`]")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Accents and case folded, other scripts transliterated as slugs are (anyascii):
    "Zoë" -> "zoe"."""
    return _anyascii(text).casefold()


def name_words(name: str) -> list[str]:
    """The words of a person's name, after rules 1-3 (titles and post-nominals dropped)."""
    text = _APOSTROPHE.sub("", _INSPECTOR_TITLE.sub("", fold(name)))
    words = [w for w in _NON_WORD.split(text) if w]
    while len(words) > 1 and words[0] in _HONORIFICS:
        words = words[1:]
    while len(words) > 1 and words[-1] in _POST_NOMINALS:
        words = words[:-1]
    return words


def person_key(name: str) -> str:
    """The slug that identifies a person: "Mr John A. Smith HMI" -> "john-smith"."""
    words = name_words(name)
    if len(words) > 2:
        words = [words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]
    return "-".join(words)


def display_name(name: str) -> str:
    """The name as a label: spacing collapsed, titles and post-nominals dropped (kept as
    written otherwise), and a name written all in capitals put in title case."""
    text = _INSPECTOR_TITLE.sub("", " ".join(name.split()))
    words = text.split(" ")
    while len(words) > 1 and fold(words[0]).strip(".") in _HONORIFICS:
        words = words[1:]
    while len(words) > 1 and fold(words[-1]).strip(".,") in _POST_NOMINALS:
        words = words[:-1]
    text = " ".join(words).strip(" ,")
    if text.isupper():
        text = re.sub(r"[^\W\d_]+", lambda m: m.group().capitalize(), text.lower())
    return text


def _anyascii(text: str) -> str:
    from anyascii import anyascii

    return anyascii(text)
