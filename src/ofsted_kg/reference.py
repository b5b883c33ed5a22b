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

    @property
    def slug(self) -> str:
        """Readable, stable URI segment: the name, plus the end year for a former authority."""
        base = slugify(self.name)
        if self.end_date and self.name in _names_used_twice():
            return f"{base}-{self.end_date.year}"
        return base

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
        )
        for row in rows
    )


@cache
def _names_used_twice() -> frozenset[str]:
    seen: dict[str, int] = {}
    for a in load_authorities():
        seen[a.name] = seen.get(a.name, 0) + 1
    return frozenset(n for n, c in seen.items() if c > 1)


@cache
def _index() -> dict[str, tuple[Authority, ...]]:
    index: dict[str, list[Authority]] = {}
    for authority in load_authorities():
        keys = {normalise_name(authority.name)} | {normalise_name(n) for n in authority.alt_names}
        keys.add(authority.name.lower())
        for key in keys:
            bucket = index.setdefault(key, [])
            if authority not in bucket:
                bucket.append(authority)
    return {k: tuple(v) for k, v in index.items()}


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
    candidates = _index().get(normalise_name(as_written)) or _index().get(as_written.lower())
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
    for authority in load_authorities():
        for name in (authority.name, *authority.alt_names):
            pattern = r"(?<![a-z])" + re.escape(name.lower()) + r"(?![a-z])"
            match = re.search(pattern, lowered)
            if match and (best is None or len(name) > len(best[0])):
                chosen = reconcile(name, when) or authority
                best = (text[match.start() : match.end()], chosen)
    return best
