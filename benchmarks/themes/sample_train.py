"""Draw the unlabelled items of the learned model's training set and of the fresh held-out set 7
from the bundled report PDFs, by the rule of ``sample_heldout4.py`` (README.md, section "The fresh
held-out set 4") with the residues no earlier set took: paragraphs N with **N mod 13 = 5** make
``heldout7`` (ids ``K###``), those with N mod 13 in {1, 2, 4, 6, 8, 9, 11, 12} make ``train``
(ids ``T####``); ``train2`` (ids ``U####``) is the text after each ``train`` item in its
paragraph (the next sentence, or two when it is short), and ``train3`` (ids ``V####``) the text
after that; ``train4`` (ids ``W####``) and ``train7`` (ids ``Z####``) go on to the fourth and
fifth text of the same paragraphs. ``train5``, ``train6`` and ``train8`` (ids ``X####``,
``Y####``, ``Q####``) take the second, third and fourth text of the paragraphs of the older
tuning sets (N mod 13 in {0, 3, 7}: ``heldout3``, ``heldout5``, ``heldout4``, whose first
sentences are training data too). The held-out residues (5 and 10, ``heldout7`` and
``heldout6``) are never drawn for training. Items of every older gold file, and items already
drawn here, are left out; ``train.jsonl`` holds every ``train*`` split.
Prints one JSON object a line, ``themes`` empty: the labels were then given blind, from the
texts, the scope notes and the labelling guideline (README.md), by labellers who saw neither
the classifier's output nor any other label.

    PYTHONPATH=src python benchmarks/themes/sample_train.py heldout7 > /tmp/heldout7-unlabelled.jsonl
    PYTHONPATH=src python benchmarks/themes/sample_train.py train > /tmp/train-unlabelled.jsonl
    PYTHONPATH=src python benchmarks/themes/sample_train.py train2 >> /tmp/train-unlabelled.jsonl
    PYTHONPATH=src python benchmarks/themes/sample_train.py train3 >> /tmp/train-unlabelled.jsonl
    ... and so on to train8

(``train2`` to ``train8`` read ``train.jsonl`` to leave earlier items out, so each is drawn after
the one before it is labelled.)
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_heldout4 import GOLD_FILES, sample  # noqa: E402

OLDER = GOLD_FILES + ("gold-heldout4.jsonl", "gold-heldout5.jsonl", "gold-heldout6.jsonl")
HELDOUT7 = 5
TRAIN = (1, 2, 4, 6, 8, 9, 11, 12)
#: the residues of the older tuning sets (heldout3, heldout5, heldout4), whose first sentences are
#: training data too: their later sentences may be drawn for training (``train5``, ``train6``, ``train8``)
TUNED = (0, 3, 7)
#: the later-sentence splits: name -> (rank of the text in its paragraph, id prefix, residues)
LATER = {"train2": (2, "U", TRAIN), "train3": (3, "V", TRAIN), "train4": (4, "W", TRAIN),
         "train5": (2, "X", TUNED), "train6": (3, "Y", TUNED), "train7": (5, "Z", TRAIN),
         "train8": (4, "Q", TUNED)}


def drawn(residue: int, split: str, prefix: str) -> list[dict]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        sample(residue, split, prefix, OLDER)
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


def second_items(rank: int = 2, prefix: str = "U", residues: tuple[int, ...] = TRAIN) -> list[dict]:
    """``train2`` (ids ``U####``): of the same paragraphs as ``train``, the text after the sampled
    item, by the same rule (its first sentence, or two when the first is short); items of every
    other set left out. ``rank`` 3 (``train3``, ids ``V####``): the text after that, and so on;
    ``residues`` picks the paragraphs (N mod 13)."""
    from sample_heldout4 import ROOT, _key, body_text, item_text, paragraphs

    seen = {_key(i["text"]) for i in drawn(HELDOUT7, "heldout7", "K")}
    here = Path(__file__).resolve().parent
    older = [json.loads(line) for name in OLDER + ("train.jsonl",)
             for line in (here / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    # (of train.jsonl not the items of this rank: it holds them too once they are labelled)
    seen |= {_key(i["text"]) for i in older if not i["id"].startswith(prefix)}
    items = []
    for pdf in sorted((ROOT / "data" / "reports").rglob("*.pdf")):
        for number, para in paragraphs(body_text(pdf)):
            if number % 13 not in residues or "(recommendation)" in para.lower():
                continue
            text, rest = "", para
            for _ in range(rank):
                text = item_text(rest)
                rest = rest[len(text):].strip() if rest.startswith(text) else ""
            key = _key(text)
            if len(text.split()) < 6 or key in seen:
                continue
            seen.add(key)
            items.append({"id": f"{prefix}{len(items):04d}", "source": str(pdf.relative_to(ROOT)), "split": "train",
                          "category": "narrative", "addressee": None, "paragraph": number, "text": text,
                          "themes": []})
    return items


def main(argv: list[str]) -> int:
    which = argv[1] if len(argv) > 1 else "train"
    if which == "heldout7":
        items = drawn(HELDOUT7, "heldout7", "K")
    elif which == "train":
        # (the held-out items are left out of the training set, even where another paragraph repeats one)
        seen, items = {" ".join(i["text"].lower().split()) for i in drawn(HELDOUT7, "heldout7", "K")}, []
        for residue in TRAIN:
            for item in drawn(residue, "train", "x"):
                key = " ".join(item["text"].lower().split())
                if key not in seen:
                    seen.add(key)
                    items.append(dict(item, id=f"T{len(items):04d}"))
    elif which in LATER:
        items = second_items(*LATER[which])
    else:
        print(f"usage: sample_train.py {'|'.join(('heldout7', 'train', *LATER))}", file=sys.stderr)
        return 2
    for item in items:
        print(json.dumps(item, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
