"""The theme network as GraphML and GEXF, for Gephi, yEd, Cytoscape… (deterministic).

Both keep the multigraph: an edge's key (its kind, ``co-occurrence`` or
``persistence``) is its GraphML ``id`` / GEXF edge ``key`` attribute, and ``kind``
is also an ordinary edge attribute. ``networkx.read_graphml(path, force_multigraph=True)``
and ``networkx.read_gexf(path)`` read them back.
"""

from __future__ import annotations

import io
from xml.etree.ElementTree import SubElement

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter


def _exportable(graph: nx.MultiGraph) -> nx.MultiGraph:
    """A copy whose attributes are all str/int/float (no None, tuples or sets)."""

    def clean(data: dict) -> dict:
        out = {}
        for key, value in data.items():
            if value is None:
                value = ""
            elif isinstance(value, (tuple, list, set, frozenset)):
                value = ", ".join(str(v) for v in sorted(value, key=str))
            elif not isinstance(value, (str, int, float)) or isinstance(value, bool):
                value = str(value)
            out[str(key)] = value
        return out

    copy = nx.MultiGraph()
    copy.graph.update(clean(graph.graph))
    for n in sorted(graph.nodes):
        copy.add_node(n, **clean(graph.nodes[n]))
    for u, v, k, d in sorted(graph.edges(keys=True, data=True), key=lambda e: (min(e[:2]), max(e[:2]), e[2])):
        copy.add_edge(min(u, v), max(u, v), key=k, **clean(d))
    return copy


def graphml_bytes(graph: nx.MultiGraph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml_xml(_exportable(graph), buffer, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return buffer.getvalue()


def gexf_bytes(graph: nx.MultiGraph) -> bytes:
    """GEXF 1.2draft; ``lastmodifieddate`` is the last inspection drawn, not today."""
    exportable = _exportable(graph)
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.set("lastmodifieddate", str(graph.graph.get("last_inspection") or "1970-01-01"))
        description = SubElement(meta, "description")
        description.text = f"ofsted-kg theme network: {graph.graph.get('filters', 'all findings')}"
    writer.add_graph(exportable)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
