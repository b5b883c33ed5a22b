"""Fixtures of the query tests."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from ofsted_kg.query import answers
from ofsted_kg.store import KnowledgeStore

EX = "https://example.org/"


@pytest.fixture()
def out_dir(tmp_path) -> Path:
    """A build output folder: a store of 30 triples (``EX s0..s29 EX p "000".."029"``), stamped "built"."""
    with KnowledgeStore(tmp_path / "store") as store:
        store.load_graph(EX + "graph/1", [(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(EX + "p"), ox.Literal(f"{i:03d}"))
                                          for i in range(30)])
    answers.stamp(tmp_path, "built")
    return tmp_path
