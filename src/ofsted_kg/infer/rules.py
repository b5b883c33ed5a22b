"""Series and stated-link rules: SPARQL UPDATE files in ``ontology/rules/``, run on a store.

The rules use IRIs relative to the knowledge-graph base (``<graph/inferred/series>``);
the functions here prepend ``BASE <base>`` so one rule file serves any base.
Run ``inference_updates(base)`` in order after (re)loading document graphs.
"""

from __future__ import annotations

from pathlib import Path

from ..convert.document import DEFAULT_BASE
from ..resources import ontology_dir

#: Rules in the order they must run (later rules read what earlier ones wrote).
RULE_ORDER = ("series", "stated-links")


def rules_dir() -> Path:
    return ontology_dir() / "rules"


def load_rule(name: str) -> str:
    """The text of ``ontology/rules/{name}.rq``."""
    path = rules_dir() / f"{name}.rq"
    if not path.is_file():
        raise FileNotFoundError(f"no rule {name!r} in {rules_dir()}")
    return path.read_text(encoding="utf-8")


def _with_base(text: str, base: str) -> str:
    return f"BASE <{base}>\n{text}"


def series_update(base: str = DEFAULT_BASE) -> str:
    """SPARQL UPDATE: drop the series graph and recompute okg:previousInspection links."""
    return _with_base(load_rule("series"), base)


def stated_links_update(base: str = DEFAULT_BASE) -> str:
    """SPARQL UPDATE: okg:statedPersistsFrom / okg:statedResolvedFrom from stated relations."""
    return _with_base(load_rule("stated-links"), base)


def inference_updates(base: str = DEFAULT_BASE) -> list[str]:
    """All rule updates, in the order to run them."""
    return [_with_base(load_rule(name), base) for name in RULE_ORDER]


def apply_rules(dataset, base: str = DEFAULT_BASE) -> None:
    """Run every rule on an rdflib Dataset (Oxigraph-backed or in memory)."""
    for update in inference_updates(base):
        dataset.update(update)
