"""Stage 5, validate: the graph against the SHACL shapes (``shacl``) and the ontology's
consistency under an OWL reasoner (``reason``)."""

from .shacl import ValidationResult, load_shapes, validate

__all__ = ["ValidationResult", "load_shapes", "validate"]
