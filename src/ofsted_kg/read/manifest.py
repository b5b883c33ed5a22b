"""Manifests given with the sources: where each file was published, and when.

A manifest is a CSV file with a header row naming at least the columns ``file`` and one
of ``source_url`` / ``publication_date`` (``url``, ``published`` and ``publication date``
are accepted too; case and spaces do not matter); ``sha256`` is optional and, when
given, must match the file's bytes for the row to apply. ``file`` is relative to the
manifest's folder. ``data/reports/MANIFEST.csv`` is one.

The build finds ``MANIFEST.csv`` (any case) beside each source file or in a folder
above it, or takes ``--manifest FILE``. A row whose file is not among the sources is
ignored; a malformed manifest is a ``ManifestError`` naming the file and the row.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import ReadError

MANIFEST_NAMES = ("manifest.csv",)
_COLUMNS = {
    "file": ("file", "filename", "path"),
    "url": ("source_url", "url", "link", "source"),
    "published": ("publication_date", "published", "date_published", "issued"),
    "sha256": ("sha256", "sha_256"),
}


class ManifestError(ReadError):
    """A manifest of the sources could not be read."""

    stage = "manifest"


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """What a manifest says about one source file."""

    file: Path  # resolved path of the source file
    url: str | None = None
    published: date | None = None
    sha256: str | None = None
    manifest: str = ""  # the manifest it came from, for messages

    def describes(self, sha256: str) -> bool:
        return self.sha256 is None or self.sha256 == sha256.lower()


def _key(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().lower())


def _column(header: list[str], field: str) -> int | None:
    keys = [_key(h) for h in header]
    return next((keys.index(name) for name in _COLUMNS[field] if name in keys), None)


def read_manifest(path: str | os.PathLike[str]) -> list[SourceRecord]:
    """The rows of one manifest; raises ``ManifestError`` on a malformed file."""
    path = Path(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise ManifestError(str(path), f"cannot read: {err}") from None
    if not rows:
        raise ManifestError(str(path), "empty manifest (expected a header row: file, source_url, publication_date)")
    header, body = rows[0], rows[1:]
    columns = {field: _column(header, field) for field in _COLUMNS}
    if columns["file"] is None or (columns["url"] is None and columns["published"] is None):
        raise ManifestError(str(path), f"header {header!r} lacks a 'file' column and a 'source_url' or "
                                       "'publication_date' column")
    return [_record(path, n, row, columns) for n, row in enumerate(body, start=2) if any(cell.strip() for cell in row)]


def _record(path: Path, line: int, row: list[str], columns: dict[str, int | None]) -> SourceRecord:
    def cell(field: str) -> str | None:
        index = columns[field]
        value = row[index].strip() if index is not None and index < len(row) else ""
        return value or None

    name = cell("file")
    if name is None:
        raise ManifestError(f"{path}:{line}", "no file named")
    url = cell("url")
    if url is not None and not re.match(r"^[a-z][a-z0-9+.-]*://\S+$", url, re.I):
        raise ManifestError(f"{path}:{line}", f"source URL {url!r} is not an absolute URL")
    published = cell("published")
    try:
        when = date.fromisoformat(published) if published else None
    except ValueError:
        raise ManifestError(f"{path}:{line}", f"publication date {published!r} is not YYYY-MM-DD") from None
    sha = cell("sha256")
    return SourceRecord((path.parent / name).resolve(), url, when, sha.lower() if sha else None, str(path))


def find_manifests(sources: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Manifests beside or above the given source files and folders (nearest first, no repeats)."""
    found: list[Path] = []
    for source in sources:
        start = Path(source).resolve()
        folder = start if start.is_dir() else start.parent
        for candidate in (folder, *folder.parents):
            manifest = _manifest_in(candidate)
            if manifest is not None:
                if manifest not in found:
                    found.append(manifest)
                break
    return found


def _manifest_in(folder: Path) -> Path | None:
    try:
        names = sorted(p for p in folder.iterdir() if p.name.lower() in MANIFEST_NAMES and p.is_file())
    except OSError:
        return None
    return names[0] if names else None


class Manifests:
    """Look-up of source records by file; earlier manifests win over later ones."""

    def __init__(self, records: Iterable[SourceRecord] = ()) -> None:
        self._by_file: dict[Path, SourceRecord] = {}
        for record in records:
            self._by_file.setdefault(record.file, record)

    @classmethod
    def load(cls, paths: Iterable[str | os.PathLike[str]]) -> "Manifests":
        return cls(record for path in paths for record in read_manifest(path))

    def __len__(self) -> int:
        return len(self._by_file)

    def listed(self, source: str | os.PathLike[str]) -> bool:
        """Whether a manifest names ``source`` (whatever bytes it describes)."""
        return Path(source).resolve() in self._by_file

    def lookup(self, source: str | os.PathLike[str], sha256: str) -> SourceRecord | None:
        """The record of ``source`` if a manifest lists it for these bytes."""
        record = self._by_file.get(Path(source).resolve())
        return record if record is not None and record.describes(sha256) else None
