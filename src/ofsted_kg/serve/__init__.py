"""``ofsted-kg serve``: a read-only SPARQL 1.1 endpoint and HTML pages over the built store.

Why Starlette + uvicorn, and not Oxigraph's own server (the ``oxigraph`` package): that
server answers the protocol well, but it cannot be told to refuse SERVICE (it sends the
HTTP requests), has no row cap, and its time limit is not the one ``ofsted-kg query`` uses.
Here every query, the endpoint's and the pages', goes through the same
``ofsted_kg.query.runner.QueryRunner`` as the command line: checked by
``ofsted_kg.query.guard`` (no SERVICE, no update, bounded nesting), run in worker processes
that are killed at the time limit, and cut at the row cap. Starlette (ASGI routing, static
files, Jinja2 templates) and uvicorn (the HTTP server) are small, widely used and well kept;
Oxigraph still parses, evaluates and writes XML/Turtle/JSON-LD results.

Layout: ``protocol`` (the SPARQL protocol), ``negotiate`` (Accept headers), ``pages``
(HTML and entity descriptions), ``app`` (routes); the pages' SPARQL is in ``queries/``
(beside the project's stored ``queries/``, which the pages reuse) and their HTML in
``templates/`` — data files loaded at run time.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
