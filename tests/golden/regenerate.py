"""Regenerate golden parse records.

Usage (from the worktree root)::

    python tests/golden/regenerate.py letters

writes ``tests/golden/letters/<name>.json`` for every ``data/letters/*.txt``:
the ``ParsedDocument.to_json()`` record with ``source`` given as the relative
path ``data/letters/<file>``.

Goldens are the *hand-verified* expected output. Regenerating only helps to
write a new golden or to see a diff (``git diff tests/golden``); every changed
field must be checked against the letter itself before it is committed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from ofsted_kg.parse.letters.parser import parse  # noqa: E402
from ofsted_kg.read.documents import read_document  # noqa: E402


def golden_record(path: Path) -> dict:
    """The record for one bundled letter, with its source as a relative path."""
    relative = path.resolve().relative_to(ROOT).as_posix()
    record = parse(read_document(path)).to_json()
    record["source"] = relative
    return record


def regenerate_letters() -> list[Path]:
    out_dir = ROOT / "tests" / "golden" / "letters"
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted((ROOT / "data" / "letters").glob("*.txt")):
        target = out_dir / f"{path.stem}.json"
        text = json.dumps(golden_record(path), indent=2, ensure_ascii=False) + "\n"
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def main(argv: list[str]) -> int:
    if argv != ["letters"]:
        print(__doc__, file=sys.stderr)
        return 2
    for target in regenerate_letters():
        print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
