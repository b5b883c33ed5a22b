"""Shared fixtures: paths to the bundled data, and the goldens. Tests are offline and need no
../shared.

Tests mirror the package: ``tests/<stage>/`` holds the tests of ``ofsted_kg/<stage>/``;
the tests of the top-level modules and of the whole build are in ``tests/`` itself.

Goldens live in ``tests/golden/<stage>/<name>.<ext>``, where ``name`` is ``golden_name(path)``
for a bundled source (its path under ``data/letters/`` or ``data/reports/``, ``/`` as ``__``,
no suffix) and the case or query name otherwise. One switch regenerates every golden::

    .venv/bin/python -m pytest --regen-goldens

then review ``git diff tests/golden``: every changed value must be checked against the
source document before it is committed.
"""

from __future__ import annotations

import http.server
import json
import threading
from pathlib import Path
from collections.abc import Callable
from typing import Any

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
DATA = ROOT / "data"
LETTERS = DATA / "letters"
REPORTS = DATA / "reports"
FIXTURES = TESTS / "fixtures"
GOLDEN = TESTS / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen-goldens", action="store_true", default=False,
                     help="write every golden file from the current output instead of comparing")


def golden_name(path: str | Path) -> str:
    """The golden name of a bundled source: ``data/reports/a/2019-01-17.pdf`` -> ``a__2019-01-17``."""
    relative = Path(path).resolve().relative_to(DATA)
    return "__".join(relative.with_suffix("").parts[1:])


class Goldens:
    """Reads goldens, or (with ``--regen-goldens``) writes them from what the test got."""

    def __init__(self, regenerate: bool) -> None:
        self.regenerate = regenerate

    def path(self, stage: str, name: str, suffix: str) -> Path:
        return GOLDEN / stage / f"{name}{suffix}"

    def text(self, stage: str, name: str, suffix: str, actual: str,
             same: Callable[[str, str], bool] = str.__eq__) -> str:
        """The golden text; when regenerating, ``actual`` is written first unless the golden is
        already the ``same`` (so a regeneration that changes nothing leaves every file alone)."""
        path = self.path(stage, name, suffix)
        if self.regenerate and not (path.is_file() and same(path.read_text(encoding="utf-8"), actual)):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8", newline="")
        assert path.is_file(), f"no golden {path.relative_to(ROOT)}: run pytest --regen-goldens"
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()

    def json(self, stage: str, name: str, actual: Any, indent: int = 1) -> Any:
        """The golden JSON value (written from ``actual`` first when regenerating, in the
        indentation the golden already has)."""
        path = self.path(stage, name, ".json")
        lines = path.read_text(encoding="utf-8").split("\n", 2) if path.is_file() else []
        if len(lines) > 1 and lines[1].startswith(" "):
            indent = len(lines[1]) - len(lines[1].lstrip(" "))
        text = json.dumps(actual, indent=indent, ensure_ascii=False) + "\n"
        return json.loads(self.text(stage, name, ".json", text, lambda old, new: json.loads(old) == actual))


@pytest.fixture(scope="session")
def golden(request: pytest.FixtureRequest) -> Goldens:
    return Goldens(bool(request.config.getoption("--regen-goldens")))


@pytest.fixture(scope="session")
def root_dir() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def letters_dir() -> Path:
    return LETTERS


@pytest.fixture(scope="session")
def reports_dir() -> Path:
    return REPORTS


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def bundled_out() -> Path:
    """The output folder of one build of the bundled data, shared by the session."""
    from bundled import bundled_build_dir

    return bundled_build_dir()


@pytest.fixture(scope="session")
def bundled_store(bundled_out):
    """The bundled build's store, read-only."""
    from ofsted_kg.store.knowledge import KnowledgeStore

    with KnowledgeStore(bundled_out / "store", read_only=True) as opened:
        yield opened


class NetworkUsed(AssertionError):
    """Raised (and recorded) when code under test tries to open a network connection."""


@pytest.fixture
def no_network(monkeypatch):
    """Fail any attempt to resolve a host name or connect a socket; yields the list of attempts.

    Reusable: any test that must stay offline (build, export, query) takes this fixture and
    asserts the list is empty at the end (attempts also raise ``NetworkUsed``, which code that
    swallows ``OSError`` cannot mistake for an ordinary network failure). It patches Python's
    socket layer (Unix-domain sockets, which are local, stay allowed): HTTP done inside a
    native library (e.g. Oxigraph's SERVICE client) bypasses
    it, so a test of such a path needs a local listening socket that counts connections too.
    """
    import socket

    attempts: list[str] = []

    def refuse(what, original):
        def blocked(*args, **kwargs):
            if what.startswith("socket.") and args and getattr(args[0], "family", None) == socket.AF_UNIX:
                return original(*args, **kwargs)  # local IPC (e.g. multiprocessing's workers), not network
            target = args[1] if what.startswith("socket.") and len(args) > 1 else (args[0] if args else kwargs)
            attempts.append(f"{what}({target!r})")
            raise NetworkUsed(f"network use in an offline test: {what}({target!r})")

        return blocked

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse(f"socket.{name}", getattr(socket.socket, name)))
    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "create_connection"):
        monkeypatch.setattr(socket, name, refuse(name, getattr(socket, name)))
    yield attempts


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []

    def _answer(self) -> None:
        type(self).seen.append(f"{self.command} {self.path}")
        body = b'{"head":{"vars":["leak"]},"results":{"bindings":[{"leak":{"type":"literal","value":"remote"}}]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def remote():
    """A loopback SPARQL 'endpoint' that records every request it gets."""
    _Recorder.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", _Recorder.seen
    server.shutdown()
    server.server_close()


@pytest.fixture()
def out_dir(tmp_path) -> Path:
    """A build output folder: a store of 30 triples (``<https://example.org/s0..s29> <…/p> "000".."029"``
    in the graph ``<https://example.org/graph/1>``), stamped "built" (``query/answers.py``)."""
    import pyoxigraph as ox

    from ofsted_kg.query import answers
    from ofsted_kg.store import KnowledgeStore

    ex = "https://example.org/"
    with KnowledgeStore(tmp_path / "store") as store:
        store.load_graph(ex + "graph/1", [(ox.NamedNode(f"{ex}s{i}"), ox.NamedNode(ex + "p"), ox.Literal(f"{i:03d}"))
                                          for i in range(30)])
    answers.stamp(tmp_path, "built")
    return tmp_path
