"""``ofsted-kg table latest|history [--authority NAME] [--csv FILE] [--xlsx FILE] [--store DIR]``.

``latest``: one row per authority, its latest graded inspection; ``history``: one row per
graded inspection of ``--authority`` (of every authority without it). Prints a table; ``--csv``/``--xlsx`` write files
(``--csv -`` writes CSV to standard output).
"""

from __future__ import annotations

import argparse
import shutil
import sys

from ._store import add_store_option, open_store

NAME = "table"
HELP = ("Analysts' tables: 'latest' (one row per authority: codes, region, framework, type, dates, "
        "lead inspector, every grade, report link) or 'history' of one authority; CSV and xlsx.")


def configure(parser: argparse.ArgumentParser) -> None:
    from ..query.table import TABLES

    parser.add_argument("table", choices=sorted(TABLES), help="latest: every authority's latest inspection; "
                        "history: every inspection of --authority (of every authority without it)")
    parser.add_argument("--authority", "-a", metavar="NAME",
                        help="only this authority: name, slug, GSS or DfE code, authority:slug or IRI")
    parser.add_argument("--csv", metavar="FILE", help="write CSV here ('-' for standard output)")
    parser.add_argument("--xlsx", metavar="FILE", help="write an xlsx workbook here")
    add_store_option(parser)


def run(args: argparse.Namespace) -> int:
    from ..cli import EXIT_OK
    from ..query.resolve import resolve
    from ..query.table import build_sheet, to_csv, to_terminal, write_csv, write_xlsx

    with open_store(args.store) as store:
        params = {}
        if args.authority:
            params["authority"] = f"<{resolve(store, 'authority', args.authority).iri}>"
        sheet = build_sheet(store, args.table, params)
    if args.csv == "-":
        sys.stdout.write(to_csv(sheet))
    elif args.csv:
        write_csv(sheet, args.csv)
        print(f"wrote {args.csv} ({len(sheet.rows)} rows)", file=sys.stderr)
    if args.xlsx:
        write_xlsx(sheet, args.xlsx)
        print(f"wrote {args.xlsx} ({len(sheet.rows)} rows)", file=sys.stderr)
    if not args.csv and not args.xlsx:
        sys.stdout.write(to_terminal(sheet, shutil.get_terminal_size((200, 40)).columns))
    return EXIT_OK
