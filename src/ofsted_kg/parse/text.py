"""Text helpers every parser shares."""

from __future__ import annotations

#: What pypdfium2 gives for a soft hyphen (a line-end hyphenation point) in a PDF's text.
PDFIUM_HYPHEN = "\ufffe"


def collapse(text: str) -> str:
    """Runs of white space as one space, ends stripped; pdfium's hyphen mark as ``-``.

    (``str.split()`` splits at exactly the characters ``\\s`` matches, 4x faster than the regex.)"""
    return " ".join(text.replace(PDFIUM_HYPHEN, "-").split())
