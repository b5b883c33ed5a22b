"""Pairing model: is a finding of one inspection the *same issue* as a finding of the previous one?

The project's own judgement, kept apart from what documents state. A pair is scored only when
both findings are addressed to the same body (the council, or its safeguarding children
board: :func:`addressee_role`); a board's recommendation never pairs with the council's.

The score (0 to 1) mixes three signals, weights chosen on the tuning half of the hand-labelled
pairs in ``benchmarks/recurrence/`` (the held-out half is only measured):

- ``words``: cosine of TF-IDF vectors of Snowball-stemmed content words (generic
  recommendation verbs such as "ensure" and "improve" are stop words); the IDF comes from the
  corpus the model is built on (every unfavourable finding in the store), so words common to
  most findings weigh little;
- ``chars``: cosine of TF-IDF vectors of character 4-grams inside words, which catches
  variants the stemmer misses ("matching"/"matched", "pre-proceedings"/"proceedings");
- ``themes``: Jaccard overlap of the findings' theme sets.

Every score comes with a readable reason: the shared themes, the shared terms that weigh
most, and the three signal values. :data:`THRESHOLD` is the least score at which a pair is
taken to be the same issue (chosen for precision >= 0.8 on the tuning pairs); links down to
:data:`FLOOR` are kept in the graph so users can lower the threshold.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

#: Name and version, recorded on every inferred link.
METHOD = "ofsted-kg-pairing/2.0 (same addressee; TF-IDF of stemmed words and character 4-grams; theme overlap)"
#: Weights of the word, character and theme signals (they sum to 1).
WEIGHTS = (0.8, 0.1, 0.1)
#: The least score at which two findings are taken to be the same issue (precision >= 0.8).
THRESHOLD = 0.32
#: Links at or above this score are kept in the graph; queries show THRESHOLD and up by default.
FLOOR = 0.20
#: A term counts half as much every HALF_LIFE content words into the finding (words for the
#: word vector, 4-grams for the character one): findings name their issue first and
#: elaborate after ("Improve the quality of assessments ..., so that ...").
HALF_LIFE = 12
#: How many of the best-weighing shared terms a reason names.
REASON_TERMS = 5

AUTHORITY = "authority"
BOARD = "board"

_STOPWORDS = frozenset(
    """a about above after again all also an and any are as at be been being both but by can
    could did do does for from further had has have having he her here his how i if in into is
    it its itself more most much no nor not of off on once only or other our out over own same
    she should so some such than that the their them then there these they this those through
    to too under until up very was we were what when where which while who whom why will with
    would you your always sufficiently well consistently ensure ensuring including continue
    children child young people local authority improve improving improved strengthen
    further make made take taken use used need needs whether within across routinely fully
    clear clearly effective effectively good quality appropriate appropriately timely all
    that""".split()
)
_WORD = re.compile(r"[a-z]+")


def addressee_role(addressee: str | None) -> str:
    """``board`` for a safeguarding children board (or partnership), else ``authority``."""
    text = (addressee or "").lower()
    if re.search(r"safeguarding\s+(children\s+)?(board|partnership)|\blscb\b|\bboard\b", text):
        return BOARD
    return AUTHORITY


@dataclass(frozen=True, slots=True)
class Side:
    """What the model reads of one finding."""

    text: str
    themes: tuple[str, ...] = ()
    addressee: str | None = None


@dataclass(frozen=True, slots=True)
class PairScore:
    score: float  # 0..1, rounded to 4 places
    words: float
    chars: float
    themes: float
    shared_themes: tuple[str, ...]
    shared_terms: tuple[str, ...]

    @property
    def reason(self) -> str:
        themes = ", ".join(self.shared_themes) or "none"
        terms = ", ".join(self.shared_terms) or "none"
        return (
            f"same addressee; shared themes: {themes}; shared terms: {terms}; "
            f"words {self.words:.2f}, characters {self.chars:.2f}, themes {self.themes:.2f}"
        )


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


def word_terms(text: str) -> list[str]:
    """Stemmed content words, in order."""
    return [_stem(w) for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in _STOPWORDS]


def char_terms(text: str, n: int = 4) -> list[str]:
    """Character n-grams inside content words (padded with a space at each end)."""
    grams: list[str] = []
    for word in _WORD.findall(text.lower()):
        if len(word) <= 2 or word in _STOPWORDS:
            continue
        padded = f" {word} "
        grams.extend(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
    return grams


def _idf(documents: Iterable[Iterable[str]]) -> tuple[dict[str, float], float]:
    """Smoothed IDF (as scikit-learn's), and the IDF of an unseen term."""
    df: Counter[str] = Counter()
    n = 0
    for terms in documents:
        n += 1
        df.update(set(terms))
    idf = {t: math.log((1 + n) / (1 + c)) + 1 for t, c in df.items()}
    return idf, math.log(1 + n) + 1


def _vector(terms: list[str], idf: dict[str, float], unseen: float) -> dict[str, float]:
    """Unit TF-IDF vector; a term's count decays with its position (see HALF_LIFE)."""
    counts: Counter[str] = Counter()
    for i, term in enumerate(terms):
        counts[term] += 0.5 ** (i / HALF_LIFE)
    vec = {t: math.log(1 + c) * idf.get(t, unseen) for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {t: v / norm for t, v in vec.items()} if norm else {}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[t] for t, v in a.items() if t in b)


class PairingModel:
    """Scores pairs of findings; built once on the corpus of findings it will compare."""

    def __init__(self, corpus: Sequence[str], weights: tuple[float, float, float] = WEIGHTS) -> None:
        self.weights = weights
        self._word_idf, self._word_unseen = _idf(word_terms(t) for t in corpus)
        self._char_idf, self._char_unseen = _idf(char_terms(t) for t in corpus)
        self._cache: dict[str, tuple[dict[str, float], dict[str, float]]] = {}

    def _vectors(self, text: str) -> tuple[dict[str, float], dict[str, float]]:
        if text not in self._cache:
            self._cache[text] = (
                _vector(word_terms(text), self._word_idf, self._word_unseen),
                _vector(char_terms(text), self._char_idf, self._char_unseen),
            )
        return self._cache[text]

    def score(self, earlier: Side, later: Side) -> PairScore | None:
        """The pair's score, or None when the findings are addressed to different bodies."""
        if addressee_role(earlier.addressee) != addressee_role(later.addressee):
            return None
        (ew, ec), (lw, lc) = self._vectors(earlier.text), self._vectors(later.text)
        words, chars = _cosine(ew, lw), _cosine(ec, lc)
        a, b = set(earlier.themes), set(later.themes)
        themes = len(a & b) / len(a | b) if a | b else 0.0
        ww, wc, wt = self.weights
        score = ww * words + wc * chars + wt * themes
        shared = sorted(ew.keys() & lw.keys(), key=lambda t: (-ew[t] * lw[t], t))[:REASON_TERMS]
        return PairScore(
            score=round(score, 4),
            words=round(words, 4),
            chars=round(chars, 4),
            themes=round(themes, 4),
            shared_themes=tuple(sorted(a & b)),
            shared_terms=tuple(shared),
        )
