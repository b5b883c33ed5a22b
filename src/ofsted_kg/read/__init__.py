"""Stage 1, read: files on disk -> ``SourceDocument`` (text; PDF pages via pypdfium2)."""

from .documents import iter_paths, normalise_text, read_bytes, read_document

__all__ = ["iter_paths", "normalise_text", "read_bytes", "read_document"]
