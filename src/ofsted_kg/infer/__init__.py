"""Stage 7, infer: links computed from what is in the store.

``rules`` runs the SPARQL UPDATE rules of ``ontology/rules/`` (inspection series, stated
links); ``recurrence`` finds recurring concerns between consecutive inspections (pure
Python) and ``recurrence_graph`` writes them to the recurrence graph.
"""

from .recurrence_graph import update_recurrence_graph
from .rules import inference_updates

__all__ = ["inference_updates", "update_recurrence_graph"]
