"""Project-made enrichment of parsed documents (theme tags), kept apart from parsing.

:func:`classify` is the product's theme classifier: the rules (:mod:`.classifier`) run first; the
learned model (:mod:`.learned`) scores every theme given the text and what the rules found; the
fine-tuned encoder (:mod:`.encoder`) scores every theme from the text; the two probabilities are
blended with the encoder's stored weight, and up to three themes are chosen with the blend's
threshold and floor (:func:`.learned.combine`). Each tag records why (the rules' cue, or the word
of the text that added most to the learned model's score) and the classifiers that made it.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Finding, ParsedDocument, ThemeTag
from .classifier import classify_ranked, score_themes
from .encoder import load_encoder
from .learned import combine, load_model


def classify(text: str, category: str | None = None, addressee: str | None = None) -> tuple[ThemeTag, ...]:
    """0 to 3 themes for a finding, most probable first (module docstring). ``category`` is
    accepted for the rules' signature; no classifier uses it."""
    text = text or ""
    ranked = score_themes(text)
    rules = classify_ranked(ranked, addressee)
    encoder = load_encoder()
    return combine(text, rules, load_model(), addressee, ranked, encoder.probabilities(text), encoder.blend)


def tag_finding(finding: Finding) -> Finding:
    return replace(finding, themes=classify(finding.text, finding.category, finding.addressee))


def enrich(document: ParsedDocument) -> ParsedDocument:
    """The document with every finding's ``themes`` filled by :func:`classify`."""
    return replace(document, findings=tuple(tag_finding(f) for f in document.findings))
