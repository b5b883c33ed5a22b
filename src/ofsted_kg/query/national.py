"""The national answers: every stored query asked once by the build, so a user's first ask is a kept answer.

A stored query asked for the whole country on a national store (1,000 documents) costs the
engine 0.1-6 s, most of it joining and reading tens of thousands of rows; read back from a
kept answer (``answers.py``) it costs tens of milliseconds. So, after a build that changed
the store has written and stamped it, ``keep_national_answers`` asks every stored query of
``queries/`` whose parameters all have defaults, with its defaults and no row cap, exactly
as ``ofsted-kg query NAME`` asks it (``QueryRunner``: checked, in query worker processes,
within the time limit), in ``workers`` processes at once. The runner keeps each answer the
engine took ``KEEP_AFTER`` or more for, under the build's stamp; quicker ones are quick
anyway. A query that fails or outlives the time limit is named in the result and skipped:
it is then computed when first asked, as before. A rebuild that changed nothing asks
nothing (its answers are still kept).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import OfstedKGError
from .catalogue import StoredQuery, bound_text, load_queries, where
from .runner import DEFAULT_TIMEOUT, Limits, QueryRunner


@dataclass
class NationalAnswers:
    """What ``keep_national_answers`` did: the queries asked and those that failed (name, reason)."""

    asked: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def national_queries(queries: list[StoredQuery]) -> list[StoredQuery]:
    """The queries that can be asked without a parameter (every parameter has a default)."""
    return [q for q in queries if not any(p.required for p in q.params)]


def keep_national_answers(out: Path, *, workers: int = 1, timeout: float | None = DEFAULT_TIMEOUT,
                          queries: list[StoredQuery] | None = None) -> NationalAnswers:
    """Ask every national query on the store in ``out/store`` (stamped), keeping the slow answers."""
    chosen = national_queries(load_queries() if queries is None else queries)
    result = NationalAnswers()
    if not chosen:
        return result
    limits = Limits(timeout, None)  # uncapped: the kept answer serves any later row cap
    with QueryRunner(Path(out) / "store", limits=limits, workers=workers) as runner:
        def ask(query: StoredQuery) -> tuple[str, str | None]:
            try:
                runner.run(bound_text(query, {}), where=where(query), limits=limits)
            except OfstedKGError as err:
                return query.name, err.reason
            return query.name, None

        with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="national") as pool:
            for name, reason in pool.map(ask, chosen):
                result.asked.append(name)
                if reason is not None:
                    result.failed.append((name, reason))
    return result


__all__ = ["NationalAnswers", "keep_national_answers", "national_queries"]
