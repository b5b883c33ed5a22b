"""Draw the unlabelled items of ``gold-heldout5.jsonl`` from the bundled report PDFs: the rule of
``sample_heldout4.py`` (README.md, section "The fresh held-out set 4") with another residue,
paragraphs N with **N mod 13 = 3** (heldout3 took 0, heldout4 7), and the items of every older gold
file (heldout4's included) left out. Prints one JSON object a line, ``themes`` empty: the labels
were then given by hand, blind (the classifier is never run here).

    PYTHONPATH=src python benchmarks/themes/sample_heldout5.py > /tmp/heldout5-unlabelled.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_heldout4 import GOLD_FILES, sample  # noqa: E402

RESIDUE = 3


def main() -> int:
    sample(RESIDUE, "heldout5", "F", GOLD_FILES + ("gold-heldout4.jsonl",))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
