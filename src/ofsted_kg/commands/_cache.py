"""What the build remembers between runs, in ``DIR/.cache/`` (safe to delete: the next build redoes it).

- ``documents.jsonl``: one entry per document built, keyed by the SHA-256 of its file's
  bytes: its parse record, the names of its graph and of the document it describes, and
  its own SHACL report (``shapes/document/``). A file whose bytes and the code fingerprint
  are unchanged is not read, parsed, converted or validated again.
- ``state.json``: the fingerprint of the code, shapes, rules and ontology, and a digest
  of the last build's inputs (every file's name and hash); a rebuild with the same digest
  and all outputs present touches nothing.
- ``graphs/``: each document graph's triples as sorted N-Triples lines, which ``graph.ttl`` is
  merged from (a graph's name is its document's hash, so an unchanged one is not read again).
- ``pictures.json``: per picture, a digest of the input it was last drawn from; a picture
  whose input is unchanged is not drawn again.

Every write is atomic, and the whole cache is dropped when the fingerprint changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..store.atomic import atomic_write

CACHE_DIR = ".cache"
PICTURES_CACHE = "pictures.json"  # picture -> digest of the input it was last drawn from
GRAPHS_CACHE = "graphs"  # each document graph's sorted N-Triples, for graph.ttl (export.stream.GraphRuns)
CHUNK = 1 << 20


@dataclass(frozen=True)
class DocumentEntry:
    """One built document: enough to skip it next time and still write every output."""

    sha256: str
    graph: str
    subject: str
    record: dict[str, Any]
    conforms: bool
    report: str  # its SHACL report graph as N-Triples

    def relabelled(self, label: str) -> "DocumentEntry":
        """The same entry for the same bytes found under another name."""
        if self.record.get("source") == label:
            return self
        return DocumentEntry(
            self.sha256,
            self.graph,
            self.subject,
            dict(self.record, source=label),
            self.conforms,
            self.report,
        )


class BuildCache:
    def __init__(self, out: Path, fingerprint: str) -> None:
        self.folder = Path(out) / CACHE_DIR
        self.fingerprint = fingerprint
        state = _read_json(self.folder / "state.json") or {}
        self.code_changed = state.get("fingerprint") != fingerprint
        self.last_inputs = None if self.code_changed else state.get("inputs")
        self.documents: dict[str, DocumentEntry] = (
            {} if self.code_changed else self._read_documents()
        )
        self._dirty = self.code_changed
        if self.code_changed:  # the drawing code may have changed too: draw every picture again
            (self.folder / PICTURES_CACHE).unlink(missing_ok=True)
            shutil.rmtree(self.folder / GRAPHS_CACHE, ignore_errors=True)  # a graph's name may hold new triples

    def _read_documents(self) -> dict[str, DocumentEntry]:
        entries = {}
        path = self.folder / "documents.jsonl"
        try:
            with path.open(encoding="utf-8") as lines:
                for line in lines:
                    try:
                        entry = DocumentEntry(**json.loads(line))
                    except (TypeError, ValueError):
                        continue  # a damaged line only costs a re-parse
                    entries[entry.sha256] = entry
        except OSError:
            pass
        return entries

    def get(self, sha256: str | None) -> DocumentEntry | None:
        return self.documents.get(sha256) if sha256 else None

    def put(self, entry: DocumentEntry) -> None:
        if self.documents.get(entry.sha256) != entry:
            self.documents[entry.sha256] = entry
            self._dirty = True

    def keep_only(self, sha256s: set[str]) -> None:
        """Forget documents no longer in the sources."""
        gone = set(self.documents) - sha256s
        for sha in gone:
            del self.documents[sha]
        self._dirty = self._dirty or bool(gone)

    def save(self, inputs: str) -> None:
        if self._dirty:
            atomic_write(
                self.folder / "documents.jsonl",
                "".join(
                    json.dumps(asdict(e), ensure_ascii=False, sort_keys=True) + "\n"
                    for _, e in sorted(self.documents.items())
                ),
            )
        if self._dirty or inputs != self.last_inputs:
            atomic_write(
                self.folder / "state.json",
                json.dumps({"fingerprint": self.fingerprint, "inputs": inputs}) + "\n",
            )


def file_sha256(path: str | os.PathLike[str]) -> str | None:
    """SHA-256 of a regular file's bytes, or ``None`` (not a regular file, unreadable): the
    workers then read it and report what is wrong."""
    try:
        if not Path(path).is_file():
            return None
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return None


def inputs_digest(fingerprint: str, base: str, files: list[tuple[str, str | None]]) -> str:
    digest = hashlib.sha256(f"{fingerprint}\n{base}\n".encode())
    for label, sha in sorted(files, key=lambda pair: pair[0]):
        digest.update(f"{label}\t{sha}\n".encode())
    return digest.hexdigest()


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
