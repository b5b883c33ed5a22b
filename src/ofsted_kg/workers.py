"""Per-document work in worker processes, each document bounded in time and memory.

``run_bounded(work, items, limits)`` runs ``work(item, stage)`` for every item in
``limits.workers`` forked processes and yields ``(item, result)`` in input order, where
``result`` is what ``work`` returned or a ``Failure`` (file, stage, reason). ``work``
calls ``stage(name)`` as it moves from stage to stage, so a document that runs out of
time names the stage it was in.

The bounds (see README, "Limits"):

- time: a document still running after ``limits.seconds`` (wall clock) has its worker
  killed and is reported as a failure; a fresh worker takes the next document;
- memory: each worker's address space is capped at ``limits.memory_mb`` (RLIMIT_AS), so a
  document that needs more fails with ``MemoryError`` inside its worker (reported; the
  worker is then replaced), or, if the worker dies, is reported as such.

Workers are forked (the work function and everything it needs are inherited, nothing is
pickled but the items and results) and each is replaced after ``TASKS_PER_WORKER`` documents
so that memory held by one document does not accumulate.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from .errors import Failure, OfstedKGError

ENV_SECONDS = "OFSTED_KG_DOC_SECONDS"
ENV_MEMORY = "OFSTED_KG_DOC_MEMORY_MB"
ENV_WORKERS = "OFSTED_KG_WORKERS"
TASKS_PER_WORKER = 200
#: the ``error`` of failures made by the bounds
TIME_LIMIT, MEMORY_LIMIT, WORKER_DIED = "TimeLimitExceeded", "MemoryLimitExceeded", "WorkerDied"

Stage = Callable[[str], None]


@dataclass(frozen=True)
class Limits:
    """Bounds of the per-document work: wall-clock seconds and memory per document, processes."""

    seconds: float = 300.0
    memory_mb: int = 4096
    workers: int = 2

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Limits":
        """Defaults, overridden by ``OFSTED_KG_DOC_SECONDS``, ``OFSTED_KG_DOC_MEMORY_MB``, ``OFSTED_KG_WORKERS``."""
        env = os.environ if environ is None else environ
        cores = (
            len(os.sched_getaffinity(0))
            if hasattr(os, "sched_getaffinity")
            else (os.cpu_count() or 1)
        )
        return cls(
            seconds=_number(env, ENV_SECONDS, cls.seconds, float),
            memory_mb=_number(env, ENV_MEMORY, cls.memory_mb, int),
            workers=_number(env, ENV_WORKERS, max(1, cores), int),
        )


def _number(env, name: str, default, kind):
    text = env.get(name)
    if text is None or not text.strip():
        return default
    try:
        value = kind(text)
    except ValueError:
        raise ValueError(f"{name} must be a number, not {text!r}") from None
    if value <= 0:
        raise ValueError(f"{name} must be positive, not {text!r}")
    return value


def label_of(item: Any) -> str:
    return str(getattr(item, "label", item))


# -- the worker side ------------------------------------------------------------------
def _worker_main(conn: Connection, work: Callable[[Any, Stage], Any], memory_mb: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and kills workers
    _limit_memory(memory_mb)
    for _ in range(TASKS_PER_WORKER):
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, item = message
        current = ["read"]

        def stage(name: str, current=current, index=index) -> None:
            current[0] = name
            conn.send(("stage", index, name))

        try:
            conn.send(("done", index, work(item, stage)))
        except OfstedKGError as err:
            conn.send(("failed", index, Failure.from_error(err)))
        except Exception as exc:  # a bug on one document must not lose the batch
            if isinstance(exc, MemoryError) or _out_of_memory(memory_mb):
                # (allocation failures also surface as other errors, e.g. SystemError from C code)
                conn.send(
                    (
                        "retired",
                        index,
                        Failure(
                            label_of(item),
                            current[0],
                            _memory_reason(memory_mb),
                            error=MEMORY_LIMIT,
                        ),
                    )
                )
                return  # the heap may be fragmented: let a fresh worker take over
            where = traceback.extract_tb(exc.__traceback__)[-1]
            reason = (
                f"{type(exc).__name__}: {exc} ({os.path.basename(where.filename)}:{where.lineno})"
            )
            conn.send(
                (
                    "failed",
                    index,
                    Failure(label_of(item), current[0], reason, error=type(exc).__name__),
                )
            )


def _out_of_memory(memory_mb: int) -> bool:
    """Whether the worker is at its memory limit: a 1 MB allocation fails, or it maps 90% of it."""
    try:
        bytearray(1 << 20)
    except MemoryError:
        return True
    try:
        with open("/proc/self/statm") as statm:
            mapped = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return False
    return mapped >= 0.9 * memory_mb * 1024 * 1024


def _limit_memory(memory_mb: int) -> None:
    try:
        import resource

        limit = memory_mb * 1024 * 1024
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):  # not on this platform: time bound only
        pass


def _memory_reason(memory_mb: int) -> str:
    return f"needs more than {memory_mb} MB of memory (per-document limit; set {ENV_MEMORY} to change it)"


def _time_reason(seconds: float) -> str:
    return f"took longer than {seconds:g} s (per-document limit; set {ENV_SECONDS} to change it)"


# -- the parent side ------------------------------------------------------------------
class _Worker:
    def __init__(self, context, work, memory_mb: int) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main, args=(child, work, memory_mb), daemon=True
        )
        self.process.start()
        child.close()
        self.owner = os.getpid()  # only this process may stop it (see ``stop``)
        self.index: int | None = None  # the item it is working on
        self.stage = "read"
        self.started = 0.0
        self.done = 0
        self.retired = False  # it said it will take no more work

    def give(self, index: int, item: Any) -> None:
        self.index, self.stage, self.started = index, "read", time.monotonic()
        self.done += 1
        self.conn.send((index, item))

    def stop(self, kill: bool = False) -> None:
        if os.getpid() != self.owner:
            # a forked copy of the process that started the worker (another thread forked while a
            # ``run_bounded`` generator was alive): the worker is not ours to kill or wait for
            return
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.process.join(timeout=None if kill else 5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def run_bounded(
    work: Callable[[Any, Stage], Any], items: Iterable[Any], limits: Limits
) -> Iterator[tuple[Any, Any]]:
    """Yield ``(item, work(item) or Failure)`` in input order; see the module docstring."""
    items = list(items)
    if not items:
        return
    context = multiprocessing.get_context("fork")
    pending = list(range(len(items)))[::-1]  # pop() takes the next in order
    results: dict[int, Any] = {}
    workers: list[_Worker] = []
    next_out = 0
    try:
        while next_out < len(items):
            while pending and len(workers) < min(limits.workers, len(items)):
                workers.append(_Worker(context, work, limits.memory_mb))
            for worker in workers:
                if worker.index is None and pending:
                    index = pending.pop()
                    worker.give(index, items[index])
            busy = [w for w in workers if w.index is not None]
            if busy:
                deadline = min(w.started for w in busy) + limits.seconds
                ready = wait([w.conn for w in busy], timeout=max(0.0, deadline - time.monotonic()))
                for worker in busy:
                    if worker.conn in ready:
                        _receive(worker, items, results, limits)
                    elif time.monotonic() - worker.started >= limits.seconds:
                        results[worker.index] = Failure(
                            label_of(items[worker.index]),
                            worker.stage,
                            _time_reason(limits.seconds),
                            error=TIME_LIMIT,
                        )
                        worker.index = None
                        worker.stop(kill=True)
                for worker in [w for w in workers if _finished(w)]:
                    if worker.index is not None:  # it died while working
                        results[worker.index] = Failure(
                            label_of(items[worker.index]),
                            worker.stage,
                            _death_reason(worker, limits),
                            error=WORKER_DIED,
                        )
                    if not worker.conn.closed:
                        worker.stop()
                    workers.remove(worker)
            while next_out in results:
                yield items[next_out], results.pop(next_out)
                next_out += 1
    finally:
        for worker in workers:
            worker.stop(kill=next_out < len(items))


def _finished(worker: _Worker) -> bool:
    idle = worker.index is None
    return (
        worker.conn.closed
        or not worker.process.is_alive()
        or (idle and (worker.retired or worker.done >= TASKS_PER_WORKER))
    )


def _receive(worker: _Worker, items: list, results: dict, limits: Limits) -> None:
    while worker.conn.poll():
        try:
            kind, index, payload = worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join(timeout=5)
            if worker.index is not None:
                results[worker.index] = Failure(
                    label_of(items[worker.index]),
                    worker.stage,
                    _death_reason(worker, limits),
                    error=WORKER_DIED,
                )
                worker.index = None
            worker.conn.close()
            return
        if kind == "stage":
            worker.stage = payload
            continue
        results[index] = payload
        worker.index = None
        worker.retired = kind == "retired"
        return


def _death_reason(worker: _Worker, limits: Limits) -> str:
    code = worker.process.exitcode
    if code is not None and code < 0:
        name = (
            signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
        )
        how = f"killed by {name}"
    else:
        how = f"exit code {code}"
    return f"the worker process died ({how}); out of memory? (limit {limits.memory_mb} MB, {ENV_MEMORY})"


def run_one(work: Callable[[], Any], label: str, stage: str, limits: Limits) -> Any:
    """``work()`` in one bounded worker process (``limits``' time and memory): what it returned,
    or the ``Failure`` (named ``label``, in ``stage``) that stopped it."""
    from dataclasses import replace

    return next(run_bounded(lambda item, set_stage: set_stage(stage) or work(), [label],
                            replace(limits, workers=1)))[1]


class Background:
    """``run()`` in a thread of this process, started now, so the caller goes on meanwhile
    (``run`` waits on worker processes: ``run_one``, ``run_bounded``). ``wait()`` gives what it
    returned, or raises what it raised."""

    def __init__(self, run: Callable[[], Any], name: str) -> None:
        import threading

        self._outcome: list[Any] = []

        def target() -> None:
            try:
                self._outcome.append(run())
            except BaseException as err:  # raised again by wait(), in the calling thread
                self._outcome.append(err)

        self._thread = threading.Thread(target=target, name=name, daemon=True)
        self._thread.start()

    def wait(self) -> Any:
        self._thread.join()
        outcome = self._outcome[0]
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome
