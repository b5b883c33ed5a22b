"""The national answers: every stored query asked once by the build, so a user's first ask is a kept answer.

A stored query asked for the whole country on a national store (1,000 documents) costs the
engine 0.1-7 s, most of it joining and reading tens of thousands of rows; read back from a
kept answer (``answers.py``) it costs tens of milliseconds. So a build that changed the
store, once its inference has written the last of it, calls ``keep_national_answers``: every
stored query of ``queries/``, and every query of ``serve``'s pages (``serve/queries/``: the
index of authorities and of themes), whose parameters all have defaults is asked on the build's own
open store, with its defaults and no row cap, the very text ``ofsted-kg query NAME`` asks
(``catalogue.bound_text``), in ``workers`` threads beside the build's last stages (Oxigraph
evaluates without holding Python's lock). Each answer the engine took ``KEEP_AFTER`` or more
for is kept under ``state``, the stamp the build writes at its end; until then no kept
answer is given (``answers.py``), and a build that stops half-way leaves them unusable.
Quicker answers are quick anyway. The queries are the project's own, measured at 1,000
documents (``benchmarks/``), so they run without the time limit a user's query gets; one
that fails (in the engine, or keeping its answer) is named in the result, skipped, and computed
when first asked; the others are still asked and kept.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import OfstedKGError
from ..resources import site_queries_dir
from ..store.knowledge import KnowledgeStore
from .answers import Answers, Question
from .catalogue import StoredQuery, bound_text, load_queries
from .runner import KEEP_AFTER


@dataclass
class NationalAnswers:
    """What ``keep_national_answers`` did: the queries asked, those kept, those that failed (name, reason)."""

    asked: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def national_queries(queries: list[StoredQuery]) -> list[StoredQuery]:
    """The queries that can be asked without a parameter (every parameter has a default)."""
    return [q for q in queries if not any(p.required for p in q.params)]


def keep_national_answers(store: KnowledgeStore, out: Path, state: str, *, workers: int = 1,
                          queries: list[StoredQuery] | None = None) -> NationalAnswers:
    """Ask every national query on ``store`` (the store of the build output ``out``), keeping
    the slow answers under ``state``."""
    chosen = national_queries(load_queries() + load_queries(site_queries_dir()) if queries is None else queries)
    kept = Answers(out)

    def ask(query: StoredQuery) -> tuple[str, bool, str | None]:
        try:
            text = bound_text(query, {})
            started = time.perf_counter()
            table = store.query(text)
            slow = time.perf_counter() - started >= KEEP_AFTER
            return query.name, slow and kept.keep(Question(text), None, table, state=state), None
        except OfstedKGError as err:
            return query.name, False, err.reason
        except Exception as err:  # noqa: BLE001 (one query's failure, e.g. writing its answer, spares the rest)
            return query.name, False, f"{type(err).__name__}: {err}"

    result = NationalAnswers()
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="national") as pool:
        for name, was_kept, reason in pool.map(ask, chosen):
            result.asked.append(name)
            if was_kept:
                result.kept.append(name)
            if reason is not None:
                result.failed.append((name, reason))
    return result


__all__ = ["NationalAnswers", "keep_national_answers", "national_queries"]
