"""``ofsted-kg export --format turtle|nt|nquads|trig|jsonld [-o FILE] [--void FILE] [--store DIR]``."""

from __future__ import annotations

import argparse
import sys

from . import EXIT_OK
from ._store import add_store_option, open_store

NAME = "export"
HELP = "Export the store deterministically: turtle/nt (union graph), nquads/trig/jsonld (named graphs)."


def configure(parser: argparse.ArgumentParser) -> None:
    from ..export import FORMATS

    parser.add_argument("--format", "-f", choices=sorted(FORMATS), default="turtle", help="default: turtle")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here atomically (default: standard output)")
    parser.add_argument("--void", metavar="FILE", help="also write a VoID/DCAT description of the dataset (Turtle)")
    parser.add_argument("--context", metavar="FILE", help="also write the JSON-LD @context")
    parser.add_argument("--base", metavar="URI",
                        help="base URI for the prefixes (default: the one the store was built with)")
    add_store_option(parser)


def run(args: argparse.Namespace) -> int:
    import json

    from ..store.atomic import atomic_write
    from ..export import export, serialize, write_void
    from ..export.jsonld import context
    from ..uris import Uris, check_base

    if args.base:
        check_base(args.base)
    with open_store(args.store) as store:
        uris = Uris(args.base) if args.base else store.uris
        if args.output:
            export(store, args.format, args.output, uris)
        else:
            sys.stdout.buffer.write(serialize(store, args.format, uris))
            sys.stdout.flush()
        if args.void:
            write_void(store, args.void, uris)
    if args.context:
        atomic_write(args.context, json.dumps(context(uris.base), indent=1) + "\n")
    return EXIT_OK
