"""Typed errors. Every error names the file and the pipeline stage it happened in.

A batch never stops on one of these: the pipeline records it and carries on.
"""

from __future__ import annotations

from dataclasses import dataclass


class OfstedKGError(Exception):
    """Base class of every error the package raises on purpose."""

    stage: str = "unknown"

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


class ParseError(OfstedKGError):
    """The document was recognised but its structure could not be parsed."""

    stage = "parse"


class ConvertError(OfstedKGError):
    """The parsed record could not be turned into RDF."""

    stage = "convert"


class StoreError(OfstedKGError):
    """The store could not be opened, loaded or queried."""

    stage = "store"


class QueryError(OfstedKGError):
    """A stored or ad-hoc query is missing, malformed, or lacks a parameter."""

    stage = "query"


class ServeError(OfstedKGError):
    """The server could not start (address in use, bad option)."""

    stage = "serve"


@dataclass(frozen=True)
class Failure:
    """A record of one document that failed, kept in batch results."""

    path: str
    stage: str
    reason: str

    @classmethod
    def from_error(cls, err: OfstedKGError) -> "Failure":
        return cls(err.path, err.stage, err.reason)

    def line(self) -> str:
        return f"{self.path}: {self.stage} error: {self.reason}"
