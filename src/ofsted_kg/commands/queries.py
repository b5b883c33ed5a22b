"""``ofsted-kg queries``: list the stored queries with their questions and parameters."""

from __future__ import annotations

import argparse

from . import EXIT_OK

NAME = "queries"
HELP = "List the stored SPARQL queries (queries/*.rq): name, title, question, parameters."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--plain", action="store_true", help="one tab-separated line per query instead of a table")


def run(args: argparse.Namespace) -> int:
    from ..query.catalogue import load_queries

    queries = load_queries()
    if args.plain:
        for q in queries:
            print("\t".join([q.name, q.title, q.question, " ".join(_param(p) for p in q.params)]))
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Stored queries", caption="run one: ofsted-kg query NAME [--param NAME=VALUE ...]")
    for column in ("name", "title / question", "parameters"):
        table.add_column(column, overflow="fold")
    for q in queries:
        table.add_row(q.name, f"{q.title}\n{q.question}".strip(), "\n".join(
            f"{_param(p)} {p.description}".strip() for p in q.params))
    Console(width=160).print(table)
    return EXIT_OK


def _param(p) -> str:
    return f"{p.name}" if p.required else f"{p.name}={p.default}"
