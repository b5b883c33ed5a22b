"""Stage 3, themes: tag findings with the SKOS themes of ``ontology/themes.ttl``.

``scheme`` loads the theme scheme, ``classifier`` is the explainable rule-based classifier
(``classify`` here: the rules alone), ``learned`` the learned model that runs after the rules,
``encoder`` the fine-tuned sentence encoder blended with it, ``enrich`` the step the pipeline runs
on every parsed document (``enrich.classify``: what the pipeline tags with: rules, learned model
and encoder), and ``semantic`` the optional embedding-based variants.
"""

from .classifier import CLASSIFIER_VERSION, classify, score_themes, tag_document
from .enrich import enrich
from .scheme import ThemeScheme, load_scheme

__all__ = ["CLASSIFIER_VERSION", "ThemeScheme", "classify", "enrich", "load_scheme", "score_themes", "tag_document"]
