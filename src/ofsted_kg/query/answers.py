"""Kept answers: a query's result saved beside the store and given again while the store is unchanged.

A national query on a large store costs seconds (about 1-6 s at 1,000 documents, most of it
joining and reading tens of thousands of rows); the same question asked again after the
first time costs the reading of one file (tens of milliseconds). The build itself asks the
national ones first (``national.py``), so a user's first ask is such a reading too. The
store changes only when ``ofsted-kg build`` writes it, so the build says which state of the
store the answers belong to:

- before its first change to the store the build removes the stamp (``forget``, called by
  the store itself: ``KnowledgeStore(on_write=…)``): from then on no kept answer is given,
  and none is kept but the build's own (``keep(state=…)``, under the stamp to come), until
- at its end it writes the stamp again (``stamp``): the digest of its inputs, which names
  the content of the store it made (the build is deterministic). An answer is given only
  when the stamp it was kept under is the stamp now; a build that stops half-way leaves no
  stamp, so nothing half-built is ever given. A rebuild that changes nothing touches
  neither the stamp nor the answers.

An answer is keyed by the exact query text (parameters bound) and its dataset; it is kept
with the row cap it was computed under, and given for a later request whose cap it
covers. The folder is ``DIR/.cache/answers/`` (safe to delete). At most ``MAX_KEPT`` answers
and ``MAX_TOTAL_BYTES`` are kept (the oldest go first), and none larger than ``MAX_BYTES``; a
folder that cannot be written (a read-only output) only means nothing is kept.

The file format is compact JSON: the distinct terms once (``terms``), the rows as indices
into them (0: unbound), so a 25,000-row answer with long quotes is 2.7 MB and reads in
30-60 ms.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import WriteError
from ..store.atomic import atomic_write
from ..store.knowledge import ResultTable
from ..store.terms import Value

ANSWERS_DIR = Path(".cache") / "answers"
STAMP = "STAMP"
FORMAT = 2
MAX_KEPT = 256
MAX_BYTES = 64 << 20
MAX_TOTAL_BYTES = 512 << 20


@dataclass(frozen=True)
class Question:
    """What an answer is kept for: the query as run (parameters bound) and its dataset."""

    text: str
    union: bool = True
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] | None = None

    def key(self) -> str:
        spec = [self.text, self.union, list(self.default_graphs),
                None if self.named_graphs is None else list(self.named_graphs)]
        return hashlib.sha256(json.dumps(spec, ensure_ascii=False).encode("utf-8")).hexdigest()


def answers_folder(out: str | os.PathLike[str]) -> Path:
    """The kept answers of the build output folder ``out`` (which holds ``store/``)."""
    return Path(out) / ANSWERS_DIR


def forget(out: str | os.PathLike[str]) -> None:
    """The build is about to write the store: no kept answer is valid until ``stamp``."""
    (answers_folder(out) / STAMP).unlink(missing_ok=True)


def stamp(out: str | os.PathLike[str], state: str) -> None:
    """The build has written the store whose content ``state`` names; answers of another state go."""
    folder = answers_folder(out)
    try:
        if (folder / STAMP).read_text(encoding="utf-8").strip() == state:
            return  # nothing changed (a rebuild that touches nothing)
    except OSError:
        pass
    if folder.is_dir():
        for path in folder.glob("*.json"):
            if _stamp_of(path) != state:
                path.unlink(missing_ok=True)
    atomic_write(folder / STAMP, state + "\n")


class Answers:
    """The kept answers of one store: ``get`` a kept one, ``keep`` a new one."""

    def __init__(self, out: str | os.PathLike[str], *, max_kept: int = MAX_KEPT, max_bytes: int = MAX_BYTES,
                 max_total: int = MAX_TOTAL_BYTES) -> None:
        self.folder = answers_folder(out)
        self.max_kept = max_kept
        self.max_bytes = max_bytes
        self.max_total = max_total

    def state(self) -> str | None:
        """The stamp of the store now; None while it is being written (or was never stamped)."""
        try:
            return (self.folder / STAMP).read_text(encoding="utf-8").strip() or None
        except OSError:
            return None

    def get(self, question: Question, max_rows: int | None) -> ResultTable | None:
        """The kept answer to ``question`` capped at ``max_rows``, or None (not kept, stale, or too short)."""
        state = self.state()
        if state is None:
            return None
        with _no_collection():  # hundreds of thousands of new objects, none of them cyclic
            try:
                kept = json.loads((self.folder / f"{question.key()}.json").read_bytes())
            except (OSError, ValueError):
                return None
            if kept.get("format") != FORMAT or kept.get("stamp") != state or kept.get("text") != question.text:
                return None
            return _capped(kept, max_rows)

    def keep(self, question: Question, max_rows: int | None, table: ResultTable, *, state: str | None = None) -> bool:
        """Keep ``table`` (computed under ``max_rows``) as the answer to ``question``; False if not kept.

        ``state``: the stamp it belongs to, given by a build before it writes that stamp (the
        answer is given from then on); by default the stamp now (none: nothing is kept)."""
        state = state or self.state()
        if state is None:
            return False
        payload = json.dumps(_encode(question, max_rows, table, state), ensure_ascii=False,
                             separators=(",", ":")).encode("utf-8")
        if len(payload) > self.max_bytes:
            return False
        try:
            atomic_write(self.folder / f"{question.key()}.json", payload)
        except WriteError:
            return False
        self._trim()
        return True

    def _trim(self) -> None:
        """Drop the oldest answers beyond ``max_kept`` of them or ``MAX_TOTAL_BYTES`` in all."""
        kept = sorted(((_mtime(p), _size(p), p) for p in self.folder.glob("*.json")), reverse=True)
        total = 0
        for count, (_, size, path) in enumerate(kept, 1):
            total += size
            if count > self.max_kept or total > self.max_total:
                path.unlink(missing_ok=True)


@contextmanager
def _no_collection() -> Iterator[None]:
    """The cyclic garbage collector paused (it would scan the new objects again and again)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _stamp_of(path: Path) -> str | None:
    try:
        return json.loads(path.read_bytes()).get("stamp")
    except (OSError, ValueError, AttributeError):
        return None


def _encode(question: Question, max_rows: int | None, table: ResultTable, state: str) -> dict[str, Any]:
    """Rows as indices into ``terms``: 0 is an unbound cell, n is ``terms[n - 1]``."""
    index: dict[Value | None, int] = {None: 0}
    rows = [[index.setdefault(v, len(index)) for v in row] for row in table.rows]
    del index[None]
    return {
        "format": FORMAT, "stamp": state, "text": question.text, "max_rows": max_rows,
        "columns": list(table.columns), "boolean": table.boolean, "truncated": table.truncated,
        "triples": table.triples, "terms": [[v.kind, v.value, v.datatype, v.lang] for v in index], "rows": rows,
    }


def _capped(kept: dict[str, Any], max_rows: int | None) -> ResultTable | None:
    """The kept table cut to ``max_rows``; None when it was itself cut shorter than the request needs."""
    rows = kept["rows"]
    if kept["truncated"] and (max_rows is None or max_rows > len(rows)):
        return None
    more = kept["truncated"] or (max_rows is not None and len(rows) > max_rows)
    if max_rows is not None:
        rows = rows[:max_rows]
    terms: list[Value | None] = [None]
    terms.extend(Value(*term) for term in kept["terms"])
    cell = terms.__getitem__
    return ResultTable(tuple(kept["columns"]), [tuple(map(cell, row)) for row in rows],
                       boolean=kept["boolean"], truncated=more, triples=kept["triples"])


__all__ = ["ANSWERS_DIR", "Answers", "Question", "answers_folder", "forget", "stamp"]
