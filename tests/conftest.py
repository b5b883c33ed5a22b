"""Shared fixtures: paths to the bundled data. Tests are offline and need no ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
LETTERS = DATA / "letters"
REPORTS = DATA / "reports"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def letters_dir() -> Path:
    return LETTERS


@pytest.fixture(scope="session")
def reports_dir() -> Path:
    return REPORTS


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


class NetworkUsed(AssertionError):
    """Raised (and recorded) when code under test tries to open a network connection."""


@pytest.fixture
def no_network(monkeypatch):
    """Fail any attempt to resolve a host name or connect a socket; yields the list of attempts.

    Reusable: any test that must stay offline (build, export, query) takes this fixture and
    asserts the list is empty at the end (attempts also raise ``NetworkUsed``, which code that
    swallows ``OSError`` cannot mistake for an ordinary network failure). It patches Python's
    socket layer: HTTP done inside a native library (e.g. Oxigraph's SERVICE client) bypasses
    it, so a test of such a path needs a local listening socket that counts connections too.
    """
    import socket

    attempts: list[str] = []

    def refuse(what):
        def blocked(*args, **kwargs):
            target = args[1] if what.startswith("socket.") and len(args) > 1 else (args[0] if args else kwargs)
            attempts.append(f"{what}({target!r})")
            raise NetworkUsed(f"network use in an offline test: {what}({target!r})")

        return blocked

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse(f"socket.{name}"))
    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "create_connection"):
        monkeypatch.setattr(socket, name, refuse(name))
    yield attempts
