"""``ofsted-kg validate [--store DIR] [--report FILE]``: check the stored graph against the SHACL shapes."""

from __future__ import annotations

import argparse
import sys

from . import EXIT_FAILURES, EXIT_OK
from ._store import add_store_option, open_store

NAME = "validate"
HELP = "Validate the store's union graph against shapes/; exit 0 conforms, 1 does not, 2 error."


def configure(parser: argparse.ArgumentParser) -> None:
    add_store_option(parser)
    parser.add_argument("--report", metavar="FILE", help="also write the SHACL validation report graph (Turtle)")


def run(args: argparse.Namespace) -> int:
    from ..export import write_triples
    from ..validate.shacl import validate

    with open_store(args.store) as store:
        result = validate(store.union_graph())
    text = result.text if result.text.endswith("\n") else result.text + "\n"
    sys.stdout.write(text)
    if args.report:
        write_triples(result.report_graph, args.report)
    return EXIT_OK if result.conforms else EXIT_FAILURES
