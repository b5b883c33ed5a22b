"""Parse rate of a folder of PDFs: parsed, rejected (by reason), warned, and the slowest documents.

    PYTHONPATH=src python benchmarks/bench_corpus.py data/reports [MORE_FOLDERS_OR_FILES ...]
    PYTHONPATH=src python benchmarks/bench_corpus.py ~/Downloads/ofsted --slowest 10 --json

Each document is read and parsed exactly as ``ofsted-kg parse`` does. Times are given as
ratios against the bare text extraction of the same document in the same run (reading
the PDF with pypdfium2), so they compare across machines. Rejections are grouped by the
stage and the kind of reason (the text before the first ":" or "("), with one example each.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ofsted_kg.errors import OfstedKGError
from ofsted_kg.parse import parse_source
from ofsted_kg.read import iter_paths, read_document


@dataclass
class Tally:
    parsed: int = 0
    warned: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)
    frameworks: Counter[str] = field(default_factory=Counter)
    warnings: Counter[str] = field(default_factory=Counter)
    timings: list[tuple[float, float, str]] = field(default_factory=list)  # (parse s, read s, path)

    @property
    def total(self) -> int:
        return self.parsed + sum(self.rejected.values())


def reason_kind(stage: str, reason: str) -> str:
    """A rejection grouped by the kind of its reason (the words before its details)."""
    head = re.split(r"[:(]", reason, maxsplit=1)[0].strip()
    return f"{stage}: {head}"


def warning_kind(warning: str) -> str:
    return re.sub(r"'[^']*'|\"[^\"]*\"|\d[\d-]*", "…", warning)[:80]


def run(paths: list[str]) -> Tally:
    tally = Tally()
    for path in iter_paths(paths):
        label = str(path)
        began = time.perf_counter()
        try:
            source = read_document(path)
            read_done = time.perf_counter()
            doc = parse_source(source)
        except OfstedKGError as err:
            kind = reason_kind(err.stage, err.reason)
            tally.rejected[kind] += 1
            tally.examples.setdefault(kind, f"{label}: {err.reason}")
            continue
        done = time.perf_counter()
        tally.parsed += 1
        tally.frameworks[doc.framework or doc.kind] += 1
        if doc.warnings:
            tally.warned += 1
            tally.warnings.update(warning_kind(w) for w in doc.warnings)
        tally.timings.append((done - read_done, read_done - began, label))
    return tally


def report(tally: Tally, slowest: int) -> dict:
    rate = tally.parsed / tally.total if tally.total else 0.0
    ordered = sorted(tally.timings, reverse=True)
    return {
        "documents": tally.total,
        "parsed": tally.parsed,
        "parse_rate": round(rate, 4),
        "warned": tally.warned,
        "frameworks": dict(sorted(tally.frameworks.items())),
        "rejected": {
            k: {"count": n, "example": tally.examples[k]} for k, n in tally.rejected.most_common()
        },
        "warnings": dict(tally.warnings.most_common()),
        "slowest": [
            {"path": path, "parse_s": round(p, 4), "parse_vs_read": round(p / r, 2) if r else None}
            for p, r, path in ordered[:slowest]
        ],
        "parse_vs_read_total": round(
            sum(p for p, _, _ in ordered) / max(1e-9, sum(r for _, r, _ in ordered)), 3
        ),
    }


def print_report(summary: dict) -> None:
    print(
        f"documents {summary['documents']}: parsed {summary['parsed']} "
        f"({summary['parse_rate']:.1%}), rejected {summary['documents'] - summary['parsed']}, "
        f"warned {summary['warned']}"
    )
    print("frameworks: " + ", ".join(f"{k} {v}" for k, v in summary["frameworks"].items()))
    if summary["rejected"]:
        print("rejected, by reason:")
        for kind, info in summary["rejected"].items():
            print(f"  {info['count']:4d}  {kind}\n        e.g. {info['example']}")
    if summary["warnings"]:
        print("warnings, by kind:")
        for kind, count in summary["warnings"].items():
            print(f"  {count:4d}  {kind}")
    print(f"parse time / read time, all parsed documents: {summary['parse_vs_read_total']}×")
    print("slowest to parse (parse time / read time of the same document):")
    for row in summary["slowest"]:
        print(f"  {row['parse_s']:.3f} s  {row['parse_vs_read']}×  {row['path']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="folders or files of reports")
    parser.add_argument("--slowest", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        print(f"not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    summary = report(run(args.paths), args.slowest)
    if args.json:
        print(json.dumps(summary, indent=1))
    else:
        print_report(summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
