"""``ofsted-kg build [SOURCES...] [--out DIR] [--base URI] [--quiet]``: build the knowledge graph."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..uris import DEFAULT_BASE, check_base

NAME = "build"
HELP = ("Parse, convert, load (only changed documents), infer and validate; write DIR/store, graph.ttl, "
        "void.ttl, validation-report.ttl, validation.txt, summary.json, records.jsonl (run.json: timings).")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sources", nargs="*", metavar="SOURCE",
                        help="files or folders (default: the bundled data/letters and data/reports)")
    parser.add_argument("--out", metavar="DIR", default="out", help="output folder (default: out/)")
    parser.add_argument("--base", metavar="URI", default=DEFAULT_BASE, help=f"base URI (default: {DEFAULT_BASE})")
    parser.add_argument("--manifest", metavar="FILE", action="append", default=[],
                        help="CSV of file, source_url, publication_date (repeatable; MANIFEST.csv beside or "
                             "above the sources is found without it)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no closing summary")


def run(args: argparse.Namespace) -> int:
    from ..build import run_build

    check_base(args.base)
    result = run_build(args.sources or None, Path(args.out), base=args.base, quiet=args.quiet,
                       manifests=args.manifest)
    if not args.quiet:
        changes = ", ".join(f"{n} {what}" for what, n in sorted(result.changes.items()) if n) or "no changes"
        verdict = "conforms" if result.conforms else "does NOT conform (see validation.txt)"
        print(f"{len(result.documents)} documents, {len(result.failures)} failed; store: {changes}; "
              f"{result.triples} triples in {result.graphs} graphs; graph {verdict}; output in {args.out}/",
              file=sys.stderr)
    return result.exit_code
