"""Typed errors. Every error names the file and the pipeline stage it happened in.

A batch never stops on one of these: the pipeline records it and carries on.
"""

from __future__ import annotations

from dataclasses import dataclass


class OfstedKGError(Exception):
    """Base class of every error the package raises on purpose."""

    stage: str = "unknown"
    #: SHA-256 of the file's bytes, when they were read (kept in failure records)
    sha256: str | None = None

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {self.stage}: {reason}")
        self.path = str(path)
        self.reason = reason

    def line(self) -> str:
        """One line for standard error: file, stage, reason."""
        return f"{self.path}: {self.stage} error: {self.reason}"


class ReadError(OfstedKGError):
    """The bytes could not be turned into text (empty, binary, undecodable, damaged PDF)."""

    stage = "read"


class NotADocumentError(ReadError):
    """The file is readable but is not an Ofsted document of a supported kind."""

    stage = "detect"


class UnsupportedDocumentError(NotADocumentError):
    """An Ofsted document of a type the project does not read yet (a monitoring-visit letter, say)."""

    def __init__(self, path: str, document_type: str) -> None:
        super().__init__(path, f"a {document_type} letter: this document type is not supported yet")
        self.document_type = document_type


class ParseError(OfstedKGError):
    """The document was recognised but its structure could not be parsed."""

    stage = "parse"


class ConvertError(OfstedKGError):
    """The parsed record could not be turned into RDF."""

    stage = "convert"


class StoreError(OfstedKGError):
    """The store could not be opened, loaded or queried."""

    stage = "store"


class StoreCorruptError(StoreError):
    """The store's files are damaged: it cannot be read, and ``build`` recreates it."""


class ValidateError(OfstedKGError):
    """The validation itself could not be run (e.g. its worker ran out of time or memory)."""

    stage = "validate"


class EncoderError(OfstedKGError):
    """The theme encoder's files (``ontology/themes-encoder.*``) are missing, damaged or do not agree."""

    stage = "themes"


class WriteError(OfstedKGError):
    """An output file could not be written (full disk, read-only place, a folder in the way)."""

    stage = "write"


class UsageError(OfstedKGError):
    """An option given on the command line is invalid (the path names the option)."""

    stage = "usage"


class QueryError(OfstedKGError):
    """A stored or ad-hoc query is missing, malformed, or lacks a parameter."""

    stage = "query"


class ServeError(OfstedKGError):
    """The server could not start (address in use, bad option)."""

    stage = "serve"


@dataclass(frozen=True)
class Failure:
    """A record of one document that failed, kept in batch results.

    ``sha256`` is the hash of the file's bytes (None when they could not be read) and
    ``error`` the class of the error (e.g. ``ReadError``, ``NotADocumentError``).
    """

    path: str
    stage: str
    reason: str
    sha256: str | None = None
    error: str = "OfstedKGError"

    @classmethod
    def from_error(cls, err: OfstedKGError, sha256: str | None = None) -> "Failure":
        return cls(err.path, err.stage, err.reason, err.sha256 or sha256, type(err).__name__)

    def line(self) -> str:
        return f"{self.path}: {self.stage} error: {self.reason}"
