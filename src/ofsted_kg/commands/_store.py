"""Shared by the read commands: ``--store DIR`` (the build's output folder; the store is DIR/store)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import StoreError
from ..store.knowledge import KnowledgeStore

DEFAULT_OUT = "out"


def add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", metavar="DIR", default=DEFAULT_OUT,
                        help=f"the build's output folder holding store/ (default: {DEFAULT_OUT}/)")


def store_path(directory: str | Path) -> Path:
    """The store folder under ``directory``; a missing one is a clear ``StoreError``."""
    path = Path(directory) / "store"
    if not path.is_dir():
        raise StoreError(str(path), "no store here; run `ofsted-kg build` first (or give --store DIR)")
    return path


def open_store(directory: str | Path) -> KnowledgeStore:
    """The store under ``directory``, read-only; a missing one is a clear ``StoreError``."""
    return KnowledgeStore(store_path(directory), read_only=True)
