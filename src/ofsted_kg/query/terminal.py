"""Tables for the terminal that wrap cells at spaces and never fold a word (an IRI, a CURIE,
a code) in the middle: every column is at least as wide as its longest word, and the table
is allowed to be wider than the terminal rather than cut words."""

from __future__ import annotations

import io
from collections.abc import Sequence

#: Longest word kept whole; longer ones (rare: unshortened IRIs) are folded.
LONGEST_WORD = 60


def render_table(headings: Sequence[str], rows: Sequence[Sequence[str]], *, width: int = 160,
                 title: str | None = None, caption: str | None = None, lines: bool = False) -> str:
    """``rows`` of text cells as a boxed table (plain text, no colour)."""
    from rich.console import Console
    from rich.table import Table

    minimum = [_longest_word([heading, *(row[i] for row in rows)]) for i, heading in enumerate(headings)]
    needed = sum(minimum) + 3 * len(minimum) + 1
    console = Console(width=max(width, needed), file=io.StringIO(), color_system=None, force_terminal=False)
    table = Table(title=title, caption=caption, show_lines=lines)
    for heading, least in zip(headings, minimum):
        table.add_column(heading, overflow="fold", min_width=least)
    for row in rows:
        table.add_row(*row)
    console.print(table)
    return console.file.getvalue()


def _longest_word(cells: Sequence[str]) -> int:
    return min(max((len(word) for cell in cells for word in cell.split()), default=1), LONGEST_WORD)
