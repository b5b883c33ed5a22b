"""The union graph as a stream of sorted, distinct N-Triples lines, in bounded memory.

Each graph is dumped by Oxigraph itself (``Store.dump``: no Python object per triple),
its lines sorted in memory a batch of ``BATCH`` graphs at a time and written to a
temporary run file; the runs are merged (``heapq.merge``) and equal lines dropped. Lines
holding blank nodes are set apart, given the canonical labels of ``common._relabel``
(which depend only on the triples around each blank node, so they are the same as when
the whole graph is relabelled at once) and merged in. Memory is one batch of graphs, not
the store; the order is that of the lines' bytes, which keeps each subject's triples (and
each subject-predicate pair's) together, as Turtle's grouping needs.
"""

from __future__ import annotations

import hashlib
import heapq
import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from .common import _relabel

#: graphs sorted together in memory before their run is written to a temporary file
BATCH = 64


class GraphRuns:
    """Each content-named graph's lines (graphs whose name starts with ``prefix``: the same name
    always holds the same triples), kept in ``folder`` so an unchanged graph is not dumped again.

    The owner empties ``folder`` whenever a name may come to hold other triples (the build: when
    the code fingerprint changes). Graphs holding blank nodes are not kept.
    """

    def __init__(self, folder: Path, prefix: str) -> None:
        self.folder, self.prefix = Path(folder), prefix

    def _path(self, name: str) -> Path:
        return self.folder / (hashlib.sha256(name.encode()).hexdigest() + ".nt")

    def lines(self, store: ox.Store, graph) -> tuple[list[bytes], bool]:
        """The graph's N-Triples lines, and whether they may hold blank nodes."""
        if not isinstance(graph, ox.NamedNode) or not graph.value.startswith(self.prefix):
            return _dump(store, graph), True
        path = self._path(graph.value)
        try:
            kept = path.read_bytes()
            if kept.endswith(b"\n"):  # (a run cut short by a crash is dumped again)
                return kept.splitlines(keepends=True), False
        except OSError:
            pass
        lines = _dump(store, graph)
        if lines and not any(_has_blank_node(line) for line in lines):
            self._keep(path, b"".join(sorted(lines)))
            return lines, False
        return lines, True

    def keep_graph(self, name: str, ntriples: str) -> None:
        """Keep the run of the content-named graph ``name`` holding ``ntriples``, as the store
        would dump it (e.g. in the worker process that made the graph, so the export does not
        dump it again)."""
        if not name.startswith(self.prefix):
            return
        graph = ox.Store()  # in memory: the same terms, encoded and written back as the store's dump does
        graph.bulk_load(ntriples.encode(), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
        lines = _dump(graph, ox.DefaultGraph())
        if lines and not any(_has_blank_node(line) for line in lines):
            self._keep(self._path(name), b"".join(sorted(lines)))

    def _keep(self, path: Path, data: bytes) -> None:
        """Write a run (a cache: renamed into place, not synced to disk; mode as ``open`` gives it)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)

    def keep_only(self, names: Iterable[str]) -> None:
        """Forget the runs of graphs not in ``names``."""
        wanted = {self._path(n).name for n in names if n.startswith(self.prefix)}
        for path in self.folder.glob("*.nt") if self.folder.is_dir() else ():
            if path.name not in wanted:
                path.unlink(missing_ok=True)


def _dump(store: ox.Store, graph) -> list[bytes]:
    return store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph).splitlines(keepends=True)


def union_lines(store, runs: GraphRuns | None = None, sizes: dict[str, int] | None = None) -> Iterator[bytes]:
    """Every distinct triple of the union of ``store``'s graphs (a ``KnowledgeStore``) as one
    N-Triples line (ending in ``\\n``), sorted by its bytes; canonical blank-node labels.
    ``runs``: where content-named graphs' lines are kept between calls; ``sizes``, if given,
    receives the number of statements of each named graph."""
    oxs = store.oxigraph
    named = [ox.NamedNode(g) for g in store.graph_names()]  # (they hold the union graph's triples)
    graphs: list = named if store.has_union_graph() else [ox.DefaultGraph(), *named]
    blank: list[bytes] = []
    with tempfile.TemporaryFile() as spill:
        spilled: list[tuple[int, int]] = []  # (offset, length) of each sorted run in ``spill``
        first: list[bytes] | None = None
        batches = iter(graphs)
        while batch := list(islice(batches, BATCH)):
            lines = []
            for graph in batch:
                found, maybe_blank = runs.lines(oxs, graph) if runs is not None else (_dump(oxs, graph), True)
                if sizes is not None and isinstance(graph, ox.NamedNode):
                    sizes[graph.value] = len(found)
                if not maybe_blank:
                    lines += found
                    continue
                for line in found:
                    (blank if _has_blank_node(line) else lines).append(line)
            lines = sorted(set(lines))
            if first is None and len(graphs) <= BATCH:
                first = lines  # one batch: no need to spill
                break
            start = spill.tell()
            spill.writelines(lines)
            spilled.append((start, spill.tell() - start))
        spill.flush()  # the runs are read through the descriptor
        if runs is not None:
            runs.keep_only(g.value for g in graphs if isinstance(g, ox.NamedNode))
        streams: list[Iterable[bytes]] = [first] if first is not None else [_run(spill, o, n) for o, n in spilled]
        streams.append(_canonical_blank_lines(blank))
        previous = None
        for line in heapq.merge(*streams):
            if line != previous:
                yield line
                previous = line


def _run(spill: IO[bytes], offset: int, length: int) -> Iterator[bytes]:
    """The lines of one run of the spill file."""
    yield from io.BufferedReader(_Window(spill.fileno(), offset, length), buffer_size=1 << 16)


class _Window(io.RawIOBase):
    """``length`` bytes of the file ``fd`` from ``offset``, read with ``pread`` (the runs share
    one descriptor, so none may rely on its position)."""

    def __init__(self, fd: int, offset: int, length: int) -> None:
        self.fd, self.at, self.end = fd, offset, offset + length

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        size = min(len(buffer), self.end - self.at)
        if size <= 0:
            return 0
        data = os.pread(self.fd, size, self.at)
        buffer[: len(data)] = data
        self.at += len(data)
        return len(data)


def _has_blank_node(line: bytes) -> bool:
    """Whether an N-Triples line's subject or object is a blank node (IRIs and labels hold no space)."""
    if line.startswith(b"_:"):
        return True
    parts = line.split(b" ", 2)
    return len(parts) == 3 and parts[2].startswith(b"_:")


def _canonical_blank_lines(lines: list[bytes]) -> list[bytes]:
    if not lines:
        return []
    triples = ox.parse(b"".join(lines), format=ox.RdfFormat.N_TRIPLES)
    quads = _relabel([ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples])
    text = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES)
    return sorted(set(text.splitlines(keepends=True)))


class LineReader(io.RawIOBase):
    """A readable binary file over an iterator of byte strings (for ``pyoxigraph.parse``)."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self.chunks = iter(chunks)
        self.pending = b""
        self.count = 0  # chunks taken

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        """Fill ``buffer`` with as many chunks as fit (one call per buffer, not per chunk)."""
        view, filled = memoryview(buffer), 0
        while filled < len(view):
            if not self.pending:
                try:
                    self.pending = next(self.chunks)
                except StopIteration:
                    break
                self.count += 1
            size = min(len(view) - filled, len(self.pending))
            view[filled:filled + size] = self.pending[:size]
            self.pending = self.pending[size:]
            filled += size
        return filled


class PrefixesApart(io.RawIOBase):
    """A writable file that passes everything to ``handle`` but the ``@prefix`` lines at the
    start (pyoxigraph writes its own; the exports write theirs, sorted, with a blank line after)."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.head: bytes | None = b""

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        data = bytes(data)
        if self.head is None:
            self.handle.write(data)
            return len(data)
        self.head += data
        while self.head.startswith(b"@prefix ") and b"\n" in self.head:
            self.head = self.head[self.head.index(b"\n") + 1:]
        if self.head.startswith(b"@prefix ") or b"@prefix ".startswith(self.head):
            return len(data)  # wait for the rest of the line
        self.handle.write(self.head)
        self.head = None
        return len(data)

    def finish(self) -> None:
        if self.head:
            self.handle.write(self.head)
        self.head = None


def write_turtle(lines: Iterable[bytes], handle: IO[bytes], prefix_map: dict[str, str]) -> int:
    """N-Triples ``lines`` (sorted) as Turtle into ``handle``: the ``@prefix`` lines in the map's
    order, a blank line, then pyoxigraph's grouped triples; returns the number of triples."""
    handle.write(b"".join(f"@prefix {name}: <{iri}> .\n".encode() for name, iri in prefix_map.items()) + b"\n")
    reader = LineReader(lines)
    body = PrefixesApart(handle)
    triples = ox.parse(io.BufferedReader(reader, buffer_size=1 << 16), format=ox.RdfFormat.N_TRIPLES)
    ox.serialize(triples, body, format=ox.RdfFormat.TURTLE, prefixes=prefix_map)
    body.finish()
    return reader.count
