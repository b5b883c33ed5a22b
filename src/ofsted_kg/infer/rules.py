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


def series_update(uris: Uris = Uris()) -> str:
    """SPARQL UPDATE: drop the series graph and recompute okg:previousInspection links."""
    return _with_base(load_rule("series"), uris)


def stated_links_update(uris: Uris = Uris()) -> str:
    """SPARQL UPDATE: okg:statedPersistsFrom / okg:statedResolvedFrom from stated relations."""
    return _with_base(load_rule("stated-links"), uris)


def inference_updates(uris: Uris = Uris()) -> list[str]:
    """All rule updates, in the order to run them."""
    return [_with_base(load_rule(name), uris) for name in RULE_ORDER]


def apply_rules(dataset, uris: Uris = Uris()) -> None:
    """Run every rule on an rdflib Dataset (Oxigraph-backed or in memory)."""
    for update in inference_updates(uris):
        dataset.update(update)
