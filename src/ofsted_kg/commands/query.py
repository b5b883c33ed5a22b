"""``ofsted-kg query NAME|FILE.rq|- [--param k=v ...] [--format …] [--timeout S] [--max-rows N] [--memory]
[--store DIR]``."""

from __future__ import annotations

import argparse
import sys

from . import EXIT_OK
from ._store import add_store_option, open_store, store_path

NAME = "query"
HELP = "Run a stored query by name, a .rq file, or '-' (standard input) against the store."


def configure(parser: argparse.ArgumentParser) -> None:
    from ..query.catalogue import FORMATS
    from ..query.runner import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT

    parser.add_argument("query", metavar="NAME|FILE.rq|-",
                        help="stored query name (see `ofsted-kg queries`), file, or -")
    parser.add_argument("--param", "-p", action="append", metavar="NAME=VALUE", default=[],
                        help="bind ?NAME (IRIs: <…>, http…, prefix:local; numbers, dates, "
                             "true/false typed; \"…\" text); authority, theme and inspector also by "
                             "name, slug, code or kind:slug")
    parser.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format (default: table)")
    add_limit_options(parser, DEFAULT_TIMEOUT, DEFAULT_MAX_ROWS)
    add_memory_option(parser)
    add_store_option(parser)


def add_memory_option(parser: argparse.ArgumentParser) -> None:
    """``--memory`` (shared with ``serve``)."""
    parser.add_argument("--memory", action="store_true",
                        help="load the store into memory first: queries run 3-4x faster, loading takes seconds "
                             "(about 8 s and 0.5 GB for 1,000 documents; per worker for serve)")


def add_limit_options(parser: argparse.ArgumentParser, timeout: float, max_rows: int) -> None:
    """``--timeout`` and ``--max-rows`` (shared with ``serve``)."""
    parser.add_argument("--timeout", type=float, default=timeout, metavar="SECONDS",
                        help=f"stop a query after this many seconds (default: {timeout:g}; 0: no limit)")
    parser.add_argument("--max-rows", type=int, default=max_rows, metavar="N",
                        help=f"return at most N rows, saying so when more were left (default: {max_rows:,}; 0: no cap)")


def run(args: argparse.Namespace) -> int:
    from ..query.catalogue import find_query, parse_params, render, run_limited, truncation_notice
    from ..query.resolve import resolve_params
    from ..query.runner import Limits, QueryRunner

    limits = Limits.from_options(args.timeout, args.max_rows)
    query = find_query(args.query)
    params = parse_params(args.param)
    with open_store(args.store) as store:
        base = store.base
        declared = {p.name for p in query.params}
        params.update(resolve_params(store, {k: v for k, v in params.items() if k in declared}))
    with QueryRunner(store_path(args.store), limits=limits, memory=args.memory) as runner:
        table = run_limited(runner, query, params)
    sys.stdout.write(render(table, args.format, base))
    notice = truncation_notice(table, limits)
    if notice:
        print(f"ofsted-kg: {notice}", file=sys.stderr)
    return EXIT_OK
