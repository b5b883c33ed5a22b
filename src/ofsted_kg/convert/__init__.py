"""Stage 4, convert: ``ParsedDocument`` -> RDF triples of one named graph (no parsing here).

``document`` converts one parsed document, ``reference`` the reference table of
authorities, and ``vocabularies`` reads the ontology's concept schemes at run time.
"""

from .document import convert_document, convert_reference

__all__ = ["convert_document", "convert_reference"]
