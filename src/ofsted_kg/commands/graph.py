"""``ofsted-kg graph``: draw the theme network and the authority timelines.

Reads the finding rows from ``--rows FILE.json`` (the format of
``ofsted_kg.visualise.rows``) or, once wired up, from the store (``--store``), and
writes ``theme-network.{html,png,svg,graphml,gexf}`` and ``timeline-<authority>.{png,svg}``
into ``--out``. Exit 0 when written, 1 when no finding matches the filters (the
pictures are still written, empty), 2 on a usage error or unreadable input.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from . import EXIT_ERROR, EXIT_FAILURES, EXIT_OK
from ..model import CATEGORIES

NAME = "graph"
HELP = "Draw the theme network (HTML, PNG, SVG, GraphML, GEXF) and authority timelines."
DEFAULT_OUT = Path("out/pictures")


def years(text: str) -> tuple[int, int]:
    """``2008-2012`` or ``2010`` as an inclusive ``(from, to)`` pair."""
    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4})\s*)?", text)
    if not match:
        raise argparse.ArgumentTypeError(f"expected FROM-TO years such as 2008-2012, not {text!r}")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if last < first:
        raise argparse.ArgumentTypeError(f"years {text!r} run backwards")
    return first, last


def categories(text: str) -> frozenset[str]:
    chosen = frozenset(c.strip() for c in text.split(",") if c.strip())
    unknown = sorted(chosen - set(CATEGORIES))
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown categories {', '.join(unknown) or '(none given)'}; choose from {', '.join(CATEGORIES)}"
        )
    return chosen


def configure(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--rows", type=Path, metavar="FILE.json",
                        help="finding rows as JSON (format: ofsted_kg.visualise.rows)")
    source.add_argument("--store", type=Path, metavar="DIR",
                        help="the build's output folder holding store/ (the default: out/)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help=f"folder for the pictures (default {DEFAULT_OUT})")
    parser.add_argument("--authority", metavar="NAME",
                        help="only this authority's inspections (name, slug, GSS or DfE code, authority:slug or IRI)")
    parser.add_argument("--region", metavar="NAME", help="only authorities of this region")
    parser.add_argument("--years", type=years, metavar="FROM-TO", help="only inspections started in these years")
    parser.add_argument("--categories", type=categories, metavar="a,b",
                        help="only findings of these categories (" + ", ".join(CATEGORIES) + ")")
    parser.add_argument("--no-timelines", action="store_true", help="draw the theme network only")
    parser.add_argument("--map-theme", metavar="SLUG",
                        help="also draw the map of England coloured by how often this theme persisted between "
                             "consecutive inspections (needs the store; the latest-grade map is always drawn)")


def _load(args: argparse.Namespace):
    from ._store import DEFAULT_OUT as DEFAULT_STORE, open_store
    from ..visualise.rows import rows_from_json, themes_from_csv

    if args.rows is not None:
        rows, themes, persistence = rows_from_json(args.rows.read_bytes())
    else:
        from ..visualise.source import rows_from

        from ..query.resolve import resolve

        with open_store(args.store or DEFAULT_STORE) as store:
            if args.authority:  # the store's own name for it, whatever form was given
                args.authority = resolve(store, "authority", args.authority).label
            rows, themes, persistence = rows_from(store)
    if not themes:
        from ..resources import data_dir

        themes = themes_from_csv(data_dir() / "reference" / "themes.csv")
    return list(rows), list(themes), list(persistence)


def _maps(args: argparse.Namespace) -> list[Path]:
    """The maps of England, from the store (the authorities' codes and grades are there)."""
    from ._store import DEFAULT_OUT as DEFAULT_STORE, open_store
    from ..visualise.render import render_maps
    from ..visualise.source import latest_grades, pair_themes, theme_infos

    with open_store(args.store or DEFAULT_STORE) as store:
        return render_maps(latest_grades(store), pair_themes(store), theme_infos(store), args.out,
                           theme=args.map_theme)


def run(args: argparse.Namespace) -> int:
    from ..visualise.network import Filters
    from ..visualise.render import render_all

    try:
        rows, themes, persistence = _load(args)
    except LookupError as err:
        print(f"ofsted-kg graph: {err}", file=sys.stderr)
        return EXIT_ERROR
    except (OSError, ValueError) as err:
        print(f"ofsted-kg graph: cannot read rows from {args.rows}: {err}", file=sys.stderr)
        return EXIT_ERROR
    if args.map_theme is not None and args.map_theme not in {t.slug for t in themes}:
        print(f"ofsted-kg graph: unknown theme {args.map_theme!r}; see data/reference/themes.csv", file=sys.stderr)
        return EXIT_ERROR
    if args.map_theme is not None and args.rows is not None:
        print("ofsted-kg graph: --map-theme reads the store; it cannot be used with --rows", file=sys.stderr)
        return EXIT_ERROR
    filters = Filters(args.authority, args.region, args.years, args.categories)
    written = render_all(rows, themes, persistence, args.out, filters, timelines=not args.no_timelines)
    if args.rows is None:
        written += _maps(args)
    for path in written:
        print(path)
    if not any(filters.matches(row) for row in rows):
        print(f"ofsted-kg graph: no finding matches ({filters.describe()}); the pictures are empty",
              file=sys.stderr)
        return EXIT_FAILURES
    return EXIT_OK
