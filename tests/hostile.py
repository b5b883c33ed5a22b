"""The one invariant every parser keeps on any input, however hostile (used by the property tests
of ``tests/parse``).

``detect`` scores in [0, 1]; ``parse`` either raises a typed ``OfstedKGError`` or returns a
document that keeps the text it was given, whose warnings are non-empty strings, and whose
findings each have text and a NON-EMPTY evidence span: ``0 <= start < end <= len(text)``
with something other than white space in ``text[start:end]``. An empty span is not allowed:
it would give the finding an empty ``oa:exact`` quote, that is, no evidence at all.
"""

from __future__ import annotations

from ofsted_kg import OfstedKGError, ParsedDocument, SourceDocument


def check_parser(module, source: SourceDocument) -> ParsedDocument | None:
    """Run ``module.detect`` and ``module.parse`` on ``source`` and check the invariant."""
    score = module.detect(source)
    assert 0.0 <= score <= 1.0, score
    try:
        doc = module.parse(source)
    except OfstedKGError:
        return None
    check_document(doc, source.text or "")
    return doc


def check_document(doc: ParsedDocument, text: str) -> None:
    assert doc.text == text
    for finding in doc.findings:
        assert 0 <= finding.start < finding.end <= len(text), (finding.start, finding.end, len(text))
        assert text[finding.start : finding.end].strip(), "a finding's evidence span is blank"
        assert finding.text.strip()
    for warning in doc.warnings:
        assert isinstance(warning, str) and warning
