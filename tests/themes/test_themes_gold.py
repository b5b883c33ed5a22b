"""Regression: the classifier keeps its measured quality on the hand-labelled gold set."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from ofsted_kg import load_scheme

from conftest import ROOT
GOLD = ROOT / "benchmarks" / "themes" / "gold.jsonl"

# Measured with scheme 1.6.0 / ofsted-kg-rules/1.6 (see benchmarks/themes/README.md): gold.jsonl
# 0.859 overall, 0.843 on its held-out split, 0.806 on gold-heldout3.jsonl, 0.799 on
# gold-heldout4.jsonl and 0.792 on gold-heldout5.jsonl (all tuned on since 1.6); minus a margin of
# about 0.025 so that small cue edits pass and broken cues fail. gold-heldout6.jsonl is the fresh
# held-out set (never tuned on), 0.735 with 1.6 (and with 1.5). (1.5 measured 0.859 / 0.842 /
# 0.801 / 0.793 / 0.761; 1.4 0.859 / 0.846 / 0.793 / 0.731 / 0.749; 1.3 0.864 / 0.850 / 0.670 /
# 0.710; 1.2 0.842 / 0.814 / 0.670; 1.1 0.834 / 0.800; 1.0 0.813 / 0.783.)
FLOOR_ALL = 0.835
FLOOR_HELDOUT = 0.82
FLOOR_HELDOUT3 = 0.775
FLOOR_HELDOUT4 = 0.765
FLOOR_HELDOUT5 = 0.765
FLOOR_HELDOUT6 = 0.71


def _bench():
    spec = importlib.util.spec_from_file_location("bench_themes", ROOT / "benchmarks" / "bench_themes.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader
    spec.loader.exec_module(mod)
    return mod


def _items(path: Path = GOLD) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_second_held_out_set_is_well_formed_and_new() -> None:
    """gold-heldout2.jsonl: findings that are not in gold.jsonl (benchmarks/themes/README.md)."""
    second = _items(GOLD.with_name("gold-heldout2.jsonl"))
    slugs = set(load_scheme().slugs)
    assert len(second) >= 30 and len({i["id"] for i in second}) == len(second)
    for i in second:
        assert 1 <= len(i["themes"]) <= 3 and set(i["themes"]) <= slugs, i["id"]
        assert i["split"] == "heldout" and (ROOT / i["source"]).is_file(), i["id"]
    first = {" ".join(i["text"].lower().split())[:60] for i in _items()}
    assert not [i["id"] for i in second if " ".join(i["text"].lower().split())[:60] in first]


def test_fresh_held_out_set_is_well_formed_and_new() -> None:
    """gold-heldout3.jsonl: narrative findings in neither older file (benchmarks/themes/README.md).
    An empty theme list means no theme of the scheme fits: the classifier should leave it untagged."""
    _check_fresh("gold-heldout3.jsonl", "heldout3", ("gold.jsonl", "gold-heldout2.jsonl"), max_empty=5)


def _check_fresh(name: str, split: str, older_files: tuple[str, ...], max_empty: int) -> list[dict]:
    """A narrative held-out file: well formed, at most ``max_empty`` untagged items, none of its
    texts (first 60 characters) in ``older_files``."""
    items = _items(GOLD.with_name(name))
    slugs = set(load_scheme().slugs)
    assert len(items) >= 150 and len({i["id"] for i in items}) == len(items)
    for i in items:
        assert len(i["themes"]) <= 3 and set(i["themes"]) <= slugs, i["id"]
        assert i["split"] == split and i["addressee"] is None and i["text"].strip(), i["id"]
        assert (ROOT / i["source"]).is_file(), i["id"]
    assert sum(not i["themes"] for i in items) <= max_empty
    key = lambda text: " ".join(text.lower().split())[:60]  # noqa: E731
    older = {key(i["text"]) for f in older_files for i in _items(GOLD.with_name(f))}
    assert not [i["id"] for i in items if key(i["text"]) in older]
    return items


def test_gold_set_is_well_formed() -> None:
    items = _items()
    slugs = set(load_scheme().slugs)
    assert len(items) >= 150
    assert len({i["id"] for i in items}) == len(items)
    for i in items:
        assert 1 <= len(i["themes"]) <= 3 and set(i["themes"]) <= slugs, i["id"]
        assert i["split"] in ("tune", "heldout") and i["text"].strip()
        assert (ROOT / i["source"]).is_file(), i["source"]
    letters = {i["source"] for i in items if i["source"].startswith("data/letters/")}
    assert len(letters) == 5


def test_micro_f1_floor() -> None:
    bench = _bench()
    items = _items()
    preds, _ = bench.run(items)
    overall = bench.evaluate(items, preds)
    held = [(i, p) for i, p in zip(items, preds) if i["split"] == "heldout"]
    heldout = bench.evaluate([i for i, _ in held], [p for _, p in held])
    assert overall["micro_f1"] >= FLOOR_ALL, overall["micro_f1"]
    assert heldout["micro_f1"] >= FLOOR_HELDOUT, heldout["micro_f1"]


@pytest.mark.parametrize(("name", "floor"), [("gold-heldout3.jsonl", FLOOR_HELDOUT3),
                                             ("gold-heldout4.jsonl", FLOOR_HELDOUT4),
                                             ("gold-heldout5.jsonl", FLOOR_HELDOUT5),
                                             ("gold-heldout6.jsonl", FLOOR_HELDOUT6)])
def test_micro_f1_floor_on_the_narrative_sets(name: str, floor: float) -> None:
    bench = _bench()
    items = _items(GOLD.with_name(name))
    preds, _ = bench.run(items)
    assert bench.evaluate(items, preds)["micro_f1"] >= floor


def test_benchmark_script_runs(capsys) -> None:
    assert _bench().main([]) == 0
    out = capsys.readouterr().out
    assert "micro" in out and "items/s" in out
    assert "heldout6" in out and "tuning" in out  # the fresh held-out figure is printed


def test_fresh_held_out_set_4_is_well_formed_and_new() -> None:
    """gold-heldout4.jsonl: narrative sentences in none of the older files, drawn by the rule of
    benchmarks/themes/sample_heldout4.py (paragraph numbers N mod 13 = 7)."""
    fourth = _check_fresh("gold-heldout4.jsonl", "heldout4",
                          ("gold.jsonl", "gold-heldout2.jsonl", "gold-heldout3.jsonl"), max_empty=8)
    assert all(i["paragraph"] % 13 == 7 for i in fourth)


def test_fresh_held_out_set_5_is_well_formed_and_new() -> None:
    """gold-heldout5.jsonl: narrative sentences in none of the older files, drawn by the rule of
    benchmarks/themes/sample_heldout5.py (paragraph numbers N mod 13 = 3)."""
    fifth = _check_fresh("gold-heldout5.jsonl", "heldout5",
                         ("gold.jsonl", "gold-heldout2.jsonl", "gold-heldout3.jsonl", "gold-heldout4.jsonl"),
                         max_empty=8)
    assert all(i["paragraph"] % 13 == 3 for i in fifth)


def test_fresh_held_out_set_6_is_well_formed_and_new() -> None:
    """gold-heldout6.jsonl: narrative sentences in none of the older files, drawn by the rule of
    benchmarks/themes/sample_heldout6.py (paragraph numbers N mod 13 = 10)."""
    sixth = _check_fresh("gold-heldout6.jsonl", "heldout6",
                         ("gold.jsonl", "gold-heldout2.jsonl", "gold-heldout3.jsonl", "gold-heldout4.jsonl",
                          "gold-heldout5.jsonl"), max_empty=8)
    assert all(i["paragraph"] % 13 == 10 for i in sixth)


# The rules, then the learned model alone (ofsted-kg-learned/1), on the two sets held out from
# both (benchmarks/themes/README.md): measured 0.820 on gold-heldout6.jsonl and 0.866 on
# gold-heldout7.jsonl, trained on 7,563 findings (on 5,134: 0.824, 0.841; on 3,969: 0.808, 0.825;
# on 2,492, words alone: 0.775, 0.801); the floors sit about 0.01-0.015 below.
FLOOR_LEARNED = {"gold-heldout6.jsonl": 0.81, "gold-heldout7.jsonl": 0.85}
# The product's classifier (the rules, the learned model and the fine-tuned encoder, blended:
# ofsted_kg.themes.enrich.classify), scored once on the same sets: 0.851 and 0.882. The floors
# sit about 0.006 below (the encoder runs one text at a time on one thread: the scores repeat).
FLOOR_PRODUCT = {"gold-heldout6.jsonl": 0.845, "gold-heldout7.jsonl": 0.875}


#: (backend, the step before it, floors): each step must also beat the one before it on unseen text
STEPS = (("learned", "rules", FLOOR_LEARNED), ("product", "learned", FLOOR_PRODUCT))


@pytest.mark.parametrize(("backend", "before", "name", "floor"),
                         [(b, before, n, f) for b, before, floors in STEPS for n, f in sorted(floors.items())])
def test_micro_f1_floor_on_the_held_out_sets(backend: str, before: str, name: str, floor: float) -> None:
    bench = _bench()
    items = _items(GOLD.with_name(name))
    scores = {b: bench.evaluate(items, bench.run(items, b)[0])["micro_f1"] for b in (backend, before)}
    assert scores[backend] >= floor, scores
    assert scores[backend] > scores[before], scores


def test_fresh_held_out_set_7_and_the_training_set_are_well_formed_and_apart() -> None:
    """gold-heldout7.jsonl (paragraphs N mod 13 = 5) and train.jsonl (the other unused residues),
    drawn by benchmarks/themes/sample_train.py: no text of one is in the other or in an older file."""
    older = ("gold.jsonl", "gold-heldout2.jsonl", "gold-heldout3.jsonl", "gold-heldout4.jsonl",
             "gold-heldout5.jsonl", "gold-heldout6.jsonl")
    seventh = _check_fresh("gold-heldout7.jsonl", "heldout7", older, max_empty=8)
    assert all(i["paragraph"] % 13 == 5 for i in seventh)
    train = _items(GOLD.with_name("train.jsonl"))
    slugs = set(load_scheme().slugs)
    assert len(train) >= 1000 and len({i["id"] for i in train}) == len(train)
    assert all(i["split"] == "train" and set(i["themes"]) <= slugs and len(i["themes"]) <= 3 for i in train)
    held_items = [i for f in ("gold-heldout6.jsonl", "gold-heldout7.jsonl") for i in _items(GOLD.with_name(f))]
    held_residues = {i["paragraph"] % 13 for i in held_items}
    assert held_residues == {5, 10}
    assert not [i["id"] for i in train if i["paragraph"] % 13 in held_residues]  # no held-out paragraph
    key = lambda text: " ".join(text.lower().split())  # noqa: E731
    held = {key(i["text"]) for i in held_items}
    assert not [i["id"] for i in train if key(i["text"]) in held]
