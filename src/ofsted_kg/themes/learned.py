"""A learned theme model beside the rules: logistic regression over a finding's words, trained
on the hand-labelled findings of ``benchmarks/themes/`` and stored as data
(``ontology/themes-model.json``), read at run time with numpy (no scikit-learn at run time);
``benchmarks/themes/train_model.py`` trains it (with scikit-learn) and writes the file, and a
test fails when the file no longer matches the labelled files it names.

**Features** (:func:`terms`, :class:`ThemeModel.vector`): the text's words as the rules see them
(lower case, possessives dropped, lightly stemmed by :func:`.classifier.stem`), those of two or
more characters, and every pair of adjacent ones; each term the model knows weighs
``(1 + ln count) * idf``, the vector scaled to length 1 (TF-IDF as scikit-learn's
``TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)`` computes it). Five more features per
theme say what the rules found (:func:`rule_features`): the rules chose the theme; chose it
first; a cue of it matched at all; its rule score over the best theme's; a cue of it that is
not weak matched.

**Scores**: a theme's probability is ``1 / (1 + exp(-(bias + weights . features)))``.

**Choosing** (:func:`combine`): the themes whose probability reaches the model's threshold,
most probable first, at most three; when none does, the most probable one if it reaches the
model's ``floor``. Each tag keeps the rules' cue when the rules chose the theme too
(``classifier`` then names both), else names the word or word pair of the text (as written,
lower case) that added most to the theme's score (``classifier`` = :data:`LEARNED_VERSION`). A
finding addressed to a safeguarding board keeps the rules' addressee theme (rule 5 of the
rules), whatever the model says, and a theme another chosen theme absorbs is dropped (rule 6).
:func:`choose` applies these rules to any probabilities: the product (``enrich.classify``) gives
:func:`combine` the fine-tuned encoder's probabilities too (:mod:`.encoder`), and a theme's
probability is then the blend's weighted mean of the two, chosen with the blend's threshold and
floor; the tags then name ``ofsted-kg-encoder/1`` as well.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import numpy as np

from ..model import ThemeTag
from ..resources import ontology_dir
from .classifier import CLASSIFIER_VERSION, MAX_THEMES, Scored, _raw_tokens, absorbed, addressee_themes
from .classifier import classify_ranked, score_themes, stem
from .encoder import ENCODER_VERSION, Blend

MODEL_FILE = "themes-model.json"
LEARNED_VERSION = "ofsted-kg-learned/1"
#: a tag both the rules and the model give
BOTH_VERSION = f"{CLASSIFIER_VERSION}+{LEARNED_VERSION}"

#: the rule features of a theme, in the order of the columns of ``ThemeModel.rules``
RULE_FEATURES = ("chosen", "first", "matched", "relative", "strong")


def _words(text: str) -> list[tuple[str, str]]:
    """(stem, word as written, lower case) of every word of two or more characters."""
    out = []
    for word, _ in _raw_tokens(text):
        lowered = word.lower()
        stemmed = stem(lowered)
        if len(stemmed) >= 2:
            out.append((stemmed, lowered))
    return out


def _terms_and_words(text: str) -> list[tuple[str, str]]:
    words = _words(text)
    pairs = [(f"{a} {b}", f"{x} {y}") for (a, x), (b, y) in zip(words, words[1:])]
    return words + pairs


def terms(text: str) -> list[str]:
    """The stemmed words (two or more characters) and adjacent word pairs of ``text``."""
    return [t for t, _ in _terms_and_words(text)]


_ABSENT = (0.0,) * len(RULE_FEATURES)


def rule_features(text: str, rules: tuple[ThemeTag, ...], ranked: list[Scored] | None = None
                  ) -> dict[str, tuple[float, ...]]:
    """What the rules found, per theme with a match or a tag (:data:`RULE_FEATURES`); themes absent
    have every feature 0. ``ranked``: :func:`.classifier.score_themes` of ``text``, if known."""
    ranked = score_themes(text) if ranked is None else ranked
    top = ranked[0].score if ranked and ranked[0].score > 0 else 1.0
    chosen = {t.slug for t in rules}
    first = rules[0].slug if rules else None
    out = {r.slug: (float(r.slug in chosen), float(r.slug == first), 1.0, round(r.score / top, 6), float(r.strong))
           for r in ranked}
    for slug in chosen - set(out):  # (a theme the addressee gave)
        out[slug] = (1.0, float(slug == first), 0.0, 0.0, 0.0)
    return out


@dataclass(frozen=True, eq=False)
class ThemeModel:
    version: str
    threshold: float
    floor: float  # when no theme reaches the threshold, the best is kept if it reaches this
    vocabulary: tuple[str, ...]
    index: dict[str, int]  # term -> index
    idf: tuple[float, ...]
    slugs: tuple[str, ...]  # the themes, in the order of the columns below
    bias: np.ndarray  # (themes,)
    weights: np.ndarray  # (terms, themes): a term's weight for each theme (0 where not stored)
    rules: np.ndarray  # (themes, RULE_FEATURES): the weights of the rule features

    @classmethod
    def from_json(cls, data: dict) -> "ThemeModel":
        vocabulary = data["terms"]
        slugs = tuple(sorted(data["themes"]))
        weights = np.zeros((len(vocabulary), len(slugs)))
        for column, slug in enumerate(slugs):
            for i, v in data["themes"][slug]["weights"]:
                weights[int(i), column] = float(v)
        return cls(
            version=data["classifier"],
            threshold=float(data["threshold"]),
            floor=float(data["floor"]),
            vocabulary=tuple(vocabulary),
            index={t: i for i, t in enumerate(vocabulary)},
            idf=tuple(float(x) for x in data["idf"]),
            slugs=slugs,
            bias=np.array([float(data["themes"][s]["bias"]) for s in slugs]),
            weights=weights,
            rules=np.array([[float(v) for v in data["themes"][s]["rules"]] for s in slugs]).reshape(
                len(slugs), len(RULE_FEATURES)),
        )

    def vector(self, text: str) -> dict[int, float]:
        """The text's TF-IDF vector (term index -> value), length 1."""
        return self._vector(terms(text))

    def _vector(self, found: list[str]) -> dict[int, float]:
        counts = Counter(i for i in (self.index.get(t) for t in found) if i is not None)
        raw = {i: (1.0 + math.log(c)) * self.idf[i] for i, c in sorted(counts.items())}
        norm = math.sqrt(sum(v * v for v in raw.values()))
        return {i: v / norm for i, v in raw.items()} if norm else {}

    def probabilities(self, text: str, rules: tuple[ThemeTag, ...] = (),
                      ranked: list[Scored] | None = None) -> dict[str, float]:
        """Every theme's probability for ``text``, given the rules' tags of it (and, if the caller
        has them, the rules' scores: :func:`.classifier.score_themes`)."""
        return self._probabilities(self.vector(text), rule_features(text, rules, ranked))

    def _probabilities(self, x: dict[int, float], found: dict[str, tuple[float, ...]]) -> dict[str, float]:
        features = np.array([found.get(slug, _ABSENT) for slug in self.slugs])
        z = self.bias + (features * self.rules).sum(axis=1)
        if x:
            z = z + np.array(list(x.values())) @ self.weights[list(x)]
        return {slug: float(p) for slug, p in zip(self.slugs, 1.0 / (1.0 + np.exp(-z)))}

    def _reason(self, x: dict[int, float], written: dict[str, str], slug: str) -> str | None:
        """The term of ``x`` (as ``written`` in the text) that adds most to ``slug``'s score, None if none adds."""
        column = self.slugs.index(slug)
        best = max(((float(self.weights[i, column]) * v, self.vocabulary[i]) for i, v in x.items()), default=None,
                   key=lambda c: (c[0], -len(c[1]), c[1]))
        return written[best[1]] if best is not None and best[0] > 0 else None


def model_path() -> Path:
    return ontology_dir() / MODEL_FILE


@cache
def load_model(path: Path | None = None) -> ThemeModel:
    """The model stored at ``path`` (default: ``ontology/themes-model.json``), read once."""
    return ThemeModel.from_json(json.loads((path or model_path()).read_text(encoding="utf-8")))


def choose(probabilities: dict[str, float], addressee: str | None, threshold: float, floor: float) -> list[str]:
    """The themes chosen from ``probabilities``, most probable first (module docstring, "Choosing")."""
    passing = sorted((-p, slug) for slug, p in probabilities.items() if p >= threshold)  # most probable first
    chosen = [slug for _, slug in passing[:MAX_THEMES]]
    if not chosen and probabilities:
        p, slug = min((-p, slug) for slug, p in probabilities.items())
        if -p >= floor:
            chosen = [slug]
    for slug, _cue in addressee_themes(addressee):  # rule 5 of the rules: the addressee's theme stays
        if slug not in chosen:
            if len(chosen) == MAX_THEMES:
                chosen.pop()
            chosen.append(slug)
    dropped = absorbed(chosen)  # rule 6 of the rules
    return [s for s in chosen if s not in dropped]


def combine(text: str, rules: tuple[ThemeTag, ...], model: ThemeModel, addressee: str | None = None,
            ranked: list[Scored] | None = None, encoded: dict[str, float] | None = None,
            blend: Blend | None = None) -> tuple[ThemeTag, ...]:
    """The final tags of a finding (module docstring, "Choosing"). With ``encoded`` (the
    encoder's probabilities, :mod:`.encoder`) and its ``blend``, a theme's probability is the
    blend's weighted mean of the two, chosen with the blend's threshold and floor."""
    found = _terms_and_words(text)
    written: dict[str, str] = {}  # term -> its first occurrence as written (the reason a tag names)
    for term, words in found:
        written.setdefault(term, words)
    x = model._vector([t for t, _ in found])
    probabilities = model._probabilities(x, rule_features(text, rules, ranked))
    threshold, floor, version = model.threshold, model.floor, model.version
    if encoded is not None and blend is not None:
        w = blend.weight
        probabilities = {s: (1 - w) * probabilities.get(s, 0.0) + w * encoded.get(s, 0.0)
                         for s in sorted(set(probabilities) | set(encoded))}
        threshold, floor, version = blend.threshold, blend.floor, f"{model.version}+{ENCODER_VERSION}"
    by_rules = {t.slug: t for t in rules}
    tags = []
    for slug in choose(probabilities, addressee, threshold, floor):
        score = round(probabilities.get(slug, 0.0), 3)
        if slug in by_rules:
            tags.append(replace(by_rules[slug], score=score, classifier=f"{CLASSIFIER_VERSION}+{version}"))
        else:
            tags.append(ThemeTag(slug, score, model._reason(x, written, slug), version))
    return tuple(tags)


def classify(text: str, category: str | None = None, addressee: str | None = None,
             model: ThemeModel | None = None) -> tuple[ThemeTag, ...]:
    """0 to 3 themes for a finding, most probable first: the rules run first, and the model,
    given what they found, chooses (module docstring)."""
    ranked = score_themes(text or "")
    rules = classify_ranked(ranked, addressee)
    return combine(text or "", rules, model or load_model(), addressee, ranked)
