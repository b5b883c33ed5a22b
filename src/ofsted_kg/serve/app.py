"""Routes: ``/sparql`` (the protocol), ``/`` (index), ``/search``, ``/pictures/…``, and every
entity IRI under the base (``/authority/westminster``: HTML for browsers, RDF for clients)."""

from __future__ import annotations

import contextlib
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import __version__
from ..errors import QueryError
from ..namespaces import DEFAULT_BASE, prefixes
from ..query.runner import Limits, QueryRunner
from ..store.terms import Value
from . import protocol
from .negotiate import best
from .pages import STATIC, TEMPLATES, Site

#: Served with every HTML page: nothing from elsewhere, no inline script.
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
ENTITY_TYPES = ["text/html", *protocol.GRAPH_TYPES]
RESULT_TYPES_WITH_HTML = [*protocol.RESULT_TYPES, "text/html"]
#: Namespace of the project's fixed IRIs (themes, categories, frameworks), whatever the build's base.
PROJECT_NAMESPACE = DEFAULT_BASE


def create_app(out_dir: str | Path, *, base: str = DEFAULT_BASE, limits: Limits = Limits(),
               workers: int = 2, memory: bool = False) -> Starlette:
    """The ASGI application over the build output ``out_dir`` (its ``store/`` and ``pictures/``);
    ``memory``: the query workers hold the store in memory, loaded now (see ``QueryRunner``)."""
    out = Path(out_dir)
    runner = QueryRunner(out / "store", limits=limits, workers=workers, memory=memory)
    if memory:
        runner.start()
    site = Site(runner)
    namespaces = list(dict.fromkeys([base, PROJECT_NAMESPACE]))
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["href"] = lambda value: _href(value, namespaces)
    env.filters["short"] = lambda value: _short(value, base)
    env.filters["local"] = _local
    env.globals.update(version=__version__, limits=limits)
    pictures = out / "pictures"

    def page(template: str, code: int = 200, **context) -> HTMLResponse:
        html = env.get_template(template).render(**context)
        return HTMLResponse(html, code, headers={"Content-Security-Policy": CSP, "Vary": "Accept"})

    def error_page(request: Request, status: int, message: str, headers: dict | None = None) -> Response:
        if best(["text/plain", "text/html"], request.headers.get("accept")) == "text/html":
            response = page("error.html", status, status=status, message=message)
            response.headers.update(headers or {})
            return response
        return Response(message + "\n", status, headers=headers, media_type="text/plain")

    async def index(request: Request) -> Response:
        data = await run_in_threadpool(site.index)
        files = sorted(p.name for p in pictures.glob("*") if p.is_file()) if pictures.is_dir() else []
        return page("index.html", pictures=files, **data)

    async def search(request: Request) -> Response:
        text = request.query_params.get("q", "")
        try:
            found = await run_in_threadpool(site.search, text)
        except QueryError as err:
            return page("search.html", 400, q=text, found=[], message=err.reason)
        if len(found) == 1:
            return RedirectResponse(_href(found.rows[0]["authority"], namespaces), 303)
        return page("search.html", q=text, found=found, message=None)

    async def sparql(request: Request) -> Response:
        try:
            ask = protocol.read_request(request.method, request.headers.get("content-type"),
                                        request.url.query, await request.body())
            if ask is None:
                if best(["text/plain", "text/html"], request.headers.get("accept")) == "text/html":
                    return page("sparql.html")
                raise protocol.ProtocolError(400, "no query: give one query (GET ?query=…, or POST)")
            table = await run_in_threadpool(runner.run, ask.query, where="query", default_graphs=ask.default_graphs,
                                            named_graphs=ask.named_graphs)
            offered = list(protocol.GRAPH_TYPES) if table.triples else RESULT_TYPES_WITH_HTML
            if ask.format == "html" or (ask.format is None and best(offered, request.headers.get("accept"))
                                        == "text/html"):
                return page("results.html", query=ask.query, table=table,
                            rows=[dict(zip(table.columns, r)) for r in table.rows])
            media = protocol.choose_format(table, request.headers.get("accept"), ask.format)
            body = protocol.serialise(table, media, prefixes(base))
        except protocol.ProtocolError as err:
            return error_page(request, err.status, err.message, err.headers)
        except QueryError as err:
            return error_page(request, protocol.status_of(err), err.reason)
        headers = {"Vary": "Accept"}
        if table.truncated:
            headers[protocol.TRUNCATED_HEADER] = str(limits.max_rows)
        return Response(body, headers=headers, media_type=protocol.content_type(media))

    async def entity(request: Request) -> Response:
        path = request.path_params["path"]
        media = best(ENTITY_TYPES, request.headers.get("accept"))
        if media is None:
            return error_page(request, 406, f"offered: {', '.join(ENTITY_TYPES)}")
        try:
            iri, rows = await run_in_threadpool(_find_entity, site, namespaces, path)
            if iri is None:
                return error_page(request, 404, f"nothing in the store is called /{path}")
            headers = {"Vary": "Accept", "Link": f'<{iri}>; rel="canonical"'}
            if media != "text/html":
                table = await run_in_threadpool(site.describe, iri)
                return Response(protocol.serialise(table, media, prefixes(base)), headers=headers,
                                media_type=protocol.content_type(media))
            kind = path.split("/", 1)[0]
            if kind == "authority" and any(r["direction"].value == "out" for r in rows):
                data = await run_in_threadpool(site.authority, iri)
                response = page("authority.html", iri=iri, timeline=f"/timeline/{path.rstrip('/')}.png", **data)
            elif kind == "theme" and any(r["direction"].value == "out" for r in rows):
                data = await run_in_threadpool(site.theme, iri)
                response = page("theme.html", iri=iri, **data)
            else:
                response = page("entity.html", iri=iri, rows=rows)
        except QueryError as err:
            return error_page(request, protocol.status_of(err), err.reason)
        response.headers.update(headers)
        return response

    async def timeline(request: Request) -> Response:
        """An authority's timeline (``/timeline/authority/westminster.png`` or ``.svg``), drawn
        when first asked for and kept while the server runs (the store does not change under it)."""
        path, _, fmt = request.path_params["path"].rpartition(".")
        if fmt not in TIMELINE_TYPES or not path:
            return error_page(request, 404, "a timeline is /timeline/<authority path>.png or .svg")
        try:
            picture = await run_in_threadpool(timelines.draw, path, fmt)
        except QueryError as err:
            return error_page(request, protocol.status_of(err), err.reason)
        if picture is None:
            return error_page(request, 404, f"no inspection of /{path} in the store")
        return Response(picture, media_type=TIMELINE_TYPES[fmt])

    timelines = _Timelines(site, namespaces)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        runner.close()

    routes = [
        Route("/", index),
        Route("/search", search),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/timeline/{path:path}", timeline),
        Mount("/pictures", StaticFiles(directory=pictures, check_dir=False), name="pictures"),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
        Route("/{path:path}", entity),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.runner = runner
    return app


TIMELINE_TYPES = {"png": "image/png", "svg": "image/svg+xml"}


class _Timelines:
    """Authorities' timelines, drawn on demand (one at a time: matplotlib is not thread-safe)
    and kept, the last ``KEEP`` of them."""

    KEEP = 64

    def __init__(self, site: Site, namespaces: list[str]) -> None:
        import threading
        from collections import OrderedDict

        self.site, self.namespaces = site, namespaces
        self.lock = threading.Lock()
        self.kept: OrderedDict[tuple[str, str], bytes | None] = OrderedDict()

    def draw(self, path: str, fmt: str) -> bytes | None:
        """The picture of the authority at ``path`` under a served namespace, or None."""
        from ..visualise.files import figure_bytes
        from ..visualise.timeline import timeline_figure

        with self.lock:
            if (path, fmt) in self.kept:
                self.kept.move_to_end((path, fmt))
                return self.kept[(path, fmt)]
            picture = None
            for namespace in self.namespaces:
                name, rows, themes, categories = self.site.timeline(namespace + path)
                if name is not None:
                    picture = figure_bytes(timeline_figure(name, rows, themes, None, categories), fmt)
                    break
            self.kept[(path, fmt)] = picture
            while len(self.kept) > self.KEEP:
                self.kept.popitem(last=False)
            return picture


def _find_entity(site: Site, namespaces: list[str], path: str):
    """The first IRI ``namespace + path`` the store has statements about, with them; else (None, [])."""
    for namespace in namespaces:
        iri = namespace + path
        rows = site.entity(iri)
        if len(rows):
            return iri, rows
    return None, []


def _href(value: Value | str | None, namespaces: list[str]) -> str | None:
    """A link for an IRI: a local path when it is under a served namespace, else the IRI itself."""
    if value is None:
        return None
    text = value.value if isinstance(value, Value) else str(value)
    if isinstance(value, Value) and value.kind != "uri":
        return None
    for namespace in namespaces:
        if text.startswith(namespace) and len(text) > len(namespace):
            return "/" + quote(text[len(namespace):], safe="/:@-._~!$&'()*+,;=")
    return text


def _local(value: Value | None) -> str:
    """The last segment of an IRI (``…/grade/good`` → ``good``)."""
    return "" if value is None else value.value.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _short(value: Value | str | None, base: str) -> str:
    """An IRI with the export prefixes (``authority:westminster``), or a literal's text."""
    if value is None:
        return ""
    if isinstance(value, Value) and value.kind != "uri":
        return value.value
    text = value.value if isinstance(value, Value) else str(value)
    for name, namespace in sorted(prefixes(base).items(), key=lambda kv: -len(kv[1])):
        if text.startswith(namespace):
            return f"{name}:{text[len(namespace):]}"
    return text
