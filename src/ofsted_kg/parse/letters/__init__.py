"""Parser of the 2009-2012 inspection letters (plain text): ``detect`` and ``parse``.

``parser`` holds the document-level parse; ``blocks`` finds the letter's paragraphs,
lists and headed sections; ``people`` reads the recipient, signatory and copy lines.
"""

from .parser import detect, parse

__all__ = ["detect", "parse"]
