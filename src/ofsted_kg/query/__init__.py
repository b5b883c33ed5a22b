"""Stage 8, query: the stored SPARQL queries of ``queries/`` (``catalogue``)."""

from .catalogue import FORMATS, StoredQuery, find_query, load_queries, parse_params, render, run_query

__all__ = ["FORMATS", "StoredQuery", "find_query", "load_queries", "parse_params", "render", "run_query"]
