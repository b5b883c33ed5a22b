"""Where the project's data files live (ontology, shapes, queries, bundled data), and the
one loader of the SPARQL the code runs itself.

In a source checkout (or an editable install) they are the top-level folders of
the repository; in a wheel they are packaged under ``ofsted_kg/_resources``.
They are loaded at run time and never duplicated in code. SPARQL comes in three
kinds, each in its own folder: the stored queries users run (``queries/*.rq``), the
code's own SELECT queries (``queries/internal/*.rq``) and the inference rules
(``ontology/rules/*.rq``, SPARQL UPDATE); ``sparql(kind, name)`` reads the last two.
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


def site_queries_dir() -> Path:
    """The SPARQL of ``serve``'s own pages (``serve/queries/``, inside the package)."""
    return _PACKAGE / "serve" / "queries"


def reference_csv() -> Path:
    return data_dir() / "reference" / "local-authorities.csv"


#: Folders of the SPARQL the code runs itself, by kind.
SPARQL_FOLDERS = {
    "query": ("queries", "internal"),  # SELECT queries the code runs (pictures, recurrence input)
    "rule": ("ontology", "rules"),  # SPARQL UPDATE inference rules
}


def sparql(kind: str, name: str) -> str:
    """The text of the ``kind`` (``query`` or ``rule``) SPARQL file ``name``.rq."""
    folder = root().joinpath(*SPARQL_FOLDERS[kind])
    path = folder / f"{name}.rq"
    if not path.is_file():
        raise FileNotFoundError(f"no {kind} {name!r} in {folder}")
    return path.read_text(encoding="utf-8")
