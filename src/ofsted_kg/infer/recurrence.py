"""Inferred recurrence: which findings of an inspection come back at the next one.

The project's own inference, kept apart from what a document states. A finding of an
inspection *recurs* in the next inspection of the same authority when both findings are
unfavourable (area for development, priority action, improvement, recommendation), they
share a theme, and their texts are alike. For each later finding and shared theme the most
similar earlier finding is kept, with its similarity score (cosine of content-word
vectors, 0 to 1) so users can set their own threshold.

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

METHOD = "ofsted-kg-recurrence/1.0 (shared theme, unfavourable in both, cosine of content words)"

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


@dataclass(frozen=True, slots=True)
class Recurrence:
    earlier: str  # finding IRI
    later: str  # finding IRI
    theme: str  # slug
    similarity: float  # 0..1, rounded to 4 places


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


def infer(rows: Sequence[FindingRef]) -> list[Recurrence]:
    """Every recurrence between consecutive inspections, sorted, deterministic."""
    by_inspection: dict[str, list[FindingRef]] = defaultdict(list)
    for row in rows:
        if row.category in UNFAVOURABLE:
            by_inspection[row.inspection].append(row)
    vectors = {row.finding: tokens(row.text) for row in rows if row.category in UNFAVOURABLE}
    found: list[Recurrence] = []
    for earlier_inspection, later_inspection in consecutive_pairs(rows):
        earlier = by_inspection.get(earlier_inspection, [])
        for later in by_inspection.get(later_inspection, []):
            for theme in sorted(set(later.themes)):
                candidates = [e for e in earlier if theme in e.themes]
                if not candidates:
                    continue
                scored = [(cosine(vectors[e.finding], vectors[later.finding]), e.finding) for e in candidates]
                score, best = max(scored, key=lambda pair: (pair[0], pair[1]))
                found.append(Recurrence(best, later.finding, theme, round(score, 4)))
    return sorted(found, key=lambda r: (r.later, r.theme, r.earlier))
