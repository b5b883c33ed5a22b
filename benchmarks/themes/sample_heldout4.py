"""Draw the unlabelled items of ``gold-heldout4.jsonl`` from the bundled report PDFs (the rule is
in ``README.md``, section "The fresh held-out set 4"). Prints one JSON object a line, ``themes``
empty: the labels were then given by hand, blind (the classifier is never run here).

    PYTHONPATH=src python benchmarks/themes/sample_heldout4.py > /tmp/heldout4-unlabelled.jsonl
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ofsted_kg.parse.pipeline import parse_path  # noqa: E402
from ofsted_kg.read.documents import read_document  # noqa: E402

#: Numbered paragraphs N with N % MODULUS == RESIDUE are sampled (heldout3 took residue 0).
MODULUS, RESIDUE = 13, 7
MIN_WORDS = 12
GOLD_FILES = ("gold.jsonl", "gold-heldout2.jsonl", "gold-heldout3.jsonl")

_PARA = re.compile(r"(?m)^\s*(\d{1,3})\.\s*(?=[A-Z\u201c\"'(])")
_SENTENCE = re.compile(r"(?<=[.!?])[\u201d\"')]?\s+(?=[A-Z\u201c\"'(])")


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip())


def body_text(path: Path) -> str:
    """The document's text with running headers and footers (a page's first or last lines whose
    shape, digits aside, recurs on at least three pages) removed."""
    pages = [p.splitlines() for p in read_document(path).pages]
    edges = Counter(_shape(ln) for lines in pages for ln in set(lines[:2] + lines[-2:]) if ln.strip())
    running = {s for s, n in edges.items() if n >= 3}
    kept = []
    for lines in pages:
        while lines and (not lines[0].strip() or _shape(lines[0]) in running):
            lines = lines[1:]
        while lines and (not lines[-1].strip() or _shape(lines[-1]) in running):
            lines = lines[:-1]
        kept.extend(lines)
    return "\n".join(kept)


def paragraphs(text: str) -> list[tuple[int, str]]:
    marks = list(_PARA.finditer(text))
    out = []
    for m, nxt in zip(marks, marks[1:] + [None]):
        body = text[m.end(): nxt.start() if nxt else len(text)]
        out.append((int(m.group(1)), " ".join(body.replace("\ufffe", "").split())))
    return out


def item_text(paragraph: str) -> str:
    """The paragraph's first sentence, or its first two when the first has fewer than MIN_WORDS words."""
    sentences = _SENTENCE.split(paragraph)
    text = sentences[0]
    if len(text.split()) < MIN_WORDS and len(sentences) > 1:
        text += " " + sentences[1]
    return text.strip()


def sample(residue: int, split: str, prefix: str, gold_files: tuple[str, ...]) -> int:
    """Print the items of paragraphs N with N % MODULUS == ``residue`` that are in none of
    ``gold_files`` nor among the parsed findings; ids ``prefix###``. Returns the number printed."""
    older = [_key(json.loads(ln)["text"]) for f in gold_files
             for ln in (HERE / f).read_text(encoding="utf-8").splitlines() if ln.strip()]
    n = 0
    for pdf in sorted((ROOT / "data" / "reports").rglob("*.pdf")):
        source = str(pdf.relative_to(ROOT))
        findings = [_key(f.text) for f in parse_path(pdf).findings]
        seen = set()
        for number, para in paragraphs(body_text(pdf)):
            if number % MODULUS != residue or "(recommendation)" in para.lower():
                continue
            text = item_text(para)
            k = _key(text)
            head = k[:60]
            if not text or k in seen or any(head in o or o[:60] in k for o in older + findings):
                continue
            seen.add(k)
            print(json.dumps({"id": f"{prefix}{n:03d}", "source": source, "split": split,
                              "category": "narrative", "addressee": None, "paragraph": number,
                              "text": text, "themes": []}, ensure_ascii=False))
            n += 1
    return n


def main() -> int:
    sample(RESIDUE, "heldout4", "H", GOLD_FILES)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
