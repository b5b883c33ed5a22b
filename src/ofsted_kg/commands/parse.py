"""``ofsted-kg parse PATH... [--json]``: parse documents and print their records."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from . import EXIT_FAILURES, EXIT_OK
from ..model import ParsedDocument
from ..parse.pipeline import expand, parse_paths
from ._progress import progress

NAME = "parse"
HELP = "Parse letters and reports; print a table, or one JSON record per document (--json)."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="files or folders (every document below a folder, sorted)")
    parser.add_argument("--json", action="store_true", help="print JSON Lines: the record of docs/spec/parse-json.md")


def run(args: argparse.Namespace) -> int:
    from ..themes.enrich import enrich

    paths = expand(args.paths)
    failed = 0
    rows: list[ParsedDocument] = []
    outcomes = parse_paths(paths, enrich=enrich)
    for outcome in progress(outcomes, len(paths), "Parsing", enabled=None if not args.json else False):
        if outcome.failure:
            failed += 1
            print(outcome.failure.line(), file=sys.stderr)
            continue
        assert outcome.document is not None
        if args.json:
            sys.stdout.write(json.dumps(outcome.document.to_json(), ensure_ascii=False, sort_keys=False) + "\n")
            sys.stdout.flush()
        else:
            rows.append(outcome.document)
    if not args.json:
        print_table(rows)
    return EXIT_FAILURES if failed else EXIT_OK


def print_table(documents: list[ParsedDocument]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Parsed documents", show_lines=False)
    columns = ("source", "kind", "authority", "date", "inspected", "inspector", "judgements", "findings", "warnings")
    for column in columns:
        table.add_column(column, overflow="fold")
    for doc in documents:
        counts = Counter(f.category for f in doc.findings)
        inspected = "–".join(d.isoformat() for d in (doc.inspection_start, doc.inspection_end) if d)
        table.add_row(
            doc.source,
            doc.framework or doc.kind,
            doc.authority.name or f"? {doc.authority.as_written or ''}",
            doc.document_date.isoformat() if doc.document_date else "",
            inspected,
            doc.inspector.name if doc.inspector else "",
            str(len(doc.judgements)),
            ", ".join(f"{n} {c}" for c, n in sorted(counts.items())) or "0",
            str(len(doc.warnings)),
        )
    Console(width=200).print(table)
