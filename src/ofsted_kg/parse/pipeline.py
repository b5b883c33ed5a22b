"""Batch orchestration: read -> parse -> classify for many documents.

A bad document becomes a ``Failure`` (file, stage, reason) and the batch goes on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import Failure, OfstedKGError
from ..model import ParsedDocument
from . import parse_source
from ..read.documents import iter_paths, max_file_bytes, read_document


@dataclass(frozen=True)
class Outcome:
    """The result for one input: a parsed document or a failure, never both."""

    path: str
    document: ParsedDocument | None = None
    failure: Failure | None = None


def parse_path(path: str | os.PathLike[str], label: str | None = None) -> ParsedDocument:
    """Read and parse one file; raises ``OfstedKGError`` subclasses only."""
    source = read_document(path)
    if label is not None:
        from dataclasses import replace

        source = replace(source, path=label)
    try:
        return parse_source(source)
    except OfstedKGError as err:
        err.sha256 = err.sha256 or source.sha256  # failure records name the bytes that failed
        raise


def parse_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    enrich: Callable[[ParsedDocument], ParsedDocument] | None = None,
) -> Iterator[Outcome]:
    """Parse every document under ``paths`` in order; failures are yielded, not raised."""
    max_file_bytes()  # an invalid limit stops the command before any file is read
    for path in iter_paths(paths):
        label = str(path)
        try:
            document = parse_path(path)
            if enrich is not None:
                document = enrich(document)
        except OfstedKGError as err:
            yield Outcome(label, failure=Failure.from_error(err))
            continue
        yield Outcome(label, document=document)


def expand(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    return list(iter_paths(paths))
