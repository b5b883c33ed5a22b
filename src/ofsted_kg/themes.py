"""Explainable rule-based theme classifier for inspection findings.

Every theme of the SKOS scheme (``ontology/themes.ttl``, see :mod:`ofsted_kg.scheme`)
carries cue phrases as ``skos:hiddenLabel``. A finding gets the themes whose cues it
contains. The rules, all deterministic:

1. **Normalising.** Text and cues are lower-cased (NFKC), curly quotes folded, possessive
   ``'s``/``s'`` dropped, and split into word tokens (letters and digits; hyphens, commas and
   other punctuation separate words, so ``out-of-hours`` = ``out of hours``). Each token is
   lightly stemmed (:func:`stem`): plural ``-s``/``-es``/``-ies``, ``-ing``, ``-ed``/``-ied``, a
   doubled final consonant and a final ``-e`` are removed, so ``plans``, ``planning`` and
   ``plan`` meet, as do ``recorded``/``recording``. A cue matches where its token sequence
   appears in the text's token sequence; matches are therefore on word boundaries.
2. **Longest match wins.** A match lying inside a longer match (of any theme) is dropped:
   ``return home interview`` (exploitation and missing) hides ``return home``
   (permanence), ``mental health`` hides ``health``.
3. **Scoring.** A matched cue is worth ``1 + 0.5 * (words - 1)`` (at most 2.5), so multiword
   cues weigh more; a cue first met after the first sentence is worth ``LATER_SENTENCE``
   times that, since a finding's first sentence carries its point. A theme's score is the sum
   over its distinct matched cues.
4. **Choosing.** Themes are ranked by score (high first), then by first match position, then
   slug. The best theme is always kept; the second and third are kept when their score is at
   least ``RELATIVE_CUT`` of the best and at least ``MIN_SCORE``. At most three themes.
5. **Fallback.** When no cue matches, the finding gets the single theme ``FALLBACK_SLUG``
   with score 0 and no cue, so every finding has at least one theme.

Each ``ThemeTag`` names the scheme cue that explains it (the highest-weighted matched
cue of that theme, earliest on ties) and ``classifier = CLASSIFIER_VERSION``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache

from .model import Finding, ParsedDocument, ThemeTag
from .scheme import ThemeScheme, load_scheme

CLASSIFIER_VERSION = "ofsted-kg-rules/1.0"

MAX_THEMES = 3
LATER_SENTENCE = 0.75
RELATIVE_CUT = 0.5
MIN_SCORE = 1.0
MAX_CUE_WEIGHT = 2.5
#: Given when nothing matches: the scheme's most general theme.
FALLBACK_SLUG = "leadership"

_TOKEN = re.compile(r"[a-z0-9]+")
_POSSESSIVE = re.compile(r"(?<=[a-z])'s\b|(?<=s)'(?=\s|$|[^a-z])")
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+|\n\s*\n")
_DOUBLED = set("bdgmnprt")


def stem(token: str) -> str:
    """Light, deterministic suffix stripping (see module docstring)."""
    t = token
    if len(t) <= 3 or t.isdigit():
        return t
    if t.endswith(("ies", "ied")) and len(t) > 4:
        t = t[:-3] + "y"
    elif t.endswith("sses"):
        t = t[:-2]
    elif t.endswith("s") and not t.endswith(("ss", "us", "is")):
        t = t[:-1]
    if t.endswith("ing") and len(t) > 5:
        t = t[:-3]
    elif t.endswith("ed") and len(t) > 4:
        t = t[:-2]
    if len(t) > 3 and t[-1] == t[-2] and t[-1] in _DOUBLED:
        t = t[:-1]
    if t.endswith("e") and len(t) > 3:
        t = t[:-1]
    return t


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return _POSSESSIVE.sub("", text)


def tokens(text: str) -> list[tuple[str, int]]:
    """Stemmed tokens of ``text`` with the index of the sentence each is in."""
    out: list[tuple[str, int]] = []
    for n, sentence in enumerate(_SENTENCE_END.split(_normalise(text))):
        out.extend((stem(m.group()), n) for m in _TOKEN.finditer(sentence))
    return out


def cue_stems(cue: str) -> tuple[str, ...]:
    return tuple(t for t, _ in tokens(cue))


@dataclass(frozen=True, slots=True)
class _Cue:
    slug: str
    text: str
    stems: tuple[str, ...]
    weight: float


@dataclass(frozen=True, slots=True)
class _Matcher:
    by_first: dict[str, tuple[_Cue, ...]]
    slugs: frozenset[str]


@cache
def _matcher(scheme: ThemeScheme) -> _Matcher:
    index: dict[str, list[_Cue]] = {}
    for theme in scheme.themes:
        for cue in theme.cues:
            stems = cue_stems(cue)
            if not stems:
                continue
            weight = min(MAX_CUE_WEIGHT, 1.0 + 0.5 * (len(stems) - 1))
            index.setdefault(stems[0], []).append(_Cue(theme.slug, cue, stems, weight))
    return _Matcher(
        {k: tuple(sorted(v, key=lambda c: (-len(c.stems), c.slug, c.text))) for k, v in index.items()},
        frozenset(scheme.slugs),
    )


@cache
def _default_matcher() -> _Matcher:
    return _matcher(load_scheme())


@dataclass(frozen=True, slots=True)
class Match:
    """One cue found in a text: token span [start, end), sentence index, weight."""

    slug: str
    cue: str
    start: int
    end: int
    sentence: int
    weight: float


def find_matches(text: str, scheme: ThemeScheme | None = None) -> tuple[Match, ...]:
    """All cue matches in ``text`` after the longest-match rule, in text order."""
    matcher = _matcher(scheme) if scheme is not None else _default_matcher()
    toks = tokens(text)
    stems = [t for t, _ in toks]
    found: list[Match] = []
    for i, s in enumerate(stems):
        for cue in matcher.by_first.get(s, ()):
            n = len(cue.stems)
            if tuple(stems[i : i + n]) == cue.stems:
                found.append(Match(cue.slug, cue.text, i, i + n, toks[i][1], cue.weight))
    kept = [
        m
        for m in found
        if not any(
            o.start <= m.start and o.end >= m.end and (o.end - o.start) > (m.end - m.start)
            for o in found
        )
    ]
    return tuple(sorted(kept, key=lambda m: (m.start, -m.end, m.slug, m.cue)))


def score_themes(text: str, scheme: ThemeScheme | None = None) -> list[tuple[str, float, str, int]]:
    """Every theme with a match: (slug, score, explaining cue, first position), ranked."""
    best: dict[tuple[str, str], tuple[float, int]] = {}
    for m in find_matches(text, scheme):
        w = m.weight * (1.0 if m.sentence == 0 else LATER_SENTENCE)
        key = (m.slug, m.cue)
        prev = best.get(key)
        if prev is None or w > prev[0]:
            best[key] = (w, m.start if prev is None else min(prev[1], m.start))
    themes: dict[str, tuple[float, tuple[float, int, str], int]] = {}
    for (slug, cue), (w, pos) in sorted(best.items()):
        total, top, first = themes.get(slug, (0.0, (0.0, 0, ""), pos))
        cand = (w, -pos, cue)
        if (w, -pos) > (top[0], top[1]) or (w, -pos) == (top[0], top[1]) and cue < top[2]:
            top = cand
        themes[slug] = (total + w, top, min(first, pos))
    ranked = [(slug, round(total, 3), top[2], first) for slug, (total, top, first) in themes.items()]
    ranked.sort(key=lambda r: (-r[1], r[3], r[0]))
    return ranked


def classify(text: str, category: str | None = None) -> tuple[ThemeTag, ...]:
    """1 to 3 themes for a finding, best first. ``category`` is accepted for the API but the
    rules do not depend on it (see the benchmark README)."""
    ranked = score_themes(text or "")
    if not ranked:
        return (ThemeTag(FALLBACK_SLUG, 0.0, None, CLASSIFIER_VERSION),)
    top = ranked[0][1]
    chosen = [ranked[0]]
    for r in ranked[1:]:
        if len(chosen) == MAX_THEMES:
            break
        if r[1] >= RELATIVE_CUT * top and r[1] >= MIN_SCORE:
            chosen.append(r)
    return tuple(ThemeTag(slug, score, cue, CLASSIFIER_VERSION) for slug, score, cue, _ in chosen)


def tag_finding(finding: Finding) -> Finding:
    return replace(finding, themes=classify(finding.text, finding.category))


def tag_document(doc: ParsedDocument) -> ParsedDocument:
    """The document with every finding's ``themes`` filled by :func:`classify`."""
    return replace(doc, findings=tuple(tag_finding(f) for f in doc.findings))
