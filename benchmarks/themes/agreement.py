"""How far two labellers agree on the themes of the same findings, and where the classifier
stands against each: the ceiling a gold set of one labeller puts on any classifier's score.

    PYTHONPATH=src python benchmarks/themes/agreement.py [--gold FILE] [--second FILE]

``--gold`` (default ``gold-heldout6.jsonl``) holds the first labeller's themes; ``--second``
(default ``second-heldout6.jsonl``) the second labeller's for the same ids, given blind: from the
texts, the scope notes and the labelling guideline only, without the first labels or the
classifier's output. Printed, with the micro and macro F1 of ``bench_themes.evaluate``:

* labeller B scored against labeller A (micro F1 is symmetric: A against B swaps P and R);
* the product's classifier (the rules, then the learned model) and the rules alone, against A and
  against B;
* per theme, the two labellers' agreement (F1 of B against A) beside the product's (against A).

Exit status 0: it reports.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent.parent / "src"))

from bench_themes import evaluate, load_gold, run, summary_line  # noqa: E402


def load_second(path: Path) -> dict[str, set[str]]:
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return {r["id"]: set(r["themes"]) for r in rows}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=HERE / "gold-heldout6.jsonl")
    ap.add_argument("--second", type=Path, default=HERE / "second-heldout6.jsonl")
    args = ap.parse_args(argv)
    first = load_gold(args.gold)
    second = load_second(args.second)
    missing = [i["id"] for i in first if i["id"] not in second]
    if missing:
        print(f"the second labels lack {len(missing)} id(s): {', '.join(missing[:10])}", file=sys.stderr)
        return 2
    b_labels = [second[i["id"]] for i in first]
    as_b = [dict(i, themes=sorted(second[i["id"]])) for i in first]
    rules, _ = run(first, "rules")
    product, _ = run(first, "learned")
    b_vs_a = evaluate(first, b_labels)
    print(f"{args.gold.name} (labeller A) and {args.second.name} (labeller B), {len(first)} findings")
    print(summary_line("labeller B against A", b_vs_a, 28))
    for label, preds in (("rules + model", product), ("rules alone", rules)):
        print(summary_line(f"{label} against A", evaluate(first, preds), 28))
        print(summary_line(f"{label} against B", evaluate(as_b, preds), 28))
    product_vs_a = evaluate(first, product)
    print("\nper theme (support in A >= 5): F1 of B against A | rules + model against A")
    for slug, row in sorted(b_vs_a["per"].items(), key=lambda kv: kv[1]["f1"]):
        if row["support"] < 5:
            continue
        print(f"  {slug:28} {row['f1']:.2f} | {product_vs_a['per'].get(slug, {'f1': 0.0})['f1']:.2f}"
              f"   (support A {row['support']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
