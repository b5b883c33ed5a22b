"""``ofsted-kg query NAME|FILE.rq|- [--param k=v ...] [--format table|csv|tsv|json] [--store DIR]``."""

from __future__ import annotations

import argparse
import sys

from . import EXIT_OK
from ._store import add_store_option, open_store

NAME = "query"
HELP = "Run a stored query by name, a .rq file, or '-' (standard input) against the store."


def configure(parser: argparse.ArgumentParser) -> None:
    from ..query.catalogue import FORMATS

    parser.add_argument("query", metavar="NAME|FILE.rq|-",
                        help="stored query name (see `ofsted-kg queries`), file, or -")
    parser.add_argument("--param", "-p", action="append", metavar="NAME=VALUE", default=[],
                        help="bind ?NAME (IRIs: <…>, http…, prefix:local; numbers, dates, "
                             "true/false typed; \"…\" text)")
    parser.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format (default: table)")
    add_store_option(parser)


def run(args: argparse.Namespace) -> int:
    from ..query.catalogue import find_query, parse_params, render, run_query

    query = find_query(args.query)
    params = parse_params(args.param)
    with open_store(args.store) as store:
        table = run_query(store, query, params)
        base = store.base
    sys.stdout.write(render(table, args.format, base))
    return EXIT_OK
