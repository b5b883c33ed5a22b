"""Experiment (not in the product): would a learned classifier beside the rules lift theme F1?

    pip install scikit-learn
    PYTHONPATH=src python benchmarks/themes/learned_fallback.py

One-vs-rest logistic regression on TF-IDF word unigrams and bigrams (sublinear tf, terms in
at least 2 items, balanced classes, C=4), trained on the tuning pool; its themes at or above
``--threshold`` are added to the rules' themes (the union). The threshold is chosen by 5-fold
cross-validation on the pool (printed first); then the one evaluation on ``heldout6``, which
neither the rules nor this model were tuned on. Results in ``README.md`` beside this file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench_themes import TUNING, evaluate, load_all_gold, run, summary_line  # noqa: E402


def fitted_probabilities(train: list[dict], test: list[dict], themes: list[str]):
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectoriser = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    x_train = vectoriser.fit_transform([i["text"] for i in train])
    x_test = vectoriser.transform([i["text"] for i in test])
    probabilities = np.zeros((len(test), len(themes)))
    for j, theme in enumerate(themes):
        y = np.array([theme in i["themes"] for i in train])
        if y.sum() >= 3:
            model = LogisticRegression(C=4, class_weight="balanced", max_iter=2000).fit(x_train, y)
            probabilities[:, j] = model.predict_proba(x_test)[:, 1]
    return probabilities


def union(rules: list[set[str]], probabilities, themes: list[str], threshold: float) -> list[set[str]]:
    return [found | {t for t, p in zip(themes, row) if p >= threshold} for found, row in zip(rules, probabilities)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heldout", default="heldout6", help="the split scored once (default: heldout6)")
    args = parser.parse_args()
    import numpy as np
    from sklearn.model_selection import KFold

    gold = load_all_gold()
    # the pool as it was then: the 1.6 rules' tuning splits (not ``train`` or ``heldout7``, added later)
    pool = [i for i in gold if i["split"] in TUNING - {"train"} and i["split"] != args.heldout]
    test = [i for i in gold if i["split"] == args.heldout]
    themes = sorted({t for i in pool for t in i["themes"]})
    rules_pool, _ = run(pool)
    probabilities = np.zeros((len(pool), len(themes)))
    for train, held in KFold(5, shuffle=True, random_state=0).split(pool):
        probabilities[held] = fitted_probabilities([pool[i] for i in train], [pool[i] for i in held], themes)
    print(f"tuning pool ({len(pool)} items), 5-fold CV: rules {evaluate(pool, rules_pool)['micro_f1']:.3f}")
    scores = {t: evaluate(pool, union(rules_pool, probabilities, themes, t))["micro_f1"]
              for t in (0.5, 0.6, 0.7, 0.8, 0.9)}
    best = max(scores, key=scores.get)
    for threshold, f1 in scores.items():
        print(f"  rules + model at {threshold}: {f1:.3f}" + ("  (chosen)" if threshold == best else ""))
    rules_test, _ = run(test)
    combined = union(rules_test, fitted_probabilities(pool, test, themes), themes, best)
    for label, predictions in (("rules", rules_test), (f"rules + model at {best}", combined)):
        print(summary_line(f"{args.heldout}, {label}", evaluate(test, predictions), 32))
    return 0


if __name__ == "__main__":
    sys.exit(main())
