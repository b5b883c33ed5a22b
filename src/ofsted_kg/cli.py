"""The ``ofsted-kg`` command line: one entry point, one module per command.

Commands live in ``ofsted_kg.commands``; each module exposes ``NAME``, ``HELP``,
``configure(parser)`` and ``run(args) -> int``. They are discovered, so a new
command is a new module and nothing else.

Exit codes: see ``ofsted_kg.commands`` (0 success, 1 failures or not conforming, 2 error).
"""

from __future__ import annotations

import argparse
import pkgutil
import sys
from importlib import import_module

from . import __version__, commands
from .commands import EXIT_ERROR, EXIT_OK
from .errors import OfstedKGError


def _command_modules():
    names = sorted(m.name for m in pkgutil.iter_modules(commands.__path__) if not m.name.startswith("_"))
    return [import_module(f"{commands.__name__}.{name}") for name in names]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ofsted-kg",
        description="Build and query a knowledge graph of Ofsted children's-services inspections.",
        epilog="Exit codes: 0 success; 1 some documents failed or the graph does not conform; "
        "2 usage error or fatal error.",
    )
    parser.add_argument("--version", action="version", version=f"ofsted-kg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for module in _command_modules():
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.configure(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help exits 0, usage errors exit 2
        return int(exc.code or 0)
    try:
        return int(args._run(args))
    except OfstedKGError as err:
        print(f"ofsted-kg: {err.line()}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("ofsted-kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # an operator error the command did not foresee: one line, no traceback
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"ofsted-kg: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
