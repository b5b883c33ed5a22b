"""Inferred recurrence: which findings of an inspection come back at the next one.

The project's own inference, kept apart from what a document states. A finding of an
inspection *recurs* in the next inspection of the same authority when both findings are
unfavourable (area for development, priority action, improvement, recommendation), addressed
to the same body (a safeguarding board's recommendations pair only with the board's), and the
pairing model (:mod:`ofsted_kg.infer.pairing`) scores them as the same issue. Every scored pair at or
above ``pairing.FLOOR`` is kept with its score and reason, so users can choose their own
threshold; ``pairing.THRESHOLD`` is the default of the stored queries. A pair is kept only
when the earlier finding is the later one's best match or the later finding is the earlier
one's best match: a finding that merely resembles a third is not linked.

Pure functions over plain rows; the store supplies the rows and takes the results.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..model import UNFAVOURABLE
from .pairing import FLOOR, WEIGHTS, PairingModel, PairScore, Side

_STOPWORDS = frozenset(
    """a about above after again all also an and any are as at be been being both but by can
    could did do does for from further had has have having he her here his how i if in into is
    it its itself more most much no nor not of off on once only or other our out over own same
    she should so some such than that the their them then there these they this those through
    to too under until up very was we were what when where which while who whom why will with
    would you your all always not sufficiently well consistently ensure ensuring including
    continue children child young people local authority""".split()
)


@dataclass(frozen=True, slots=True)
class FindingRef:
    """One finding, as the store knows it."""

    finding: str  # IRI
    inspection: str  # IRI
    authority: str  # IRI
    date: date  # the inspection's start date
    category: str
    themes: tuple[str, ...]
    text: str
    addressee: str | None = None


@dataclass(frozen=True, slots=True)
class Recurrence:
    earlier: str  # finding IRI
    later: str  # finding IRI
    pair: PairScore  # score (0..1), signals, shared themes and terms

    @property
    def similarity(self) -> float:
        return self.pair.score

    @property
    def themes(self) -> tuple[str, ...]:
        return self.pair.shared_themes


def tokens(text: str) -> Counter[str]:
    words = re.findall(r"[a-z]+", text.lower())
    return Counter(_stem(w) for w in words if len(w) > 2 and w not in _STOPWORDS)


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    for suffix in ("ations", "ation", "ments", "ment", "ings", "ing", "ness", "ies", "es", "ed", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(a[t] * b[t] for t in a.keys() & b.keys())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def consecutive_pairs(rows: Iterable[FindingRef]) -> list[tuple[str, str]]:
    """(earlier inspection, later inspection) for consecutive inspections of each authority."""
    dates: dict[str, dict[str, date]] = defaultdict(dict)
    for row in rows:
        dates[row.authority][row.inspection] = row.date
    pairs = []
    for authority in sorted(dates):
        ordered = sorted(dates[authority].items(), key=lambda item: (item[1], item[0]))
        pairs.extend((a[0], b[0]) for a, b in zip(ordered, ordered[1:]))
    return pairs


def _side(row: FindingRef) -> Side:
    return Side(row.text, row.themes, row.addressee)


def infer(
    rows: Sequence[FindingRef], floor: float = FLOOR, weights: tuple[float, float, float] = WEIGHTS
) -> list[Recurrence]:
    """Every recurrence between consecutive inspections scoring ``floor`` or more, sorted."""
    unfavourable = [row for row in rows if row.category in UNFAVOURABLE]
    by_inspection: dict[str, list[FindingRef]] = defaultdict(list)
    for row in unfavourable:
        by_inspection[row.inspection].append(row)
    model = PairingModel(sorted({row.text for row in unfavourable}), weights)
    found: list[Recurrence] = []
    for earlier_inspection, later_inspection in consecutive_pairs(rows):
        earlier = sorted(by_inspection.get(earlier_inspection, []), key=lambda r: r.finding)
        later = sorted(by_inspection.get(later_inspection, []), key=lambda r: r.finding)
        scored = {}
        for l_row in later:
            for e_row in earlier:
                pair = model.score(_side(e_row), _side(l_row))
                if pair is not None and pair.score >= floor:
                    scored[e_row.finding, l_row.finding] = pair
        best_for_later = _best(scored, key=lambda k: k[1])
        best_for_earlier = _best(scored, key=lambda k: k[0])
        for (e_iri, l_iri), pair in scored.items():
            if best_for_later[l_iri] == (e_iri, l_iri) or best_for_earlier[e_iri] == (e_iri, l_iri):
                found.append(Recurrence(e_iri, l_iri, pair))
    return sorted(found, key=lambda r: (r.later, r.earlier))


def _best(scored: dict[tuple[str, str], PairScore], key) -> dict[str, tuple[str, str]]:
    """For each finding (picked from a pair by ``key``), its best-scoring pair (ties: IRI order)."""
    best: dict[str, tuple[str, str]] = {}
    for pair_key in sorted(scored, key=lambda k: (-scored[k].score, k)):
        best.setdefault(key(pair_key), pair_key)
    return best
