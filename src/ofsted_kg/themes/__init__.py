"""Stage 3, themes: tag findings with the SKOS themes of ``ontology/themes.ttl``.

``scheme`` loads the theme scheme, ``classifier`` is the explainable rule-based classifier
(``classify`` here: the rules alone), ``learned`` the learned model that runs after the rules and
makes the final choice (``learned.classify``: what the pipeline tags with), ``semantic`` the
optional embedding-based variants and ``enrich`` the step the pipeline runs on every parsed
document.
"""

from .classifier import CLASSIFIER_VERSION, classify, score_themes, tag_document
from .enrich import enrich
from .scheme import ThemeScheme, load_scheme

__all__ = ["CLASSIFIER_VERSION", "ThemeScheme", "classify", "enrich", "load_scheme", "score_themes", "tag_document"]
