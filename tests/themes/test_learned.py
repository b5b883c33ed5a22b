"""The learned theme model beside the rules (``ofsted_kg.themes.learned``)."""

from __future__ import annotations

import hashlib
import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from ofsted_kg import load_scheme
from ofsted_kg.themes import learned
from ofsted_kg.themes.classifier import CLASSIFIER_VERSION
from ofsted_kg.themes.classifier import classify as classify_rules

from conftest import ROOT

REGENERATE = "PYTHONPATH=src python benchmarks/themes/train_model.py"


def test_the_committed_model_is_trained_on_the_current_labelled_files() -> None:
    """A stale model (a labelled file changed, added or removed since it was trained) fails here."""
    stored = json.loads(learned.model_path().read_text(encoding="utf-8"))["trained_on"]
    folder = ROOT / "benchmarks" / "themes"
    expected = {f"benchmarks/themes/{p.name}" for p in folder.glob("*.jsonl")
                if p.name not in ("gold-heldout6.jsonl", "gold-heldout7.jsonl", "second-heldout6.jsonl")}
    assert set(stored) == expected, f"the model's training files changed: run {REGENERATE}"
    for name, digest in stored.items():
        assert hashlib.sha256((ROOT / name).read_bytes()).hexdigest() == digest, f"{name} changed: run {REGENERATE}"


def test_the_model_knows_only_the_schemes_themes() -> None:
    model = learned.load_model()
    assert set(model.slugs) <= set(load_scheme().slugs)
    assert model.weights.shape == (len(model.vocabulary), len(model.slugs))
    assert model.rules.shape == (len(model.slugs), 5)
    assert len(model.vocabulary) == len(model.idf) == len(model.index)
    assert 0 < model.threshold < 1


def test_terms_are_the_rules_stemmed_words_and_word_pairs() -> None:
    """Words of one character are left out; pairs join the words that are kept."""
    assert learned.terms("Care leavers' pathway plans, a PA.") == [
        "car", "leaver", "pathway", "plan", "pa", "car leaver", "leaver pathway", "pathway plan", "plan pa"]


def test_a_texts_vector_has_length_one() -> None:
    vector = learned.load_model().vector("Supervision is not regular and does not challenge social workers.")
    assert vector and math.isclose(math.sqrt(sum(v * v for v in vector.values())), 1.0)
    assert learned.load_model().vector("") == {}


def test_the_model_adds_a_theme_the_rules_miss_and_names_a_word_of_the_text() -> None:
    """Workforce stability written as staff enjoying their work: no cue of the rules matches."""
    text = "Social workers told inspectors that they enjoy working for the authority and feel valued."
    assert "workforce-stability" not in {t.slug for t in classify_rules(text)}
    tags = learned.classify(text)
    tag = next(t for t in tags if t.slug == "workforce-stability")
    assert tag.classifier == learned.LEARNED_VERSION and 0.0 <= tag.score <= 1.0
    assert tag.cue and tag.cue in text.lower()  # the words as written, not their stems


def test_a_theme_both_give_keeps_the_rules_cue() -> None:
    text = "Care leavers do not all have an up-to-date pathway plan."
    rules = {t.slug: t for t in classify_rules(text)}
    tag = next(t for t in learned.classify(text) if t.slug == "care-leavers")
    assert tag.cue == rules["care-leavers"].cue and tag.classifier == learned.BOTH_VERSION
    assert tag.classifier.startswith(CLASSIFIER_VERSION)


def test_a_boards_recommendation_keeps_the_partnership_theme() -> None:
    """Rule 5 of the rules holds whatever the model says."""
    tags = learned.classify("Ensure that the training offered to staff is evaluated.",
                            "recommendation", "Local Safeguarding Children Board")
    assert "safeguarding-partnership" in {t.slug for t in tags}


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400), st.sampled_from([None, "recommendation", "narrative"]),
       st.sampled_from([None, "Local Safeguarding Children Board", "the local authority"]))
def test_any_text_gets_at_most_three_distinct_themes_the_same_every_time(text, category, addressee) -> None:
    tags = learned.classify(text, category, addressee)
    assert len(tags) <= 3 and len({t.slug for t in tags}) == len(tags)
    assert all(0.0 <= t.score <= 1.0 for t in tags)
    assert tags == learned.classify(text, category, addressee)
