"""Hostile queries for the query-safety and serve tests (the loopback endpoint that records
requests, ``remote``, is a fixture in ``conftest``)."""

from __future__ import annotations


def values(var: str, n: int) -> str:
    return f"VALUES ?{var} {{ {' '.join(map(str, range(n)))} }}"


def runaway() -> str:
    """A query that would count 10^10 rows: it only ends when stopped."""
    return "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(values(v, 100) for v in "abcde") + " }"
