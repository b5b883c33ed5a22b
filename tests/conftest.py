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


@pytest.fixture(scope="session")
def bundled_out() -> Path:
    """The output folder of one build of the bundled data, shared by the session."""
    from bundled import bundled_build_dir

    return bundled_build_dir()


@pytest.fixture(scope="session")
def bundled_store(bundled_out):
    """The bundled build's store, read-only."""
    from ofsted_kg.store import KnowledgeStore

    with KnowledgeStore(bundled_out / "store", read_only=True) as opened:
        yield opened
