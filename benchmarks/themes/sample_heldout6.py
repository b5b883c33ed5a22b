"""Draw the unlabelled items of ``gold-heldout6.jsonl`` from the bundled report PDFs: the rule of
``sample_heldout4.py`` (README.md, section "The fresh held-out set 4") with another residue,
paragraphs N with **N mod 13 = 10** (heldout3 took 0, heldout4 7, heldout5 3), and the items of
every older gold file (heldout4's and heldout5's included) left out. Prints one JSON object a
line, ``themes`` empty: the labels were then given by hand, blind (the classifier is never run
here).

    PYTHONPATH=src python benchmarks/themes/sample_heldout6.py > /tmp/heldout6-unlabelled.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_heldout4 import GOLD_FILES, sample  # noqa: E402

RESIDUE = 10


def main() -> int:
    sample(RESIDUE, "heldout6", "G", GOLD_FILES + ("gold-heldout4.jsonl", "gold-heldout5.jsonl"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
