"""Project-made enrichment of parsed documents (theme tags), kept apart from parsing."""

from __future__ import annotations

from ..model import ParsedDocument
from .classifier import tag_document


def enrich(document: ParsedDocument) -> ParsedDocument:
    """Tag every finding with 1-3 themes (the classifier records why, and its version)."""
    return tag_document(document)
