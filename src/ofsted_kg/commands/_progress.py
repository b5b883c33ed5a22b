"""Progress display for long runs: bars on a terminal's stderr, silence elsewhere.

``progress(items, total, description)`` draws one bar over an iteration; ``Display``
shows every stage of a multi-stage run (the build): a bar with a count for stages with a
known number of items, elapsed time for the others, each stage left on screen with its
time when done.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


def _columns():
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    return (TextColumn("{task.description:<11}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TimeRemainingColumn())


def _bar(transient: bool):
    from rich.console import Console
    from rich.progress import Progress

    return Progress(*_columns(), console=Console(stderr=True), transient=transient)


def progress(items: Iterable[T], total: int, description: str, enabled: bool | None = None) -> Iterator[T]:
    """Yield ``items``, drawing a progress bar on stderr when it is a terminal."""
    show = sys.stderr.isatty() if enabled is None else enabled
    if not show or total < 2:
        yield from items
        return
    with _bar(transient=True) as bar:
        task = bar.add_task(description, total=total)
        for item in items:
            yield item
            bar.advance(task)


class Display:
    """One line per stage of a run on stderr (when a terminal, or ``enabled``); a no-op otherwise."""

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._bar = None

    def __enter__(self) -> "Display":
        if self.enabled:
            self._bar = _bar(transient=False)
            self._bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)
            self._bar = None

    @contextmanager
    def stage(self, name: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
        """A stage; yields ``advance(n=1)`` to count its items (``total`` of them, if known)."""
        if self._bar is None:
            yield lambda n=1: None
            return
        task = self._bar.add_task(name, total=total if total else 1)
        yield lambda n=1: self._bar.advance(task, n)
        self._bar.update(task, completed=total if total else 1)
        self._bar.stop_task(task)
