"""``ofsted-kg serve [--store DIR] [--host H] [--port P] [--timeout S] [--max-rows N] [--workers N] [--memory]``.

Serves the built store read-only: the SPARQL 1.1 Protocol at ``/sparql`` and HTML pages at
the entities' paths (see ``ofsted_kg.serve``). Prints the address once it listens; stops on
Ctrl-C. Loopback (127.0.0.1) by default: give ``--host`` to listen elsewhere.
"""

from __future__ import annotations

import argparse
import socket
import sys
import time

from ._store import add_store_option, open_store, store_path
from .query import add_limit_options, add_memory_option

NAME = "serve"
HELP = "Serve the store read-only: a SPARQL 1.1 endpoint and HTML pages per authority and theme."
DEFAULT_PORT = 8000


def configure(parser: argparse.ArgumentParser) -> None:
    from ..query.runner import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT

    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port (default: {DEFAULT_PORT}; 0: any free port)")
    parser.add_argument("--workers", type=int, default=2, metavar="N",
                        help="query worker processes, i.e. queries run at once (default: 2)")
    add_limit_options(parser, DEFAULT_TIMEOUT, DEFAULT_MAX_ROWS)
    add_memory_option(parser)
    add_store_option(parser)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from ..errors import ServeError
    from ..query.runner import Limits
    from ..serve import create_app

    limits = Limits.from_options(args.timeout, args.max_rows)
    if args.workers < 1:
        raise ServeError("--workers", "give at least one worker")
    with open_store(args.store) as store:  # entities are served at their paths under the build's base
        base = store.base
    started = time.perf_counter()
    app = create_app(store_path(args.store).parent, base=base, limits=limits, workers=args.workers,
                     memory=args.memory)
    if args.memory:
        print(f"ofsted-kg: loaded the store into memory in {time.perf_counter() - started:.1f} s "
              f"({args.workers} worker{'s' if args.workers > 1 else ''})", file=sys.stderr, flush=True)
    listener = socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((args.host, args.port))
    except OSError as exc:
        raise ServeError(f"{args.host}:{args.port}", f"cannot listen there: {exc.strerror or exc}") from None
    host, port = listener.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    print(f"ofsted-kg: serving {args.store} at http://{shown}:{port}/ (SPARQL: /sparql); Ctrl-C stops",
          file=sys.stderr, flush=True)
    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=5)
    uvicorn.Server(config).run(sockets=[listener])
    return 0
