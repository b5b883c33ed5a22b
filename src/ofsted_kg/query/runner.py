"""Safe query execution, shared by ``ofsted-kg query`` and ``ofsted-kg serve``.

Every user query goes through ``QueryRunner.run``:

1. ``guard.check_query`` refuses SERVICE, updates, too-deep nesting and over-long text
   before any engine sees the query;
2. the query runs in a worker *process* holding the store open read-only. Oxigraph cannot
   be interrupted from Python (no timeout, no cancel, and a Rust call does not see Ctrl-C),
   so a query that outlives its ``timeout``, or is interrupted, is stopped by killing its
   worker; the next query gets a fresh one. Workers stay alive between queries, so a server
   pays the start-up (a fork from a clean ``forkserver`` process, then opening the store)
   once per worker, not once per query;
3. at most ``max_rows`` rows are read from the engine (lazily: the rest is never computed);
   the table says when more were left (``ResultTable.truncated``) and callers say so
   (standard error for the command line, a header for the endpoint);
4. an answer that took the engine at least ``KEEP_AFTER`` seconds is kept beside the store
   (``answers.Answers``) and given again, without the engine, while the store is the one the
   last build stamped: a national query asked again costs the reading of one file.

Killing a read-only reader is safe: it never writes to the store.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import OfstedKGError, QueryError, StoreError
from ..store.knowledge import KnowledgeStore, ResultTable
from .answers import Answers, Question
from .guard import check_query

#: Seconds a query may run (``--timeout``); 0 or None means no limit.
DEFAULT_TIMEOUT = 30.0
#: Rows a query may return (``--max-rows``); 0 or None means no cap.
DEFAULT_MAX_ROWS = 10_000
#: Seconds a new worker may take to start and open the store.
STARTUP_TIMEOUT = 120.0
#: Seconds of engine time from which an answer is kept (quicker ones are not worth a file).
KEEP_AFTER = 0.05

_ERRORS = {cls.__name__: cls for cls in (QueryError, StoreError)}


class QueryTimeout(QueryError):
    """A query ran longer than its time limit and was stopped."""


class QueryBusy(QueryError):
    """Every worker stayed busy for the whole time limit; the query did not start."""


@dataclass(frozen=True)
class Limits:
    """Time (seconds) and row limits of one query; ``None`` (or 0 when read from a flag) is no limit."""

    timeout: float | None = DEFAULT_TIMEOUT
    max_rows: int | None = DEFAULT_MAX_ROWS

    @classmethod
    def from_options(cls, timeout: float | None, max_rows: int | None) -> "Limits":
        """From command-line values, where 0 means no limit; negative values are refused."""
        if (timeout is not None and timeout < 0) or (max_rows is not None and max_rows < 0):
            raise QueryError("--timeout/--max-rows", "limits must be 0 (no limit) or positive")
        return cls(timeout or None, max_rows or None)


@dataclass(frozen=True)
class Request:
    """What a worker runs: the question (query text with parameters bound, and its dataset) and the row cap."""

    question: Question
    max_rows: int | None = DEFAULT_MAX_ROWS


def _serve(conn: Any, store_path: str, memory: bool = False) -> None:
    """A worker's loop: open the store read-only (``memory``: load it into memory), answer
    requests until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides; Ctrl-C kills us through it
    try:
        store = KnowledgeStore(store_path, read_only=True, memory=memory)
    except OfstedKGError as err:
        conn.send(("error", type(err).__name__, err.reason))
        return
    conn.send(("ready", None, None))
    while True:
        try:
            request: Request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            started = time.perf_counter()
            asked = request.question
            table = store.query(asked.text, union=asked.union, default_graphs=asked.default_graphs,
                                named_graphs=asked.named_graphs, max_rows=request.max_rows)
            conn.send(("ok", table, time.perf_counter() - started))
        except OfstedKGError as err:
            conn.send(("error", type(err).__name__, err.reason))


def _context() -> multiprocessing.context.BaseContext:
    """``forkserver`` where there is one (forks from a clean process, so safe from a threaded server)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class _Worker:
    def __init__(self, store_path: Path, memory: bool = False) -> None:
        ctx = _context()
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, str(store_path), memory), daemon=True,
                                   name="ofsted-kg-query")
        self.process.start()
        child.close()
        status, kind, reason = self._receive(STARTUP_TIMEOUT, str(store_path))
        if status != "ready":
            self.kill()
            raise _ERRORS.get(kind, StoreError)(str(store_path), reason)

    def ask(self, request: Request, timeout: float | None, where: str) -> tuple[ResultTable, float]:
        """The answer and the seconds the engine took for it."""
        self.conn.send(request)
        status, payload, detail = self._receive(timeout, where)
        if status == "ok":
            return payload, detail
        reason = detail
        raise _ERRORS.get(payload, QueryError)(where, reason)

    def _receive(self, timeout: float | None, where: str) -> tuple:
        if not self.conn.poll(timeout):
            raise TimeoutError
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            self.process.join(5)
            raise QueryError(where, f"the query engine stopped (exit code {self.process.exitcode})") from None

    @property
    def alive(self) -> bool:
        return self.process.is_alive() and not self.conn.closed

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(10)
        self.conn.close()


class QueryRunner:
    """Runs checked queries on the store at ``store_path`` in up to ``workers`` worker processes
    (``memory``: each worker loads the store into memory when it starts, see ``KnowledgeStore``;
    ``keep``: give and keep answers beside the store, see ``answers``)."""

    def __init__(self, store_path: str | Path, *, limits: Limits = Limits(), workers: int = 1,
                 memory: bool = False, keep: bool = True) -> None:
        self.store_path = Path(store_path)
        self.memory = memory
        self.answers = Answers(self.store_path.parent) if keep else None
        self.workers = max(1, workers)
        if not self.store_path.is_dir():
            raise StoreError(str(self.store_path), "no store here; run `ofsted-kg build` first (or give --store DIR)")
        self.limits = limits
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(self.workers)
        self._lock = threading.Lock()
        self._closed = False

    def run(self, text: str, *, where: str = "<query>", limits: Limits | None = None, union: bool = True,
            default_graphs: tuple[str, ...] = (), named_graphs: tuple[str, ...] | None = None) -> ResultTable:
        """The query's result, after ``check_query``, within the time and row limits.

        Raises ``QueryRefused``, ``QueryTimeout``, ``QueryBusy`` or ``QueryError``.
        """
        check_query(text, where)
        limits = limits or self.limits
        question = Question(text, union, tuple(default_graphs), None if named_graphs is None else tuple(named_graphs))
        if self.answers is not None:
            kept = self.answers.get(question, limits.max_rows)
            if kept is not None:
                return kept
        table, seconds = self._ask(question, where, limits)
        if self.answers is not None and seconds >= KEEP_AFTER:
            self.answers.keep(question, limits.max_rows, table)
        return table

    def _ask(self, question: Question, where: str, limits: Limits) -> tuple[ResultTable, float]:
        if not self._slots.acquire(timeout=limits.timeout):
            raise QueryBusy(where, f"every query worker stayed busy for {limits.timeout:g} s; try again")
        worker = None
        try:
            worker = self._take()
            request = Request(question, limits.max_rows)
            answer = worker.ask(request, limits.timeout, where)
        except TimeoutError:
            worker.kill()
            worker = None
            raise QueryTimeout(where, f"stopped after {limits.timeout:g} s (the time limit; "
                                      "raise it with --timeout SECONDS, 0 for none)") from None
        except BaseException:  # KeyboardInterrupt too: never leave a runaway worker behind
            if worker is not None:
                worker.kill()
                worker = None
            raise
        finally:
            if worker is not None:
                self._give_back(worker)
            self._slots.release()
        return answer

    def _take(self) -> _Worker:
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return _Worker(self.store_path, self.memory)
            if worker.alive:
                return worker
            worker.kill()

    def start(self) -> None:
        """Start every worker now (opening or loading the store), not at the first queries."""
        started = [self._take() for _ in range(self.workers - self._idle.qsize())]
        for worker in started:
            self._give_back(worker)

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            if self._closed or not worker.alive:
                worker.kill()
            else:
                self._idle.put(worker)

    def close(self) -> None:
        """Stop every idle worker (busy ones stop when their query ends)."""
        with self._lock:
            self._closed = True
            while not self._idle.empty():
                self._idle.get_nowait().kill()

    def __enter__(self) -> "QueryRunner":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["DEFAULT_MAX_ROWS", "DEFAULT_TIMEOUT", "KEEP_AFTER", "Limits", "QueryBusy", "QueryRunner", "QueryTimeout",
           "Request"]
