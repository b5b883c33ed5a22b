"""``ofsted-kg export --format turtle|nt|nquads|trig|jsonld [-o FILE] [--void FILE] [--store DIR]``."""

from __future__ import annotations

import argparse
import sys

from ._store import add_store_option, open_store

NAME = "export"
HELP = "Export the store deterministically: turtle/nt (union graph), nquads/trig/jsonld (named graphs)."


def configure(parser: argparse.ArgumentParser) -> None:
    from ..build import DEFAULT_BASE
    from ..export import FORMATS

    parser.add_argument("--format", "-f", choices=sorted(FORMATS), default="turtle", help="default: turtle")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here atomically (default: standard output)")
    parser.add_argument("--void", metavar="FILE", help="also write a VoID/DCAT description of the dataset (Turtle)")
    parser.add_argument("--context", metavar="FILE", help="also write the JSON-LD @context")
    parser.add_argument("--base", metavar="URI", default=DEFAULT_BASE, help="base URI the store was built with")
    add_store_option(parser)


def run(args: argparse.Namespace) -> int:
    import json

    from ..export.atomic import atomic_write
    from ..export import export, serialize, write_void
    from ..export.jsonld import context

    with open_store(args.store) as store:
        if args.output:
            export(store, args.format, args.output, args.base)
        else:
            sys.stdout.buffer.write(serialize(store, args.format, args.base))
            sys.stdout.flush()
        if args.void:
            write_void(store, args.void, args.base)
    if args.context:
        atomic_write(args.context, json.dumps(context(args.base), indent=1) + "\n")
    return 0
