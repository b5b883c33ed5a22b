"""Explainable rule-based theme classifier for inspection findings.

Every theme of the SKOS scheme (``ontology/themes.ttl``, see :mod:`ofsted_kg.themes.scheme`)
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
   (permanence), ``mental health`` hides ``health``. The scheme's own hidden labels are
   *stop phrases* (team names such as ``referral and assessment team``): they hide the cues
   inside them and count for no theme.
3. **Scoring.** A matched cue is worth ``1 + 0.5 * (words - 1)`` (at most 2.5), so multiword
   cues weigh more; a cue first met after the first sentence is worth ``LATER_SENTENCE``
   times that, since a finding's first sentence carries its point. A theme's score is its
   best cue's worth plus ``EXTRA_CUE`` times the worth of its other distinct cues (cues that
   stem alike count once), so a theme with many synonyms does not swamp the others. Cues
   written in capitals in the scheme (``SEND``, ``CAF``) are acronyms and match only
   capitalised tokens in the text (all capitals, or at least two: ``CAMHs``, ``PEPs``).
   **Weak cues**: a match written exactly as a spelling the scheme also marks ``okg:weakCue``
   (generic words such as ``plan``, ``assessment``, ``recorded``) is worth ``WEAK_CUE`` times
   as much. Weakness goes by spelling, not stem: ``recorded`` is weak, ``recording`` is not.
   **In-context cues**: a theme's ``okg:inContextCue`` phrases count as its cues (worth as
   above) only in a text that also contains one of its ``okg:contextCue`` phrases: ``education``,
   ``school`` or ``health`` signal the health and education of children in care only where
   ``looked after`` or ``children in care`` is written too. They are matched apart from rule 2
   (``mental health`` still counts as ``health`` there) and are not hidden labels.
4. **Choosing.** Themes are ranked by score (high first), then by first match position, then
   slug. The best theme is always kept; the second is kept when its score is at least
   ``RELATIVE_CUT`` of the best, the third at least ``THIRD_CUT`` of the best, and both at least
   ``MIN_SCORE``. At most three themes.
5. **Addressee.** A finding addressed to a body whose name contains a theme's
   ``okg:addresseeCue`` (a recommendation to the "Local Safeguarding Children Board") always
   carries that theme (``safeguarding-partnership``): worth ``ADDRESSEE_WORTH`` when its text
   does not signal it, explained by the addressee phrase; it takes the place of the lowest
   chosen theme when three are already chosen.
6. **Absorbed themes.** A theme that another chosen theme ``okg:absorbs`` in the scheme is
   dropped (``safeguarding-partnership`` absorbs ``partnership-working``: a board's
   recommendation to "work with partners" is about the board, not about partnership working).
   Its place is not refilled.
7. **No match, no theme.** When no cue matches (and no addressee cue), the finding is left
   untagged: a catch-all theme would only add false tags.

Each ``ThemeTag`` names the scheme cue that explains it (the highest-weighted matched
cue of that theme, earliest on ties) and ``classifier = CLASSIFIER_VERSION``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import NamedTuple

from ..model import Finding, ParsedDocument, ThemeTag
from .scheme import ThemeScheme, load_scheme

CLASSIFIER_VERSION = "ofsted-kg-rules/1.6"

MAX_THEMES = 3
LATER_SENTENCE = 0.65
RELATIVE_CUT = 0.4
#: Relative cut for the third theme.
THIRD_CUT = 0.5
#: Factor on the worth of a cue marked ``okg:weakCue`` in the scheme.
WEAK_CUE = 0.5
MIN_SCORE = 0.5
MAX_CUE_WEIGHT = 2.5
#: Weight of a theme's second and later distinct cues relative to its best cue.
EXTRA_CUE = 0.5
#: Worth of a theme given by the finding's addressee alone (rule 5): a one-word cue's.
ADDRESSEE_WORTH = 1.0

_TOKEN = re.compile(r"[A-Za-z0-9]+")
_POSSESSIVE = re.compile(r"(?<=[A-Za-z])'[sS]\b|(?<=[sS])'(?=\s|$|[^A-Za-z])")
_ACRONYM = re.compile(r"[A-Z0-9]*[A-Z][A-Z0-9]*")
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+|\n\s*\n")
_DOUBLED = set("bdgmnprt")


@lru_cache(maxsize=1 << 16)  # (a pure function of a word: findings repeat their words)
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


def _normalise(text: str, lower: bool = True) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = _POSSESSIVE.sub("", text)
    return text.lower() if lower else text


def _raw_tokens(text: str) -> list[tuple[str, int]]:
    """Unstemmed tokens, case kept, with the index of the sentence each is in."""
    out: list[tuple[str, int]] = []
    for n, sentence in enumerate(_SENTENCE_END.split(_normalise(text, lower=False))):
        out.extend((m.group(), n) for m in _TOKEN.finditer(sentence))
    return out


def tokens(text: str) -> list[tuple[str, int]]:
    """Stemmed tokens of ``text`` with the index of the sentence each is in."""
    return [(stem(t.lower()), n) for t, n in _raw_tokens(text)]


def cue_stems(cue: str) -> tuple[str, ...]:
    return tuple(t for t, _ in tokens(cue))


@dataclass(frozen=True, slots=True)
class _Cue:
    slug: str
    texts: tuple[str, ...]  # the scheme's spellings of this cue, shortest first
    stems: tuple[str, ...]
    weight: float
    acronym: bool = False
    #: the spellings marked okg:weakCue, as lower-case word tuples ("plan",), ("records",)
    weak: frozenset[tuple[str, ...]] = frozenset()
    #: every spelling is weak, so any inflection in the text is weak too
    all_weak: bool = False


@dataclass(frozen=True, slots=True)
class _InContext:
    """A theme's in-context cues and the context phrases (stemmed) that let them count."""

    contexts: tuple[tuple[str, ...], ...]
    cues: tuple[_Cue, ...]


@dataclass(frozen=True, slots=True)
class _Matcher:
    by_first: dict[str, tuple[_Cue, ...]]
    slugs: frozenset[str]
    in_context: tuple[_InContext, ...] = ()


def _grouped_cues(slug: str, phrases: tuple[str, ...], weak_cues: frozenset[str] = frozenset()) -> list[_Cue]:
    """One :class:`_Cue` per set of phrases that stem alike ("plan", "plans", "planning")."""
    variants: dict[tuple[str, ...], list[str]] = {}
    for cue in phrases:
        stems = cue_stems(cue)
        if stems:
            variants.setdefault(stems, []).append(cue)
    out = []
    for stems, texts in sorted(variants.items()):
        weight = min(MAX_CUE_WEIGHT, 1.0 + 0.5 * (len(stems) - 1))
        ordered = tuple(sorted(texts, key=lambda c: (len(c), c)))
        # a cue written in capitals ("SEND", "CAF") is an acronym: it must be in capitals
        # in the text too, so "send" the verb is not "SEND"
        acronym = all(_ACRONYM.fullmatch(t) for text in texts for t, _ in _raw_tokens(text))
        # weakness goes by spelling: "recorded" may be weak while "recording" is not
        weak = frozenset(
            tuple(t.lower() for t, _ in _raw_tokens(text)) for text in texts if text in weak_cues
        )
        all_weak = all(text in weak_cues for text in texts)
        out.append(_Cue(slug, ordered, stems, weight, acronym, weak, all_weak))
    return out


@cache
def _matcher(scheme: ThemeScheme) -> _Matcher:
    index: dict[str, list[_Cue]] = {}
    in_context: list[_InContext] = []
    for theme in scheme.themes:
        for cue in _grouped_cues(theme.slug, theme.cues, frozenset(theme.weak_cues)):
            index.setdefault(cue.stems[0], []).append(cue)
        contexts = tuple(sorted({s for s in map(cue_stems, theme.context_cues) if s}))
        if contexts and theme.in_context_cues:
            in_context.append(_InContext(contexts, tuple(_grouped_cues(theme.slug, theme.in_context_cues))))
    for phrase in scheme.stop_phrases:
        stems = cue_stems(phrase)
        if stems:
            index.setdefault(stems[0], []).append(_Cue("", (phrase,), stems, 0.0, False))
    return _Matcher(
        {
            k: tuple(sorted(v, key=lambda c: (-len(c.stems), c.slug, c.texts)))
            for k, v in index.items()
        },
        frozenset(scheme.slugs),
        tuple(in_context),
    )


def _capitalised(token: str) -> bool:
    """An acronym as written in text: all capitals, or two capitals and more ("CAMHs", "PEPs")."""
    return token.isupper() or sum(c.isupper() for c in token) >= 2


def _spelling(texts: tuple[str, ...], lowered: str) -> str:
    """The cue spelling to report: the longest one written as such in the text, else the first."""
    for t in sorted(texts, key=lambda c: (-len(c), c)):
        if _whole_word(t).search(lowered):
            return t
    return texts[0]


@lru_cache(maxsize=4096)
def _whole_word(cue: str) -> re.Pattern:
    """``cue`` (normalised) as a whole word; compiled once (there are more cues than ``re`` keeps compiled)."""
    return re.compile(r"(?<![a-z0-9])" + re.escape(_normalise(cue)) + r"(?![a-z0-9])")


@cache
def _default_matcher() -> _Matcher:
    return _matcher(load_scheme())


def prepare() -> None:
    """Read the theme scheme and index its cues now (the build does it before forking the
    processes that tag documents, so that each does not do it again)."""
    _default_matcher()


@dataclass(frozen=True, slots=True)
class Match:
    """One cue found in a text: token span [start, end), sentence index, weight."""

    slug: str
    cue: str
    start: int
    end: int
    sentence: int
    weight: float
    weak: bool = False


def find_matches(text: str, scheme: ThemeScheme | None = None) -> tuple[Match, ...]:
    """All cue matches in ``text`` after the longest-match rule, and the in-context cue matches
    (rule 3), in text order."""
    matcher = _matcher(scheme) if scheme is not None else _default_matcher()
    raw = _raw_tokens(text)
    toks = [(stem(t.lower()), n) for t, n in raw]
    stems = [t for t, _ in toks]
    lowered = _normalise(text)
    found: list[Match] = []
    for i, s in enumerate(stems):
        for cue in matcher.by_first.get(s, ()):
            n = len(cue.stems)
            if tuple(stems[i : i + n]) == cue.stems and (
                not cue.acronym or all(_capitalised(t) for t, _ in raw[i : i + n])
            ):
                spelling = _spelling(cue.texts, lowered)
                weak = cue.all_weak or tuple(t.lower() for t, _ in raw[i : i + n]) in cue.weak
                found.append(Match(cue.slug, spelling, i, i + n, toks[i][1], cue.weight, weak))
    kept = [
        m
        for m in found
        if not any(
            o.start <= m.start and o.end >= m.end and (o.end - o.start) > (m.end - m.start)
            for o in found
        )
    ]
    kept = [m for m in kept if m.slug]  # stop phrases hide the cues inside them, then go
    kept.extend(_in_context_matches(matcher, raw, toks, stems, lowered))
    return tuple(sorted(kept, key=lambda m: (m.start, -m.end, m.slug, m.cue)))


def _at(stems: list[str], seq: tuple[str, ...]) -> list[int]:
    """Every token index where the stem sequence ``seq`` starts."""
    n = len(seq)
    return [i for i, s in enumerate(stems) if s == seq[0] and tuple(stems[i : i + n]) == seq]


def _in_context_matches(
    matcher: _Matcher, raw: list[tuple[str, int]], toks: list[tuple[str, int]], stems: list[str],
    lowered: str,
) -> list[Match]:
    """Rule 3's in-context cues: the first match of each, for the themes one of whose context
    phrases is in the text."""
    found: list[Match] = []
    present = set(stems)
    for entry in matcher.in_context:
        if not any(c[0] in present and _at(stems, c) for c in entry.contexts):
            continue
        for cue in entry.cues:
            n = len(cue.stems)
            for i in _at(stems, cue.stems) if cue.stems[0] in present else ():
                if not cue.acronym or all(_capitalised(t) for t, _ in raw[i : i + n]):
                    spelling = _spelling(cue.texts, lowered)
                    found.append(Match(cue.slug, spelling, i, i + n, toks[i][1], cue.weight))
                    break
    return found


class Scored(NamedTuple):
    """A theme's score for one text (see :func:`score_themes`)."""

    slug: str
    score: float
    cue: str  # the explaining cue: highest-weighted, earliest on ties
    position: int  # token index of the theme's first match
    strong: bool  # has at least one matched cue not marked okg:weakCue


def score_themes(text: str, scheme: ThemeScheme | None = None) -> list[Scored]:
    """Every theme with a match, ranked (score high first, then first position, then slug)."""
    best: dict[tuple[str, str], tuple[float, int, bool]] = {}
    for m in find_matches(text, scheme):
        w = m.weight * (1.0 if m.sentence == 0 else LATER_SENTENCE) * (WEAK_CUE if m.weak else 1.0)
        key = (m.slug, m.cue)
        prev = best.get(key)
        if prev is None or w > prev[0]:
            best[key] = (w, m.start if prev is None else min(prev[1], m.start), m.weak)
    per_theme: dict[str, list[tuple[float, int, str, bool]]] = {}
    for (slug, cue), (w, pos, weak) in best.items():
        per_theme.setdefault(slug, []).append((w, pos, cue, weak))
    ranked = []
    for slug, cues in per_theme.items():
        cues.sort(key=lambda c: (-c[0], c[1], c[2]))
        score = cues[0][0] + EXTRA_CUE * sum(c[0] for c in cues[1:])
        strong = not all(c[3] for c in cues)
        ranked.append(Scored(slug, round(score, 3), cues[0][2], min(c[1] for c in cues), strong))
    ranked.sort(key=lambda r: (-r.score, r.position, r.slug))
    return ranked


def _keep_secondary(r: Scored, top: float, rank: int) -> bool:
    """Rule 4: may ``r`` be the ``rank``-th theme (1-based, rank >= 2) under a best score ``top``?"""
    cut = RELATIVE_CUT if rank == 2 else THIRD_CUT
    return r.score >= cut * top and r.score >= MIN_SCORE


def addressee_themes(addressee: str | None, scheme: ThemeScheme | None = None) -> list[tuple[str, str]]:
    """(slug, addressee cue) of every theme one of whose ``okg:addresseeCue`` phrases is in
    ``addressee`` (on word boundaries, stemmed, acronyms in capitals as in rule 3)."""
    if not addressee:
        return []
    scheme = scheme or load_scheme()
    raw = _raw_tokens(addressee)
    stems = [stem(t.lower()) for t, _ in raw]
    found = []
    for theme in scheme.themes:
        for cue in theme.addressee_cues:
            cue_raw = _raw_tokens(cue)
            want = [stem(t.lower()) for t, _ in cue_raw]
            acronym = all(_ACRONYM.fullmatch(t) for t, _ in cue_raw)
            n = len(want)
            if any(
                stems[i : i + n] == want and (not acronym or all(_capitalised(t) for t, _ in raw[i : i + n]))
                for i in range(len(stems) - n + 1)
            ):
                found.append((theme.slug, cue))
                break
    return found


@cache
def _absorbs(scheme: ThemeScheme) -> dict[str, tuple[str, ...]]:
    return {t.slug: t.absorbs for t in scheme.themes if t.absorbs}


@cache
def _default_absorbs() -> dict[str, tuple[str, ...]]:
    return _absorbs(load_scheme())


def absorbed(slugs: list[str], scheme: ThemeScheme | None = None) -> set[str]:
    """Rule 6: the themes of ``slugs`` that another of them ``okg:absorbs`` (to be dropped)."""
    absorbs = _absorbs(scheme) if scheme is not None else _default_absorbs()
    return {a for slug in slugs for a in absorbs.get(slug, ())}


def _drop_absorbed(chosen: list[Scored], scheme: ThemeScheme | None) -> list[Scored]:
    """Rule 6: the chosen themes less those another chosen theme ``okg:absorbs``."""
    dropped = absorbed([r.slug for r in chosen], scheme)
    return [r for r in chosen if r.slug not in dropped] if dropped else chosen


def classify(
    text: str, category: str | None = None, scheme: ThemeScheme | None = None,
    addressee: str | None = None,
) -> tuple[ThemeTag, ...]:
    """0 to 3 themes for a finding, best first. ``category`` is accepted for the API but the
    rules do not depend on it (see the benchmark README). ``addressee`` is the body the
    finding is addressed to (rule 5). ``scheme`` defaults to the bundled one."""
    return classify_ranked(score_themes(text or "", scheme), addressee, scheme)


def classify_ranked(ranked: list[Scored], addressee: str | None = None, scheme: ThemeScheme | None = None
                    ) -> tuple[ThemeTag, ...]:
    """:func:`classify` of a text whose :func:`score_themes` is ``ranked`` (rules 4 to 7)."""
    chosen = ranked[:1]
    for r in ranked[1:]:
        if len(chosen) == MAX_THEMES:
            break
        if _keep_secondary(r, chosen[0].score, len(chosen) + 1):
            chosen.append(r)
    for slug, cue in addressee_themes(addressee, scheme):
        if any(r.slug == slug for r in chosen):
            continue
        if len(chosen) == MAX_THEMES:
            chosen.pop()
        matched = next((r for r in ranked if r.slug == slug), None)
        chosen.append(matched or Scored(slug, ADDRESSEE_WORTH, cue, -1, True))
    chosen = _drop_absorbed(chosen, scheme)
    return tuple(ThemeTag(r.slug, r.score, r.cue, CLASSIFIER_VERSION) for r in chosen)


def tag_finding(finding: Finding) -> Finding:
    return replace(finding, themes=classify(finding.text, finding.category, addressee=finding.addressee))


def tag_document(doc: ParsedDocument) -> ParsedDocument:
    """The document with every finding's ``themes`` filled by :func:`classify`."""
    return replace(doc, findings=tuple(tag_finding(f) for f in doc.findings))
