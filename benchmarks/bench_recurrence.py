"""Benchmark the recurrence pairing model against the hand-labelled pairs.

    PYTHONPATH=src python benchmarks/bench_recurrence.py [--pairs benchmarks/recurrence/pairs.jsonl]
        [--backend lexical|semantic|all] [--grid] [--errors]

A pair is a true link when it is labelled ``same`` and both findings are addressed to the same
body (council or safeguarding board). Prints, for the tuning and held-out splits, precision and
recall at the default threshold (``ofsted_kg.infer.pairing.THRESHOLD``), the same with ``related``
counted as correct (lenient precision), the threshold that reaches precision >= 0.8 on tuning,
and the old method (``ofsted-kg-recurrence/1.0``: shared theme, cosine of content words) as
the baseline. ``--grid`` searches the weights on the tuning split; ``--backend semantic`` needs
the ``semantic`` extra (sentence embeddings, all-MiniLM-L6-v2). Exit status 0.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from datetime import date  # noqa: E402

from ofsted_kg.errors import OfstedKGError  # noqa: E402
from ofsted_kg.parse import parse_source  # noqa: E402
from ofsted_kg.infer.pairing import THRESHOLD, WEIGHTS, PairingModel, Side, addressee_role  # noqa: E402
from ofsted_kg.read import read_document  # noqa: E402
from ofsted_kg.infer.recurrence import FindingRef, cosine, infer, tokens  # noqa: E402
from ofsted_kg.themes import classify, enrich  # noqa: E402
from ofsted_kg.uris import authority_slug  # noqa: E402

PAIRS = HERE / "recurrence" / "pairs.jsonl"
DATA = HERE.parent / "data"
TARGET_PRECISION = 0.8


def load_pairs(path: Path = PAIRS) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def is_link(pair: dict, lenient: bool = False) -> bool:
    """The gold answer: same issue (or related, when lenient), same addressee."""
    same_body = addressee_role(pair["earlier"]["addressee"]) == addressee_role(pair["later"]["addressee"])
    return same_body and (pair["label"] == "same" or lenient and pair["label"] == "related")


def side(finding: dict) -> Side:
    themes = tuple(t.slug for t in classify(finding["text"], finding["category"]))
    return Side(finding["text"], themes, finding["addressee"])


def lexical_scores(pairs: list[dict], weights=WEIGHTS) -> list[float]:
    corpus = sorted({p[k]["text"] for p in pairs for k in ("earlier", "later")})
    model = PairingModel(corpus, weights)
    out = []
    for p in pairs:
        scored = model.score(side(p["earlier"]), side(p["later"]))
        out.append(scored.score if scored else 0.0)
    return out


def bundled_rows() -> list[FindingRef]:
    """Every finding of the bundled documents, as the store gives them to the inference."""
    rows = []
    for path in sorted(DATA.rglob("*")):
        if path.suffix not in (".pdf", ".txt") or path.parent.name == "reference" or path.name == "README.md":
            continue
        try:
            doc = enrich(parse_source(read_document(path)))
        except OfstedKGError:
            continue
        start = (doc.inspection_start or doc.document_date).isoformat()
        slug = authority_slug(doc)
        for n, f in enumerate(doc.findings, start=1):
            rows.append(FindingRef(f"{slug}|{start}|{n}", f"{slug}|{start}", slug, date.fromisoformat(start),
                                   f.category, tuple(t.slug for t in f.themes), f.text, f.addressee))
    return rows


def production_scores(pairs: list[dict], floor: float = 0.0, weights=WEIGHTS, rows=None) -> list[float]:
    """The score of each pair as ``ofsted_kg.infer.recurrence.infer`` links it on the bundled data
    (0 when it does not link it: other addressee, or neither finding the other's best match)."""
    linked = {(r.earlier, r.later): r.similarity for r in infer(rows or bundled_rows(), floor, weights)}
    key = lambda p, k: f"{p['authority']}|{p[k]['inspection']}|{p[k]['position']}"  # noqa: E731
    return [linked.get((key(p, "earlier"), key(p, "later")), 0.0) for p in pairs]


def baseline_scores(pairs: list[dict]) -> list[float]:
    """ofsted-kg-recurrence/1.0: any shared theme, cosine of content words, no addressee."""
    out = []
    for p in pairs:
        earlier, later = side(p["earlier"]), side(p["later"])
        shared = set(earlier.themes) & set(later.themes)
        out.append(cosine(tokens(earlier.text), tokens(later.text)) if shared else 0.0)
    return out


def semantic_scores(pairs: list[dict]) -> list[float]:
    """Cosine of sentence embeddings, gated by addressee (needs the ``semantic`` extra)."""
    from ofsted_kg.themes.semantic import _model

    texts = sorted({p[k]["text"] for p in pairs for k in ("earlier", "later")})
    vectors = dict(zip(texts, _model().encode(texts, normalize_embeddings=True)))
    out = []
    for p in pairs:
        same_body = addressee_role(p["earlier"]["addressee"]) == addressee_role(p["later"]["addressee"])
        out.append(float(vectors[p["earlier"]["text"]] @ vectors[p["later"]["text"]]) if same_body else 0.0)
    return out


def precision_recall(pairs: list[dict], scores: list[float], threshold: float, lenient: bool = False):
    tp = fp = fn = 0
    for p, s in zip(pairs, scores):
        predicted, gold = s >= threshold, is_link(p, lenient)
        tp += predicted and gold
        fp += predicted and not gold
        fn += gold and not predicted and (not lenient or p["label"] == "same")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, tp, fp, fn


def threshold_for(pairs: list[dict], scores: list[float], target: float = TARGET_PRECISION) -> float:
    """The lowest threshold at which precision on ``pairs`` is at least ``target``."""
    for t in sorted(set(scores)):
        if t > 0 and precision_recall(pairs, scores, t)[0] >= target:
            return t
    return 1.0


def report(name: str, pairs: list[dict], scores: list[float], threshold: float) -> None:
    print(f"\n{name} (threshold {threshold:.4f})")
    print("| split | pairs | true links | precision | recall | lenient precision |")
    print("|---|---|---|---|---|---|")
    for split in ("tuning", "held-out"):
        idx = [i for i, p in enumerate(pairs) if p["split"] == split]
        sub, sc = [pairs[i] for i in idx], [scores[i] for i in idx]
        p, r, tp, fp, fn = precision_recall(sub, sc, threshold)
        lp = precision_recall(sub, sc, threshold, lenient=True)[0]
        gold = sum(is_link(x) for x in sub)
        print(f"| {split} | {len(sub)} | {gold} | {p:.3f} ({tp}/{tp + fp}) | {r:.3f} ({tp}/{gold}) | {lp:.3f} |")


def grid(pairs: list[dict]) -> None:
    rows = bundled_rows()
    tuning = [p for p in pairs if p["split"] == "tuning"]
    held = [p for p in pairs if p["split"] == "held-out"]
    results = []
    steps = [x / 10 for x in range(11)]
    for ww, wc in itertools.product(steps, steps):
        wt = round(1 - ww - wc, 2)
        if wt < 0:
            continue
        scores = production_scores(pairs, 0.0, (ww, wc, wt), rows)
        tun_scores = [s for s, p in zip(scores, pairs) if p["split"] == "tuning"]
        held_scores = [s for s, p in zip(scores, pairs) if p["split"] == "held-out"]
        t = threshold_for(tuning, tun_scores)
        p, r, *_ = precision_recall(tuning, tun_scores, t)
        hp, hr, *_ = precision_recall(held, held_scores, t)
        results.append((r, average_precision(tuning, tun_scores), p, (ww, wc, wt), t, hp, hr))
    # Chosen on tuning only: recall at precision >= 0.8, ties broken by average precision.
    for r, ap, p, w, t, hp, hr in sorted(results, reverse=True)[:12]:
        print(f"weights {w}: tuning AP {ap:.3f}, threshold {t:.4f} precision {p:.3f} recall {r:.3f}; "
              f"held-out precision {hp:.3f} recall {hr:.3f}")


def average_precision(pairs: list[dict], scores: list[float]) -> float:
    """Mean precision at each true link, ranking by score (unlinked pairs rank last)."""
    ranked = sorted(zip(scores, pairs), key=lambda x: -x[0])
    hits, total, gold = 0, 0.0, sum(is_link(p) for p in pairs)
    for i, (score, p) in enumerate(ranked, start=1):
        if score > 0 and is_link(p):
            hits += 1
            total += hits / i
    return total / gold if gold else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--backend", choices=("lexical", "semantic", "all"), default="lexical")
    parser.add_argument("--grid", action="store_true", help="search the weights on the tuning split")
    parser.add_argument("--errors", action="store_true", help="list the wrong decisions at the threshold")
    args = parser.parse_args(argv)
    pairs = load_pairs(args.pairs)
    if args.grid:
        grid(pairs)
        return 0
    labels = {lab: sum(p["label"] == lab for p in pairs) for lab in ("same", "related", "different")}
    print(f"{len(pairs)} labelled pairs: {labels}")
    tuning = [i for i, p in enumerate(pairs) if p["split"] == "tuning"]
    runs = []
    if args.backend in ("lexical", "all"):
        runs.append(("default: lexical pairing model as the build runs it", production_scores(pairs), THRESHOLD))
        runs.append(("lexical pairing model, every pair scored (no best-match rule)", lexical_scores(pairs), THRESHOLD))
    if args.backend in ("semantic", "all"):
        scores = semantic_scores(pairs)
        chosen = threshold_for([pairs[i] for i in tuning], [scores[i] for i in tuning])
        runs.append(("semantic (all-MiniLM-L6-v2 cosine)", scores, chosen))
    base = baseline_scores(pairs)
    base_t = threshold_for([pairs[i] for i in tuning], [base[i] for i in tuning])
    runs.append(("baseline ofsted-kg-recurrence/1.0", base, base_t))
    for name, scores, threshold in runs:
        tuned = threshold_for([pairs[i] for i in tuning], [scores[i] for i in tuning])
        report(name, pairs, scores, threshold)
        print(f"lowest threshold with tuning precision >= {TARGET_PRECISION}: {tuned:.4f}")
        if args.errors:
            for p, s in zip(pairs, scores):
                if (s >= threshold) != is_link(p):
                    earlier, later = p["earlier"]["text"][:90], p["later"]["text"][:90]
                    print(f"  {p['id']} {p['label']:9} {s:.3f} | {earlier} || {later}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
