"""``build``: sources -> parsed records -> named graphs in the store -> inference -> validation -> files.

Each document's graph is named by its content hash, so a rebuild loads only changed
documents: an unchanged one is left alone, a changed one replaces its old graph in the
same transaction, and graphs of documents no longer in the sources are dropped. When the
code or the ontology changes (the fingerprint), every document graph is rebuilt.

Outputs in ``DIR`` are written atomically and are byte-identical for the same inputs;
the only volatile file is ``run.json`` (timings and what changed in the store).
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .store.atomic import atomic_write
from .errors import Failure, OfstedKGError, StoreCorruptError
from .parse.pipeline import Outcome, expand
from .read.manifest import Manifests, find_manifests
from .commands._progress import progress
from .resources import data_dir, ontology_dir, root
from .store.knowledge import KnowledgeStore
from .uris import DEFAULT_BASE, Uris, check_base

FINGERPRINT_FILE = ".store-fingerprint"


@dataclass(frozen=True)
class Steps:
    """The stages the build calls; the defaults are the project's modules (tests pass fakes)."""

    parse: Callable[[list[Path]], Iterable[Outcome]]
    convert_document: Callable[[Any, Uris], list]
    convert_reference: Callable[[Uris], list] | None
    inference: Callable[[Uris], list[str]]
    validate: Callable[[Any], Any]
    #: triples of the ontology and vocabularies (``Uris.ontology_graph``): queries read labels,
    #: grade ranks and the unfavourable categories from them
    convert_ontology: Callable[[], list] | None = None
    #: Python inference run after the SPARQL rules: (store, uris) -> number of links made
    recurrence: Callable[[KnowledgeStore, Uris], int] | None = None
    #: pictures of the validated graph: (store, folder) -> files written
    pictures: Callable[[KnowledgeStore, Path], list[Path]] | None = None
    #: what a manifest says about a document's file: (document, SourceRecord, uris) -> triples
    convert_source: Callable[[Any, Any, Uris], list] | None = None

    @classmethod
    def default(cls) -> "Steps":
        from .convert import document as convert
        from .infer import rules as infer
        from .validate import shacl as validation
        from .themes.enrich import enrich
        from .infer.recurrence_graph import update_recurrence_graph
        from .parse.pipeline import parse_paths
        from .convert.vocabularies import ontology_graph

        return cls(
            parse=lambda paths: parse_paths(paths, enrich=enrich),
            convert_document=convert.convert_document,
            convert_reference=convert.convert_reference,
            inference=infer.inference_updates,
            validate=validation.validate,
            convert_ontology=lambda: sorted(ontology_graph()),
            recurrence=update_recurrence_graph,
            pictures=draw_pictures,
            convert_source=convert.convert_source_record,
        )


def draw_pictures(store: KnowledgeStore, folder: Path) -> list[Path]:
    """The theme network, the authority timelines and the map of everything in the store (and no others)."""
    from .visualise.render import remove_stale, render_all, render_maps
    from .visualise.source import category_labels, latest_grades, pair_themes, rows_from

    rows, themes, persistence = rows_from(store)
    written = render_all(rows, themes, persistence, folder, category_labels=category_labels(store))
    written += render_maps(latest_grades(store), pair_themes(store), themes, folder)
    remove_stale(folder, written)  # e.g. the timeline of an authority no longer in the sources
    return written


@dataclass
class BuildResult:
    documents: list = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    changes: Counter = field(default_factory=Counter)
    timings: dict[str, float] = field(default_factory=dict)
    conforms: bool = False
    triples: int = 0
    graphs: int = 0
    recurrences: int = 0
    pictures: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 0 if self.conforms and not self.failures else 1


def default_sources() -> list[Path]:
    """The bundled letters and reports, named relative to the working folder when inside it
    (so records say ``data/letters/...`` wherever the checkout lives)."""
    cwd = Path.cwd()
    folders = [data_dir() / "letters", data_dir() / "reports"]
    return [f.relative_to(cwd) if f.is_relative_to(cwd) else f for f in folders]


def run_build(sources: list[str | Path] | None, out: Path, *, base: str = DEFAULT_BASE,
              quiet: bool = False, steps: Steps | None = None,
              manifests: list[str | Path] | None = None) -> BuildResult:
    """The whole build; bad documents are reported on stderr and skipped.

    ``manifests`` are CSV files giving each source's URL and publication date (see
    ``ofsted_kg.read.manifest``); manifests found beside or above the sources are used too."""
    check_base(base)
    sources = list(sources or default_sources())
    catalogue = Manifests.load([*(manifests or []), *find_manifests(sources)])
    try:
        return _build(sources, Path(out), base, quiet, steps or Steps.default(), catalogue)
    except StoreCorruptError as err:
        aside = move_aside(Path(out) / "store")
        print(f"ofsted-kg: {err.path}: the store is damaged; moved it to {aside} and rebuilding from the sources",
              file=sys.stderr)
        return _build(sources, Path(out), base, quiet, steps or Steps.default(), catalogue)


def move_aside(folder: Path) -> Path:
    """Rename a damaged ``folder`` to ``folder.damaged[-N]`` (kept for inspection) and return the new name."""
    aside = folder.with_name(f"{folder.name}.damaged")
    number = 1
    while aside.exists():
        number += 1
        aside = folder.with_name(f"{folder.name}.damaged-{number}")
    folder.rename(aside)
    return aside


def _build(sources: list[str | Path], out: Path, base: str, quiet: bool, steps: Steps,
           catalogue: Manifests) -> BuildResult:
    uris = Uris(base)
    result = BuildResult()
    clock = _Clock(result.timings)
    paths = outside(expand(sources), out, quiet)
    with KnowledgeStore(out / "store") as store:
        store.record_base(uris.base)
        with clock("documents"):
            if _fingerprint_changed(out, base):
                result.changes["dropped (code changed)"] = store.drop_graphs(_document_graphs(store, uris))
            _load_documents(store, steps, paths, uris, quiet, result)
        with clock("reference"):
            if steps.convert_reference is not None:
                store.replace_graph(uris.reference_graph, steps.convert_reference(uris))
            if steps.convert_ontology is not None:
                store.replace_graph(uris.ontology_graph, steps.convert_ontology())
            if steps.convert_source is not None:
                store.replace_graph(uris.sources_graph, _source_triples(steps, catalogue, result, uris))
        with clock("inference"):
            for update in steps.inference(uris):
                store.update(update)
            if steps.recurrence is not None:
                result.recurrences = steps.recurrence(store, uris)
        with clock("validate"):
            report = steps.validate(store.union_graph())
            result.conforms = bool(report.conforms)
        if steps.pictures is not None:
            with clock("pictures"):
                result.pictures = [p.relative_to(out).as_posix() for p in steps.pictures(store, out / "pictures")]
        with clock("write"):
            result.triples, result.graphs = store.triple_count(), len(store.graph_names())
            _write_outputs(store, out, uris, result, report)
        _save_fingerprint(out, base)
    run = {"timings_seconds": result.timings, "store_changes": dict(sorted(result.changes.items()))}
    atomic_write(out / "run.json", json.dumps(run, indent=1) + "\n")
    return result


def outside(paths: list[Path], out: Path, quiet: bool = False) -> list[Path]:
    """``paths`` less any inside the output folder: a build never reads its own outputs as sources."""
    folder = out.resolve()
    kept = [p for p in paths if not p.resolve().is_relative_to(folder)]
    if len(kept) < len(paths) and not quiet:
        print(f"ofsted-kg: skipped {len(paths) - len(kept)} files inside the output folder {out}",
              file=sys.stderr)
    return kept


def _load_documents(store: KnowledgeStore, steps: Steps, paths: list[Path], uris: Uris, quiet: bool,
                    result: BuildResult) -> None:
    loaded: dict[str, str] = {}  # document URI -> source, for this run
    kept: set[str] = set()
    for outcome in progress(steps.parse(paths), len(paths), "Building", enabled=False if quiet else None):
        failure = outcome.failure or _load_one(store, steps, outcome, uris, loaded, kept, result)
        if failure is not None:
            result.failures.append(failure)
            print(failure.line(), file=sys.stderr)
    stale = [g for g in _document_graphs(store, uris) if g not in kept]
    result.changes["removed"] += store.drop_graphs(stale)


def _load_one(store, steps, outcome, uris, loaded, kept, result) -> Failure | None:
    doc = outcome.document
    prefix = uris.document_graphs
    try:
        graph = str(uris.document_graph(doc))
        subject = str(uris.document(doc))
        if subject in loaded and graph not in kept:
            return Failure(outcome.path, "convert", f"same document URI {subject} as {loaded[subject]}",
                           doc.sha256, "ConvertError")
        replaces = [g for g in store.graphs_describing(subject)
                    if g.startswith(prefix) and g != graph and g not in kept]
        status = store.load_graph(graph, _lazy(steps.convert_document, doc, uris), replaces=replaces)
    except OfstedKGError as err:
        return Failure(outcome.path, err.stage, err.reason, doc.sha256, type(err).__name__)
    except Exception as exc:  # a converter bug must not lose the batch
        return Failure(outcome.path, "convert", f"{type(exc).__name__}: {exc}", doc.sha256, type(exc).__name__)
    loaded[subject] = outcome.path
    kept.add(graph)
    result.changes[status] += 1
    result.documents.append(doc)
    return None


def _source_triples(steps: Steps, catalogue: Manifests, result: BuildResult, uris: Uris) -> list:
    """The sources graph: what the manifests say about every loaded document's file."""
    triples = []
    for doc in result.documents:
        record = catalogue.lookup(doc.source, doc.sha256)
        if record is not None:
            triples += steps.convert_source(doc, record, uris)
        elif catalogue.listed(doc.source):
            print(f"{doc.source}: manifest warning: the manifest's SHA-256 for this file does not match its "
                  f"bytes ({doc.sha256[:12]}…); its URL and publication date are not used", file=sys.stderr)
    return triples


def _lazy(convert, doc, uris):
    """Convert only if the store needs the triples (an unchanged graph does not)."""
    yield from convert(doc, uris)


def _document_graphs(store: KnowledgeStore, uris: Uris) -> list[str]:
    return [g for g in store.graph_names() if g.startswith(uris.document_graphs)]


# -- fingerprint: rebuild everything when the code, ontology or reference data change ----
def fingerprint(base: str) -> str:
    digest = hashlib.sha256(base.encode())
    package = Path(__file__).resolve().parent
    files = (sorted(package.rglob("*.py")) + sorted(ontology_dir().glob("*"))
             + sorted((data_dir() / "reference").glob("*")))
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(root()) if path.is_relative_to(root()) else path.name).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _fingerprint_changed(out: Path, base: str) -> bool:
    saved = out / FINGERPRINT_FILE
    return not saved.is_file() or saved.read_text().strip() != fingerprint(base)


def _save_fingerprint(out: Path, base: str) -> None:
    atomic_write(out / FINGERPRINT_FILE, fingerprint(base) + "\n")


# -- outputs ------------------------------------------------------------------------
def _write_outputs(store: KnowledgeStore, out: Path, uris: Uris, result: BuildResult, report: Any) -> None:
    from .export import export, write_triples, write_void

    export(store, "turtle", out / "graph.ttl", uris)
    write_void(store, out / "void.ttl", uris, dumps=("graph.ttl",))
    write_triples(report.report_graph, out / "validation-report.ttl", uris)
    atomic_write(out / "validation.txt", report.text if report.text.endswith("\n") else report.text + "\n")
    atomic_write(out / "summary.json", json.dumps(summary(result), indent=1, ensure_ascii=False) + "\n")
    records = sorted((d.to_json() for d in result.documents), key=lambda r: r["source"])
    atomic_write(out / "records.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))


def summary(result: BuildResult) -> dict:
    """Counts per kind, framework and finding category; failures; conformance. No timings."""
    docs = result.documents
    return {
        "documents": len(docs),
        "failed": len(result.failures),
        "conforms": result.conforms,
        "graphs": result.graphs,
        "triples": result.triples,
        "kinds": _counts(d.kind for d in docs),
        "frameworks": _counts(d.framework or "none" for d in docs),
        "categories": _counts(f.category for d in docs for f in d.findings),
        "inferred_recurrences": result.recurrences,
        "pictures": sorted(result.pictures),
        "failures": [{"file": f.path, "stage": f.stage, "error": f.error, "reason": f.reason, "sha256": f.sha256}
                     for f in sorted(result.failures, key=lambda f: (f.path, f.stage))],
    }


def _counts(items: Iterable[str]) -> dict[str, int]:
    return dict(sorted(Counter(items).items()))


class _Clock:
    def __init__(self, timings: dict[str, float]) -> None:
        self.timings = timings

    def __call__(self, name: str):
        from contextlib import contextmanager

        @contextmanager
        def timed():
            start = time.perf_counter()
            try:
                yield
            finally:
                self.timings[name] = round(time.perf_counter() - start, 3)

        return timed()
