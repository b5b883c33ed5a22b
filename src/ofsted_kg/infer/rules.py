"""Series and stated-link rules: SPARQL UPDATE files in ``ontology/rules/``, run on a store.

The rules use IRIs relative to the knowledge-graph base (``<graph/inferred/series>``);
the functions here prepend ``BASE <base>`` so one rule file serves any base.
Run ``inference_updates(uris)`` in order after (re)loading document graphs.
"""

from __future__ import annotations

from ..resources import sparql
from ..uris import Uris

#: Rules in the order they must run (later rules read what earlier ones wrote).
RULE_ORDER = ("series", "stated-links")


def load_rule(name: str) -> str:
    """The text of ``ontology/rules/{name}.rq``."""
    return sparql("rule", name)


def _with_base(text: str, uris: Uris) -> str:
    return f"BASE <{uris.base}>\n{text}"


def inference_updates(uris: Uris = Uris()) -> list[str]:
    """All rule updates, in the order to run them: ``series`` (okg:previousInspection links in
    the series graph), then ``stated-links`` (okg:statedPersistsFrom / okg:statedResolvedFrom)."""
    return [_with_base(load_rule(name), uris) for name in RULE_ORDER]


def written_graphs(uris: Uris = Uris()) -> list:
    """The named graphs the rules write: the series graph, and the scratch graph of the series
    rule (made and dropped within it)."""
    return [uris.series_graph, uris("graph/inferred/series-keys")]
