"""People in UCRA letters: the addressee, the signatory and the copy list.

Decided by structure, never by known names:

- a *person name* is an optional honorific then 2-4 capitalised tokens;
- a *post* starts with a post word (Director, Chief Executive, Lead Member,
  Chair, ...) and may run on with "of/for ...";
- an *organisation* is a span that reconciles to a local authority, or ends in
  an organisation word (Council, Board, Trust, ...), or is a government
  department ("Department for ...", commas inside "Children, Schools and
  Families" allowed).
"""

from __future__ import annotations

import re
from datetime import date

from ...model import Person
from ...reference import reconcile
from ..text import collapse

HONORIFICS = (
    "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Sir", "Dame", "Lord", "Lady",
    "Baroness", "Baron", "Rev", "Revd", "Reverend", "Cllr", "Councillor", "Cllr.",
)
_HONORIFIC_RE = re.compile(r"^(?:%s)\.?$" % "|".join(re.escape(h) for h in HONORIFICS), re.I)
_ORG_END_RE = re.compile(
    r"\b(?:Council|Board|Trust|Partnership|Authority|Agency|Ofsted|Office|Executive|"
    r"Education|Families|Skills|Government|Service)$"
)
_POST_START_RE = re.compile(
    r"^(?:Interim\s+|Acting\s+|Deputy\s+|Assistant\s+|Executive\s+|Corporate\s+|Strategic\s+|"
    r"Joint\s+)*(?:Director|Chief|Head|Lead|Chair|Chairman|Chairperson|Cabinet|Portfolio|"
    r"Leader|Manager|Executive|Commissioner|Member|Mayor|Independent|Service|Senior|Principal)\b",
    re.I,
)
_DEPARTMENT_LIST_RE = re.compile(
    r"\b(?:Department|Ministry|Office)\s+(?:for|of)\s+[A-Z][\w'\u2019]*"
    r"(?:,\s+[A-Z][\w'\u2019]*)+,?\s+and\s+[A-Z][\w'\u2019]*"
)
_NAME_TOKEN_RE = re.compile(r"^[A-Z][A-Za-z'\u2019\-]*\.?$|^(?:O'|Mc|Mac|de|van|von|da|le)[A-Za-z'\-]+$")
_COMMA_MASK = "\u0000"


def is_name_token(token: str) -> bool:
    return bool(_NAME_TOKEN_RE.match(token)) and token.lower() not in {"of", "for", "and", "the"}


def split_honorific(tokens: list[str]) -> tuple[str | None, list[str]]:
    if tokens and _HONORIFIC_RE.match(tokens[0]):
        return tokens[0].rstrip("."), tokens[1:]
    return None, tokens


def looks_like_name(text: str) -> bool:
    _, tokens = split_honorific(text.split())
    return 2 <= len(tokens) <= 4 and all(is_name_token(t) for t in tokens)


def looks_like_organisation(text: str, when: date | None) -> bool:
    text = collapse(text)
    if not text:
        return False
    if _ORG_END_RE.search(text) or re.match(r"^(?:Department|Ministry|Office)\s+(?:for|of)\b", text):
        return True
    return reconcile(text, when) is not None


def split_post_organisation(rest: str, when: date | None) -> tuple[str | None, str | None]:
    """Split "Director of Children's Services Westminster City Council ..." into post, org.

    The organisation is the longest span that reconciles to an authority, else
    the first span ending in an organisation word; anything after it (street
    address) is dropped.
    """
    tokens = rest.split()
    if not tokens:
        return None, None
    tokens = tokens[:40]
    best: tuple[int, int] | None = None
    # ends in Council first, then other authority words, then any span of 2+ words
    tiers = (r"^(?:Council|Authority)$", r"^(?:Borough|County|City)$", None)
    for tier in tiers:
        for end in range(len(tokens), 0, -1):
            last = tokens[end - 1].rstrip(",")
            if tier and not re.match(tier, last):
                continue
            for begin in range(0, end):
                if tier is None and end - begin < 2:
                    continue
                span = " ".join(tokens[begin:end]).strip(" ,")
                if reconcile(span, when) is not None and last[:1].isupper():
                    if best is None or (end - begin) > (best[1] - best[0]) or (
                        end - begin == best[1] - best[0] and begin < best[0]
                    ):
                        best = (begin, end)
        if best is not None:
            break
    if best is None:
        for end in range(1, len(tokens) + 1):
            if re.match(r"^(?:Council|Board|Trust|Authority)[,.]?$", tokens[end - 1]):
                begin = _organisation_begin(tokens, end)
                best = (begin, end)
                break
    if best is None:
        return collapse(rest) or None, None
    post = " ".join(tokens[: best[0]]).strip(" ,") or None
    org = " ".join(tokens[best[0] : best[1]]).strip(" ,")
    return post, org


def _organisation_begin(tokens: list[str], end: int) -> int:
    """Where an organisation ending at ``end`` starts: after the post's last word."""
    for index in range(end - 1, -1, -1):
        if tokens[index].rstrip(",") in {"Services", "Service", "Officer", "Executive", "Care"}:
            return index + 1
        if tokens[index].endswith(","):
            return index + 1
    return 0


def parse_recipient(block: str, salutation: str | None, when: date | None) -> tuple[Person | None, list[str]]:
    """The addressee from the address block (one line or many) and the "Dear ..." line."""
    warnings: list[str] = []
    text = collapse(block)
    if not text:
        return None, ["no recipient address block found"]
    tokens = text.split()
    honorific, rest_tokens = split_honorific(tokens)
    surname = None
    if salutation:
        sal_tokens = salutation.split()
        if sal_tokens:
            surname = sal_tokens[-1].strip(",")
    name_len = None
    if surname:
        for index, token in enumerate(rest_tokens[:5]):
            if token.strip(",") == surname:
                name_len = index + 1
                break
    if name_len is None:
        name_len = 0
        for token in rest_tokens[:4]:
            if not is_name_token(token) or _POST_START_RE.match(token):
                break
            name_len += 1
        if surname:
            warnings.append("recipient surname does not match the salutation")
    if name_len == 0:
        return None, ["recipient name not found in the address block"]
    name = " ".join(rest_tokens[:name_len]).strip(",")
    post, org = split_post_organisation(" ".join(rest_tokens[name_len:]), when)
    if org is None:
        warnings.append("recipient organisation not found")
    return Person(name=name, title=post, organisation=org, honorific=honorific), warnings


def parse_signatory(lines: list[str]) -> Person | None:
    """The signatory: "Geoff Corre Her Majesty's Inspector" or name and title on two lines."""
    text = collapse(" ".join(lines))
    if not text:
        return None
    match = re.search(
        r"\b(?:(?:Senior|Lead|Regional|Additional|Social Care)\s+)*"
        r"(?:Her|His)\s+Majesty['\u2019]s\s+Inspector\b.*|\bHMI\b.*|\bInspector\b.*"
        r"|\b(?:Regional|Divisional|National)\s+Director\b.*",
        text,
    )
    title = match.group().strip() if match else None
    name_part = text[: match.start()].strip(" ,") if match else text
    _, tokens = split_honorific(name_part.split())
    tokens = tokens[:5]
    if not tokens:
        return None
    return Person(name=" ".join(tokens), title=title or None)


def parse_copies(text: str, when: date | None) -> tuple[list[Person], list[str]]:
    """Copy recipients from the text after "Copy:" (one line or many)."""
    warnings: list[str] = []
    flat = collapse(text)
    if not flat:
        return [], warnings
    flat = _DEPARTMENT_LIST_RE.sub(lambda m: m.group().replace(",", _COMMA_MASK), flat)
    segments = [s.strip() for s in flat.split(",")]
    segments = [s.replace(_COMMA_MASK, ",") for s in segments if s]
    entries: list[list[str]] = []
    current: list[str] = [segments[0]]
    for position, segment in enumerate(segments[1:], start=1):
        is_last = position == len(segments) - 1
        if is_last:
            current.append(segment)
            break
        head, name = _split_trailing_name(segment, when)
        if name is None and len(current) >= 3:
            # an entry has at most name, post, organisation: a new name must start here
            tokens = segment.split()
            honorific, bare = split_honorific(tokens[-3:])
            cut = 3 if honorific else 2
            head, name = " ".join(tokens[:-cut]), " ".join(tokens[-cut:])
            warnings.append(f"copy list: guessed a name boundary in {segment!r}")
        if name is None:
            current.append(segment)
            continue
        if head:
            current.append(head)
        entries.append(current)
        current = [name]
    entries.append(current)
    people = []
    for entry in entries:
        person = _entry_person(entry, when)
        if person is None:
            warnings.append(f"copy list: could not read {', '.join(entry)!r}")
            continue
        people.append(person)
    return people, warnings


def _split_trailing_name(segment: str, when: date | None) -> tuple[str, str | None]:
    """Split "Westminster City Council Andrew Spencer" into organisation and next name."""
    tokens = segment.split()
    if looks_like_name(segment) and not looks_like_organisation(segment, when):
        # a whole segment that is a name (a post-less entry's organisation missing)
        return "", None
    # after an organisation word
    for index in range(len(tokens) - 1, 0, -1):
        if _ORG_END_RE.search(tokens[index - 1]) and looks_like_name(" ".join(tokens[index:])):
            return " ".join(tokens[:index]), " ".join(tokens[index:])
    # after a span that reconciles to an authority
    for index in range(len(tokens) - 1, 0, -1):
        tail = " ".join(tokens[index:])
        head = " ".join(tokens[:index])
        if looks_like_name(tail) and reconcile(head, when) is not None:
            return head, tail
    return segment, None


def _entry_person(entry: list[str], when: date | None) -> Person | None:
    name_text = entry[0]
    _, tokens = split_honorific(name_text.split())
    if not tokens:
        return None
    parts = [collapse(p) for p in entry[1:] if collapse(p)]
    title = org = None
    if len(parts) >= 2:
        title, org = ", ".join(parts[:-1]), parts[-1]
    elif len(parts) == 1:
        if looks_like_organisation(parts[0], when) and not _POST_START_RE.match(parts[0]):
            org = parts[0]
        else:
            title = parts[0]
    if title and org is None:
        match = re.match(r"^(?P<post>.+?)\s+(?:of|for)\s+(?P<org>.+)$", title)
        if match and _POST_START_RE.match(match["post"]) and (
            re.search(r"\b(?:Council|Board|Trust|Partnership|Authority)$", match["org"])
            or reconcile(match["org"], when) is not None
        ):
            title, org = match["post"], match["org"]
    return Person(name=" ".join(tokens), title=title, organisation=org)
