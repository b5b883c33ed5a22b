"""One identity per person: a person's name as written -> the key of their IRI.

Documents write the same inspector's name in many ways ("Mr John Smith HMI", "JOHN SMITH",
"John A. Smith", "Zoë Smith-Jones" / "Zoe Smith Jones"). :func:`person_key` reduces a name to
a key that is the same for all of those, and different wherever the names really differ. The
rule, in order:

1. Accents are folded and other scripts transliterated (anyascii, as for every slug), and
   case is folded.
2. Honorifics before the name (Mr, Mrs, Ms, Miss, Mx, Dr, Prof, Sir, Dame, Cllr, Rev...) and
   post-nominals after it (HMI, "Her Majesty's Inspector", OBE, MBE, CBE...) are dropped.
3. Apostrophes join what they separate ("O'Connor" = "OConnor"); hyphens, full stops and
   any other punctuation separate words ("Smith-Jones" = "Smith Jones"); spacing is collapsed.
4. Middle initials are dropped: a one-letter word that is neither the first nor the last
   ("John A. Smith" = "John Smith"). Full middle names are kept ("John Andrew Smith" is not
   merged with "John Smith"), and an initial never stands for a given name ("J. Smith" is not
   "John Smith"): only forms that agree word for word, bar middle initials, are one person.

The key is computed from one document alone, so re-loading one document never changes the
IRIs of another. Its one risk: two different people whose names differ *only* in a middle
initial would be merged; such people are told apart by nothing else the documents say either.
"""

from __future__ import annotations

import re

from anyascii import anyascii

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
    return anyascii(text).casefold()


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
