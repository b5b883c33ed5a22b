"""Stage 6, store: named graphs in a persistent Oxigraph database (``knowledge``), and the
conversions between rdflib terms, pyoxigraph terms and library-free values (``terms``)."""

from .knowledge import ADDED, REPLACED, UNCHANGED, KnowledgeStore, ResultTable, inject_values
from .terms import Value

__all__ = ["ADDED", "REPLACED", "UNCHANGED", "KnowledgeStore", "ResultTable", "Value", "inject_values"]
