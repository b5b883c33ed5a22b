"""Benchmark the theme classifier against the hand-labelled gold set.

    PYTHONPATH=src python benchmarks/bench_themes.py [--gold FILE.jsonl]
        [--split all|tuning|tune|heldout|heldout2|heldout3|heldout4|heldout5|train|heldout6|heldout7]
        [--errors] [--backend product|learned|rules|semantic|hybrid|all]

By default the labelled files of ``benchmarks/themes/`` are scored together, each item keeping
its split: ``gold.jsonl`` (``tune`` and ``heldout``), ``gold-heldout2.jsonl`` to
``gold-heldout5.jsonl`` (``heldout2`` to ``heldout5``), ``train.jsonl`` (``train``),
``gold-heldout6.jsonl`` and ``gold-heldout7.jsonl`` (``heldout6``, ``heldout7``: the held-out
sets). ``tuning`` is what the product was chosen on: the pool the 1.6 rules were tuned on (tune
+ heldout + heldout2 + heldout3 + heldout4 + heldout5) and ``train``, which only the learned model
was fitted on; ``heldout6`` and ``heldout7`` were never used to choose anything. ``--gold``
scores one file instead, with the splits written in it.

Prints per-theme precision, recall, F1 and support (support = gold items with the theme),
micro and macro F1 for every split, and items per second.
Exit status 0 (it reports; the regression floor lives in tests/themes/test_themes_gold.py).

``--backend`` picks the classifier: ``product`` (default, what the pipeline tags with:
:func:`ofsted_kg.themes.enrich.classify`, the rules, the learned model and the fine-tuned encoder
blended), ``learned`` (:func:`ofsted_kg.themes.learned.classify`, the rules and then the learned
model alone), ``rules`` (the rules alone, :func:`ofsted_kg.themes.classifier.classify`),
``semantic`` or ``hybrid`` (:mod:`ofsted_kg.themes.semantic`, needs the ``semantic`` extra), or
``all``, which also prints a side-by-side summary of the five on the same items.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from ofsted_kg import load_scheme  # noqa: E402
from ofsted_kg import classify  # noqa: E402
from ofsted_kg.themes.classifier import CLASSIFIER_VERSION  # noqa: E402

GOLD = HERE / "themes" / "gold.jsonl"
#: The gold files scored by default, with the split each file's items are reported under
#: (None: the split written in the file).
GOLD_FILES = ((GOLD, None), (GOLD.with_name("gold-heldout2.jsonl"), "heldout2"),
              (GOLD.with_name("gold-heldout3.jsonl"), "heldout3"),
              (GOLD.with_name("gold-heldout4.jsonl"), "heldout4"),
              (GOLD.with_name("gold-heldout5.jsonl"), "heldout5"),
              (GOLD.with_name("gold-heldout6.jsonl"), "heldout6"),
              (GOLD.with_name("train.jsonl"), "train"),
              (GOLD.with_name("gold-heldout7.jsonl"), "heldout7"))
SPLITS = ("tune", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "train", "heldout6", "heldout7")
#: the classifiers ``--backend`` can score (``product``: what the pipeline tags with)
BACKENDS = ("product", "learned", "rules", "semantic", "hybrid")
#: Splits the product was chosen on: the 1.6 rules' pool (heldout3 joined it with 1.4, heldout4
#: with 1.5, heldout5 with 1.6), and ``train``, which only the learned model was fitted on.
#: ``heldout6`` and ``heldout7`` are held out from both.
TUNING = frozenset({"tune", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "train"})


def load_gold(path: Path = GOLD) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_all_gold() -> list[dict]:
    """Every item of the default gold files, ``split`` set as in :data:`GOLD_FILES`."""
    return [dict(i, split=split or i["split"]) for path, split in GOLD_FILES for i in load_gold(path)]


def in_split(item: dict, split: str) -> bool:
    return split == "all" or item["split"] == split or (split == "tuning" and item["split"] in TUNING)


def evaluate(items: list[dict], predictions: list[set[str]]) -> dict:
    tp, fp, fn = Counter(), Counter(), Counter()
    exact = 0
    for item, pred in zip(items, predictions):
        gold = set(item["themes"])
        exact += gold == pred
        for s in pred & gold:
            tp[s] += 1
        for s in pred - gold:
            fp[s] += 1
        for s in gold - pred:
            fn[s] += 1
    per = {}
    for s in sorted(set(tp) | set(fp) | set(fn)):
        p = tp[s] / (tp[s] + fp[s]) if tp[s] + fp[s] else 0.0
        r = tp[s] / (tp[s] + fn[s]) if tp[s] + fn[s] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        per[s] = dict(p=p, r=r, f1=f, support=tp[s] + fn[s], tp=tp[s], fp=fp[s], fn=fn[s])
    TP, FP, FN = sum(tp.values()), sum(fp.values()), sum(fn.values())
    mp = TP / (TP + FP) if TP + FP else 0.0
    mr = TP / (TP + FN) if TP + FN else 0.0
    micro = 2 * mp * mr / (mp + mr) if mp + mr else 0.0
    supported = [v["f1"] for v in per.values() if v["support"]]
    macro = sum(supported) / len(supported) if supported else 0.0
    return dict(per=per, micro_p=mp, micro_r=mr, micro_f1=micro, macro_f1=macro,
                exact=exact / len(items) if items else 0.0, n=len(items))


def _one_at_a_time(backend: str):
    """The classify function (text, category, addressee) of a backend that tags one finding at a
    time, or None (the semantic backends tag a batch)."""
    if backend == "product":
        from ofsted_kg.themes.enrich import classify as product

        return product
    if backend == "learned":
        from ofsted_kg.themes.learned import classify as learned

        return learned
    return classify if backend == "rules" else None


def run(items: list[dict], backend: str = "rules") -> tuple[list[set[str]], float]:
    load_scheme()
    tag = _one_at_a_time(backend)
    if tag is not None:
        tag("warm-up")  # (loads the models)
        t0 = time.perf_counter()
        preds = [{t.slug for t in tag(i["text"], i.get("category"), addressee=i.get("addressee"))} for i in items]
        return preds, time.perf_counter() - t0
    from ofsted_kg.themes import semantic as themes_semantic

    themes_semantic.classify_many(["warm-up"], backend)  # loads the model, embeds the scheme
    t0 = time.perf_counter()
    tags = themes_semantic.classify_many([i["text"] for i in items], backend)
    return [{t.slug for t in ts} for ts in tags], time.perf_counter() - t0


def summary_line(label: str, r: dict, width: int = 18) -> str:
    """One line of an ``evaluate`` result: n, micro P/R/F1, macro F1, exact-set share."""
    return (f"  {label:{width}} n={r['n']:4d}  micro P={r['micro_p']:.3f} R={r['micro_r']:.3f} "
            f"F1={r['micro_f1']:.3f}  macro F1={r['macro_f1']:.3f}  exact-set={r['exact']:.3f}")


def _splits(items: list[dict]) -> list[str]:
    """The summary rows: all, the tuning pool (when more than one of its splits is present),
    then each split present, in :data:`SPLITS` order."""
    present = {i["split"] for i in items}
    rows = ["all"] + (["tuning"] if len(present & TUNING) > 1 else [])
    return rows + [s for s in SPLITS if s in present]


def _score(items: list[dict], preds: list[set[str]], split: str) -> dict:
    sub = [(i, p) for i, p in zip(items, preds) if in_split(i, split)]
    return evaluate([i for i, _ in sub], [p for _, p in sub])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=None, help="score this one file (default: all five)")
    ap.add_argument("--split", choices=("all", "tuning") + SPLITS, default="all",
                    help="split for the per-theme table (summary lines cover all splits)")
    ap.add_argument("--errors", action="store_true", help="list items where prediction != gold")
    ap.add_argument("--backend", choices=BACKENDS + ("all",), default="product",
                    help="classifier to score: product (the rules, the learned model and the encoder, blended), "
                         "learned (the rules, then the learned model alone), rules (the rules alone), semantic, "
                         "hybrid; all: product in detail, then all five compared")
    args = ap.parse_args(argv)

    items = load_gold(args.gold) if args.gold else load_all_gold()
    backend = "product" if args.backend == "all" else args.backend
    preds, secs = run(items, backend)
    scheme = load_scheme()
    version = CLASSIFIER_VERSION
    if backend in ("learned", "product"):
        from ofsted_kg.themes.encoder import ENCODER_VERSION
        from ofsted_kg.themes.learned import load_model

        version = f"{CLASSIFIER_VERSION} + {load_model().version}" + (
            f" + {ENCODER_VERSION}" if backend == "product" else "")
    elif backend != "rules":
        from ofsted_kg.themes import semantic as themes_semantic

        version = {"semantic": themes_semantic.SEMANTIC_VERSION,
                   "hybrid": themes_semantic.HYBRID_VERSION}[backend]
    gold_name = args.gold.name if args.gold else ", ".join(p.name for p, _ in GOLD_FILES)
    print(f"classifier {version}, scheme {scheme.version}, gold {gold_name}: {len(items)} items")
    sel = [(i, p) for i, p in zip(items, preds) if in_split(i, args.split)]
    res = evaluate([i for i, _ in sel], [p for _, p in sel])
    print(f"\nper theme ({args.split}):")
    print(f"{'theme':28} {'P':>6} {'R':>6} {'F1':>6} {'supp':>5} {'tp':>4} {'fp':>4} {'fn':>4}")
    for s, v in res["per"].items():
        print(f"{s:28} {v['p']:6.2f} {v['r']:6.2f} {v['f1']:6.2f} {v['support']:5d} "
              f"{v['tp']:4d} {v['fp']:4d} {v['fn']:4d}")
    print("\nsummary:")
    for split in _splits(items):
        print(summary_line(split, _score(items, preds, split)))
    print(f"\nspeed: {len(items) / secs:,.0f} items/s ({secs * 1000:.1f} ms for {len(items)})")
    if args.backend == "all":
        print("\nbackends compared (same items):")
        for b in BACKENDS:
            bp, bs = (preds, secs) if b == "product" else run(items, b)
            for split in _splits(items):
                print(summary_line(f"{b} {split}", _score(items, bp, split)))
            print(f"  {b:18} {len(items) / bs:,.0f} items/s")
    if args.errors:
        print("\nerrors:")
        for i, p in sel:
            if set(i["themes"]) != p:
                print(f"  {i['id']} gold={sorted(i['themes'])} pred={sorted(p)}")
                print(f"    {i['text'][:200]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
