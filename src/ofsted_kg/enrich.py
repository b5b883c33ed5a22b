"""Project-made enrichment of parsed documents (theme tags), kept apart from parsing."""

from __future__ import annotations

from .model import ParsedDocument


def enrich(document: ParsedDocument) -> ParsedDocument:
    """Tag every finding with themes, when the theme classifier is available."""
    try:
        from .themes import tag_document
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__}.themes":
            raise
        return document
    return tag_document(document)
