"""Where the project's data files live: ontology, shapes, queries, bundled data.

In a source checkout (or an editable install) they are the top-level folders of
the repository; in a wheel they are packaged under ``ofsted_kg/_resources``.
They are loaded at run time and never duplicated in code.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def root() -> Path:
    """The folder holding ``ontology/``, ``shapes/``, ``queries/`` and ``data/``."""
    packaged = _PACKAGE / "_resources"
    if (packaged / "ontology").is_dir():
        return packaged
    checkout = _PACKAGE.parent.parent
    if (checkout / "ontology").is_dir():
        return checkout
    raise FileNotFoundError("ofsted-kg resources (ontology/, shapes/, queries/, data/) not found")


def ontology_dir() -> Path:
    return root() / "ontology"


def shapes_dir() -> Path:
    return root() / "shapes"


def queries_dir() -> Path:
    return root() / "queries"


def data_dir() -> Path:
    return root() / "data"


def reference_csv() -> Path:
    return data_dir() / "reference" / "local-authorities.csv"
