"""Project-made enrichment of parsed documents (theme tags), kept apart from parsing."""

from __future__ import annotations

from ..model import ParsedDocument
from .learned import tag_document


def enrich(document: ParsedDocument) -> ParsedDocument:
    """Tag every finding with up to 3 themes: the rules' tags, then the learned model's choice
    (``themes.learned``); each tag records why, and the classifier's version."""
    return tag_document(document)
