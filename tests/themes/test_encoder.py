"""The fine-tuned theme encoder (``ofsted_kg.themes.encoder``) and the product's classifier that
blends it with the rules and the learned model (``ofsted_kg.themes.enrich.classify``)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ofsted_kg import load_scheme
from ofsted_kg.errors import EncoderError, OfstedKGError
from ofsted_kg.themes.classifier import CLASSIFIER_VERSION, absorbed, addressee_themes
from ofsted_kg.themes.encoder import CONFIG_FILE, ENCODER_VERSION, MODEL_FILE, TOKENIZER_FILE, Encoder, load_encoder
from ofsted_kg.themes.enrich import classify
from ofsted_kg.themes.learned import LEARNED_VERSION, choose, load_model
from ofsted_kg.themes.learned import classify as classify_learned

from conftest import ROOT

REGENERATE = "PYTHONPATH=src python benchmarks/themes/finetune_encoder.py (README there: --fold 0, --export, --blend)"
ONTOLOGY = ROOT / "ontology"


def test_the_encoder_is_trained_on_the_same_labelled_files_as_the_learned_model() -> None:
    """A labelled file changed since the encoder was trained: this fails and names the command."""
    stored = json.loads((ONTOLOGY / CONFIG_FILE).read_text(encoding="utf-8"))["trained_on"]
    learned = json.loads((ONTOLOGY / "themes-model.json").read_text(encoding="utf-8"))["trained_on"]
    assert set(stored) == set(learned), f"the encoder's training files differ: run {REGENERATE}"
    for name, digest in stored.items():
        assert hashlib.sha256((ROOT / name).read_bytes()).hexdigest() == digest, f"{name} changed: run {REGENERATE}"


def test_the_encoder_knows_only_the_schemes_themes_and_its_blend_was_chosen() -> None:
    encoder = load_encoder()
    assert encoder.themes and set(encoder.themes) <= set(load_scheme().slugs)
    assert set(encoder.themes) <= set(load_model().slugs)  # blended theme by theme
    blend = encoder.blend
    assert 0.0 < blend.weight < 1.0 and 0.0 < blend.threshold < 1.0 and 0.0 < blend.floor <= 1.0
    assert "cv_micro_f1" in encoder.config["blend"]  # (written by --blend --write, not the default)


def test_probabilities_are_per_theme_in_range_and_repeatable() -> None:
    encoder = load_encoder()
    text = "Supervision is not regular and does not challenge social workers to reflect on their practice."
    first = encoder.probabilities(text)
    assert set(first) == set(encoder.themes) and all(0.0 <= p <= 1.0 for p in first.values())
    encoder.probabilities("Care leavers live in suitable accommodation.")
    assert encoder.probabilities(text) == first  # a batch of one: what came before does not matter
    assert max(first, key=first.get) == "supervision"


def test_the_product_blends_the_encoder_and_names_every_classifier_that_chose() -> None:
    text = "Supervision is not regular and does not challenge social workers to reflect on their practice."
    tags = classify(text)
    assert tags and tags[0].slug == "supervision" and len(tags) <= 3
    assert tags[0].classifier == f"{CLASSIFIER_VERSION}+{LEARNED_VERSION}+{ENCODER_VERSION}"
    assert tags[0].cue  # the rules' cue is kept
    assert all(0.0 <= t.score <= 1.0 for t in tags)
    assert all(ENCODER_VERSION in t.classifier for t in tags)


def test_a_theme_only_the_models_give_names_a_word_of_the_text() -> None:
    text = "Social workers told inspectors that they enjoy working for the authority and feel valued."
    tag = next(t for t in classify(text) if t.slug == "workforce-stability")
    assert tag.classifier == f"{LEARNED_VERSION}+{ENCODER_VERSION}" and tag.cue and tag.cue in text.lower()


def test_the_learned_model_alone_is_unchanged_by_the_encoder() -> None:
    text = "Social workers told inspectors that they enjoy working for the authority and feel valued."
    assert all(ENCODER_VERSION not in t.classifier for t in classify_learned(text))


def test_a_safeguarding_boards_finding_keeps_the_boards_theme() -> None:
    """Rule 5 of the rules holds after the blend too."""
    tags = classify("Ensure that the training offered to staff is evaluated.", "area_for_development",
                    "local safeguarding children board")
    assert "safeguarding-partnership" in {t.slug for t in tags}


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gets_at_most_three_known_themes(text: str) -> None:
    tags = classify(text)
    assert len(tags) <= 3 and len({t.slug for t in tags}) == len(tags)
    assert {t.slug for t in tags} <= set(load_scheme().slugs)


def test_a_lone_surrogate_is_scored_not_refused() -> None:
    """Regression: tokenizers raised TypeError on a lone surrogate (text of a damaged PDF), which
    lost the finding's document; the learned model alone tagged it."""
    tags = classify("Supervision \ud800 is not regular and does not challenge social workers.")
    assert "supervision" in {t.slug for t in tags}


def test_a_very_long_text_is_truncated_not_refused() -> None:
    text = "Management oversight of casework is not consistently effective. " * 200
    assert classify(text) == classify(text)


def _copy(tmp_path: Path) -> Path:
    for name in (MODEL_FILE, TOKENIZER_FILE, CONFIG_FILE):
        shutil.copy(ONTOLOGY / name, tmp_path / name)
    return tmp_path


@pytest.mark.parametrize("name", [MODEL_FILE, TOKENIZER_FILE, CONFIG_FILE])
def test_a_missing_file_is_an_encoder_error_naming_it(tmp_path: Path, name: str) -> None:
    folder = _copy(tmp_path)
    (folder / name).unlink()
    with pytest.raises(EncoderError) as caught:
        Encoder.from_dir(folder)
    assert name in str(caught.value) and caught.value.stage == "themes"
    assert isinstance(caught.value, OfstedKGError)


@pytest.mark.parametrize("name", [MODEL_FILE, TOKENIZER_FILE, CONFIG_FILE])
def test_a_damaged_file_is_an_encoder_error_naming_it(tmp_path: Path, name: str) -> None:
    folder = _copy(tmp_path)
    data = (folder / name).read_bytes()
    (folder / name).write_bytes(data[: len(data) // 3])
    with pytest.raises(EncoderError) as caught:
        Encoder.from_dir(folder)
    assert name in str(caught.value)


def test_a_config_naming_other_themes_than_the_network_gives_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    config = json.loads((folder / CONFIG_FILE).read_text(encoding="utf-8"))
    config["themes"] = config["themes"][:-1]
    (folder / CONFIG_FILE).write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(EncoderError, match="scores but"):
        Encoder.from_dir(folder)


_SLUGS = sorted(load_scheme().slugs)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(_SLUGS), st.floats(0.0, 1.0), max_size=12),
       st.sampled_from([None, "local authority", "local safeguarding children board"]),
       st.floats(0.05, 0.95), st.sampled_from([1.0, 0.3, 0.2]))
def test_choose_keeps_at_most_three_passing_themes_most_probable_first(probabilities: dict, addressee: str | None,
                                                                     threshold: float, floor: float) -> None:
    chosen = choose(probabilities, addressee, threshold, floor)
    assert len(chosen) <= 3 and len(set(chosen)) == len(chosen)
    from_addressee = {slug for slug, _ in addressee_themes(addressee)}
    scored = [s for s in chosen if s not in from_addressee]
    assert all(s in probabilities for s in scored)
    assert [probabilities[s] for s in scored] == sorted((probabilities[s] for s in scored), reverse=True)
    passing = [s for s in scored if probabilities[s] >= threshold]
    assert len(scored) - len(passing) <= 1  # at most one theme under the threshold: the floor's
    if scored and not passing:
        assert max(probabilities.values()) >= floor and probabilities[scored[0]] == max(probabilities.values())
    assert from_addressee <= set(chosen) | absorbed(chosen)


def test_the_committed_encoders_themes_and_blend_are_what_the_training_script_makes() -> None:
    """The config's themes are those finetune_encoder.py derives from the current labelled files,
    and the stored blend is a point of its grid (the script imports torch only when it trains)."""
    import importlib.util

    path = ROOT / "benchmarks" / "themes" / "finetune_encoder.py"
    spec = importlib.util.spec_from_file_location("finetune_encoder", path)
    script = importlib.util.module_from_spec(spec)
    assert spec.loader
    spec.loader.exec_module(script)
    items = script.load(script.TRAIN_FILES)
    encoder = load_encoder()
    assert list(encoder.themes) == script.theme_list(items), f"run {REGENERATE}"
    assert encoder.config["max_length"] == script.MAX_LENGTH
    blend = encoder.blend
    assert blend.weight in script.GRID_WEIGHT and blend.threshold in script.GRID_THRESHOLD
    assert blend.floor in script.GRID_FLOOR
    train, held = script.fold_split(items, 0, by_authority=True)
    assert held and not set(train) & set(held) and len(train) + len(held) == len(items)
