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
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .commands._cache import (CACHE_DIR, GRAPHS_CACHE, PICTURES_CACHE, BuildCache, DocumentEntry, file_sha256,
                              inputs_digest)
from .commands._progress import Display
from .errors import Failure, OfstedKGError, StoreCorruptError, ValidateError
from .parse.pipeline import expand
from .query import answers
from .read.documents import max_file_bytes
from .read.manifest import Manifests, find_manifests
from .resources import data_dir, ontology_dir, root, shapes_dir
from .store.atomic import atomic_write
from .store.knowledge import UNCHANGED, KnowledgeStore, ntriples_body
from .uris import DEFAULT_BASE, Uris, check_base
from .workers import Background, Limits, run_bounded, run_one

#: Documents loaded between two flushes of the store.
FLUSH_EVERY = 100
OUTPUTS = ("graph.ttl", "void.ttl", "validation-report.ttl", "validation.txt", "summary.json", "records.jsonl")


@dataclass(frozen=True)
class Steps:
    """The stages the build calls; the defaults are the project's modules (tests pass fakes).

    ``read``, ``parse``, ``convert_document`` and ``validate_document`` run in worker
    processes, one document at a time; the others run in the building process.
    """

    read: Callable[[str], Any]
    parse: Callable[[Any], Any]
    convert_document: Callable[[Any, Uris], list]
    convert_reference: Callable[[Uris], list] | None
    inference: Callable[[Uris], list[str]]
    #: one document's triples -> its report against ``shapes/document/``
    validate_document: Callable[[list], Any]
    #: the report of ``shapes/corpus/`` over the union: of the store, or, when ``read_corpus``
    #: is given, of what it read from the store (then in a worker process, beside the writing)
    validate_corpus: Callable[[Any], Any]
    #: triples of the ontology and vocabularies (``Uris.ontology_graph``): queries read labels,
    #: grade ranks and the unfavourable categories from them
    convert_ontology: Callable[[], list] | None = None
    #: Python inference run after the SPARQL rules: (store, uris) -> number of links made
    recurrence: Callable[[KnowledgeStore, Uris], int] | None = None
    #: pictures of the graph: (store, folder) -> a job whose ``wait()`` gives the files written or kept
    #: (the drawing may go on in the background while the build validates and writes)
    pictures: Callable[[KnowledgeStore, Path], Any] | None = None
    #: what a manifest says about a document's file: (document, SourceRecord, uris) -> triples
    convert_source: Callable[[Any, Any, Uris], list] | None = None
    #: what the corpus validation reads from the store (in the building process), see ``validate_corpus``
    read_corpus: Callable[[KnowledgeStore], Any] | None = None
    #: the named graphs the ``inference`` updates write (the union graph follows them);
    #: None: any graph, and the union graph is made again from all of them
    inference_graphs: Callable[[Uris], list] | None = None
    #: reads, in the building process before it forks the worker processes, what the
    #: per-document stages read from data files (parsers, theme scheme, ontology, shapes):
    #: the workers inherit it instead of each reading it again
    prepare: Callable[[], None] | None = None
    #: after the inference of a build that changed the store: (store, out, state, limits) ->
    #: ``query.national.NationalAnswers``, the stored queries asked for the whole country once (in
    #: threads, beside the last stages), their answers kept under ``state`` (the stamp the build
    #: writes at its end) for a user's first ask
    national_answers: Callable[[KnowledgeStore, Path, str, Limits], Any] | None = None

    @classmethod
    def default(cls) -> "Steps":
        from .convert import document as convert
        from .convert.vocabularies import ontology_graph
        from .infer import rules as infer
        from .infer.recurrence_graph import update_recurrence_graph
        from .parse import parse_source
        from .read.documents import read_document
        from .themes.enrich import enrich
        from .store import validation as store_validation
        from .validate import shacl as validation

        return cls(
            read=read_document,
            parse=lambda source: enrich(parse_source(source)),
            convert_document=convert.convert_document,
            convert_reference=convert.convert_reference,
            inference=infer.inference_updates,
            inference_graphs=infer.written_graphs,
            validate_document=validation.validate_document,
            validate_corpus=store_validation.validate_footprint,
            read_corpus=store_validation.corpus_footprint,
            convert_ontology=lambda: sorted(ontology_graph()),
            recurrence=update_recurrence_graph,
            pictures=draw_pictures,
            convert_source=convert.convert_source_record,
            prepare=_prepare_document_stages,
            national_answers=_national_answers,
        )


def _prepare_document_stages() -> None:
    from .convert.vocabularies import ontology_graph
    from .parse import parsers
    from .themes.classifier import prepare as prepare_themes
    from .themes.encoder import load_encoder
    from .themes.learned import load_model
    from .validate.shacl import prepare as prepare_validation

    parsers()  # (imports them)
    prepare_themes()
    load_model()
    load_encoder()
    ontology_graph()
    prepare_validation()


def _national_answers(store: KnowledgeStore, out: Path, state: str, limits: Limits) -> Any:
    """Best effort: the answers only save a user's wait, so nothing here fails the build; what
    went wrong is a warning."""
    from .query.national import NationalAnswers, keep_national_answers

    try:
        return keep_national_answers(store, out, state, workers=limits.workers)
    except Exception as err:  # noqa: BLE001 (see the docstring)
        return NationalAnswers(failed=[("every stored query", f"{type(err).__name__}: {err}")])


def _report_national(national: Any) -> None:
    for name, reason in national.failed:
        print(f"ofsted-kg: warning: the national answer was not kept for {name} ({reason}); "
              "it is computed when first asked", file=sys.stderr)


def draw_pictures(store: KnowledgeStore, folder: Path) -> "PictureJob":
    """Start drawing the theme network (from counts the store aggregates) and the map of
    everything in the store; ``.wait()`` on the result gives the files written or kept.

    The store is queried here; the drawing runs in worker processes, in the background,
    while the build goes on (validation and writing the outputs). A picture is drawn
    again only when its input changed (the digests of the inputs last drawn are kept in
    ``.cache/pictures.json`` beside ``folder``). Authority timelines are not drawn by the
    build (a picture per authority is most of the drawing at national scale): ``serve``
    draws an authority's timeline when its page is first opened, and ``ofsted-kg graph``
    draws them all; the build removes timelines it finds, as they may be stale."""
    from .visualise.network import network_from_counts
    from .visualise.render import plan_all, plan_maps
    from .visualise.source import latest_grades, network_counts, pair_themes, persistence_rows, theme_infos

    themes, persistence = theme_infos(store), persistence_rows(store)
    network = network_from_counts(network_counts(store), themes, persistence)
    drawn_file = folder.parent / CACHE_DIR / PICTURES_CACHE
    drawn = _read_drawn(drawn_file)
    plan = (plan_all([], themes, persistence, folder, network=network, drawn=drawn, timelines=False)
            + plan_maps(latest_grades(store), pair_themes(store), themes, folder, drawn=drawn))
    return PictureJob(plan, folder, drawn_file, dict(drawn))


class PictureJob:
    """Pictures being drawn in the background; ``wait()`` gives the files written or kept."""

    def __init__(self, plan, folder: Path, drawn_file: Path, before: dict[str, str]) -> None:
        self.plan, self.folder, self.drawn_file, self.before = plan, folder, drawn_file, before
        # one process: the building process works on beside it, and matplotlib is loaded once
        self.drawing = Background(lambda: plan.draw(replace(Limits.from_env(), workers=1)), "pictures")

    def wait(self) -> list[Path]:
        from .visualise.render import remove_stale

        paths = self.drawing.wait()
        remove_stale(self.folder, paths)  # e.g. pictures of an authority no longer in the sources
        if self.plan.drawn != self.before:
            atomic_write(self.drawn_file, json.dumps(self.plan.drawn, indent=1, sort_keys=True) + "\n")
        return paths


def _read_drawn(path: Path) -> dict[str, str]:
    try:
        drawn = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in drawn.items()}
    except (OSError, ValueError, AttributeError):
        return {}


@dataclass
class BuildResult:
    #: parse records (``ofsted-kg parse --json``) of the documents in the graph
    documents: list[dict] = field(default_factory=list)
    #: the IRI of each of ``documents``, in the same order
    document_iris: list[str] = field(default_factory=list)
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
              quiet: bool = False, steps: Steps | None = None, limits: Limits | None = None,
              manifests: list[str | Path] | None = None) -> BuildResult:
    """The whole build; bad documents are reported on stderr and skipped.

    ``manifests`` are CSV files giving each source's URL and publication date (see
    ``ofsted_kg.read.manifest``); manifests found beside or above the sources are used too.

    Documents whose bytes and the code are unchanged since the last build are taken from
    the cache; the others are read, parsed, converted and validated in worker processes
    (``limits``: per-document time and memory, number of processes). When nothing changed
    at all, the inference, validation, pictures and outputs are left as they are. After a
    build that changed the store, the stored queries are asked for the whole country
    (``query.national``) and their slow answers kept for a user's first ask.
    """
    check_base(base)
    limits = limits or Limits.from_env()
    sources = list(sources or default_sources())
    found = [*(manifests or []), *find_manifests(sources)]
    catalogue = Manifests.load(found)
    try:
        return _build(sources, Path(out), base, quiet, steps or Steps.default(), limits, catalogue, found)
    except StoreCorruptError as err:
        aside = move_aside(Path(out) / "store")
        print(f"ofsted-kg: {err.path}: the store is damaged; moved it to {aside} and rebuilding from the sources",
              file=sys.stderr)
        return _build(sources, Path(out), base, quiet, steps or Steps.default(), limits, catalogue, found)


def move_aside(folder: Path) -> Path:
    """Rename a damaged ``folder`` to ``folder.damaged[-N]`` (kept for inspection) and return the new name."""
    aside = folder.with_name(f"{folder.name}.damaged")
    number = 1
    while aside.exists():
        number += 1
        aside = folder.with_name(f"{folder.name}.damaged-{number}")
    folder.rename(aside)
    return aside


def outside(paths: list[Path], out: Path, quiet: bool = False) -> list[Path]:
    """``paths`` less any inside the output folder: a build never reads its own outputs as sources."""
    folder = out.resolve()
    kept = [p for p in paths if not p.resolve().is_relative_to(folder)]
    if len(kept) < len(paths) and not quiet:
        print(f"ofsted-kg: skipped {len(paths) - len(kept)} files inside the output folder {out}",
              file=sys.stderr)
    return kept


def _build(sources: list[str | Path], out: Path, base: str, quiet: bool, steps: Steps,
           limits: Limits, catalogue: Manifests, manifests: list) -> BuildResult:
    uris = Uris(base)
    result = BuildResult()
    display = Display(enabled=False if quiet else None)
    clock = _Clock(result.timings, display)
    max_file_bytes()  # an invalid limit stops the command before any file is read
    paths = outside(expand(sources), out, quiet)
    cache = BuildCache(out, fingerprint(base))
    # once the store starts to change, no kept query answer is given until the build stamps it again
    with display, KnowledgeStore(out / "store", on_write=lambda: answers.forget(out)) as store:
        with clock("documents", total=len(paths)) as advance:
            store.record_base(uris.base)
            if cache.code_changed:
                result.changes["dropped (code changed)"] = store.drop_graphs(_document_graphs(store, uris))
            files = [(str(p), file_sha256(p)) for p in paths]
            reports = _load_documents(store, steps, files, uris, cache, limits, result, advance)
        inputs = inputs_digest(cache.fingerprint, base, files + [(str(m), file_sha256(m)) for m in manifests])
        changed = any(n for what, n in result.changes.items() if what != UNCHANGED)
        if not changed and not result.failures and inputs == cache.last_inputs and _outputs_exist(out):
            result.conforms, result.recurrences, result.pictures = _previous_summary(out)
            result.triples, result.graphs = _previous_counts(out)
        else:
            with clock("reference"):
                _load_reference(store, steps, uris, cache.code_changed)
                if steps.convert_source is not None:
                    store.replace_graph(uris.sources_graph, _source_triples(steps, catalogue, result, uris))
            with clock("inference"):
                written = steps.inference_graphs(uris) if steps.inference_graphs is not None else None
                for update in steps.inference(uris):
                    store.update(update, graphs=written)
                if steps.recurrence is not None:
                    result.recurrences = steps.recurrence(store, uris)
            # the store is now as the build leaves it: the national queries are asked beside the rest
            national = (Background(lambda: steps.national_answers(store, out, inputs, limits), "national answers")
                        if steps.national_answers is not None else None)
            pictures = None
            if steps.pictures is not None:
                with clock("pictures"):  # the queries; the drawing goes on beside the next two stages
                    pictures = steps.pictures(store, out / "pictures")
            with clock("validate"):  # reading the corpus shapes' input; they run beside the writing
                corpus = _start_corpus_validation(store, steps, limits, out)
            with clock("write"):
                _write_outputs(store, out, uris, result)
            with clock("validated"):  # what is left of the corpus validation once the graph is written
                report = _combine([*reports, corpus()])
                result.conforms = bool(report.conforms)
                _write_report(out, uris, report)
            if pictures is not None:
                with clock("drawing"):  # what is left of it once the rest is written
                    result.pictures = [p.relative_to(out).as_posix() for p in pictures.wait()]
            if national is not None:
                with clock("answers"):  # what is left of asking the national queries
                    _report_national(national.wait())
            atomic_write(out / "summary.json", json.dumps(summary(result), indent=1, ensure_ascii=False) + "\n")
        cache.save(inputs)
    answers.stamp(out, inputs)  # the store is now the one these inputs make
    run = {"timings_seconds": result.timings, "store_changes": dict(sorted(result.changes.items()))}
    atomic_write(out / "run.json", json.dumps(run, indent=1) + "\n")
    return result


@dataclass(frozen=True)
class _Built:
    """What a worker sends back for one document."""

    entry: DocumentEntry
    ntriples: str  # the document graph's triples, to load


def _document_work(steps: Steps, uris: Uris, runs: Any = None):
    """The per-document work done in the worker processes: read, parse, convert, validate;
    and the graph's sorted lines for the export (``runs``: ``export.stream.GraphRuns``), so
    that writing ``graph.ttl`` does not dump it from the store again, in one process."""
    def work(path: str, stage) -> _Built:
        source = steps.read(path)
        stage("parse")
        document = steps.parse(source)
        stage("convert")
        triples = list(steps.convert_document(document, uris))
        graph = str(uris.document_graph(document))
        subject = str(uris.document(document))
        body = ntriples_body(triples)
        if runs is not None:
            runs.keep_graph(graph, body)
        stage("validate")
        report = steps.validate_document(triples)
        entry = DocumentEntry(document.sha256, graph, subject, document.to_json(), bool(report.conforms),
                              report.report_graph.serialize(format="nt"))
        return _Built(entry, body)

    return work


def _load_documents(store: KnowledgeStore, steps: Steps, files: list[tuple[str, str | None]], uris: Uris,
                    cache: BuildCache, limits: Limits, result: BuildResult, advance) -> list:
    """Load every changed document's graph; returns every document's validation report."""
    prefix = uris.document_graphs
    present = set(store.graph_names())
    cached = {label: cache.get(sha).relabelled(label) for label, sha in files
              if cache.get(sha) is not None and cache.get(sha).graph in present}
    todo = [label for label, _ in files if label not in cached]
    from .export.stream import GraphRuns

    runs = GraphRuns(cache.folder / GRAPHS_CACHE, uris.document_graphs)
    if todo and steps.prepare is not None:
        steps.prepare()
    built = run_bounded(_document_work(steps, uris, runs), todo, limits) if todo else iter(())
    done: dict[str, Any] = {}
    loaded: dict[str, str] = {}  # document URI -> source, for this run
    kept: set[str] = set()
    written = 0  # documents built and loaded in this run
    reports = []
    for label, sha in files:
        if label in cached:
            outcome = cached[label]
        else:
            while label not in done:
                item, value = next(built)
                done[item] = value
            outcome = done.pop(label)
        failure = (outcome if isinstance(outcome, Failure)
                   else _load_one(store, outcome, label, prefix, loaded, kept, result))
        if isinstance(outcome, _Built):
            written += 1
            if written % FLUSH_EVERY == 0:
                store.flush()  # (bounds the store's write buffers: peak memory at 1,000 documents)
        if failure is not None:
            failure = replace(failure, sha256=failure.sha256 or sha)  # failure records name the bytes that failed
            result.failures.append(failure)
            print(failure.line(), file=sys.stderr)
        else:
            entry = outcome if isinstance(outcome, DocumentEntry) else outcome.entry
            cache.put(entry)
            reports.append(entry)
        advance()
    stale = [g for g in _document_graphs(store, uris) if g not in kept]
    result.changes["removed"] += store.drop_graphs(stale)
    if written >= FLUSH_EVERY:
        store.optimize()  # one compaction of the files the flushes wrote: queries read fewer files
    cache.keep_only({e.sha256 for e in reports})
    return reports


def _load_one(store, outcome, label, prefix, loaded, kept, result) -> Failure | None:
    entry = outcome if isinstance(outcome, DocumentEntry) else outcome.entry
    graph, subject = entry.graph, entry.subject
    try:
        if subject in loaded and graph not in kept:
            return Failure(label, "convert", f"same document URI {subject} as {loaded[subject]}",
                           entry.sha256, "ConvertError")
        replaces = [g for g in store.graphs_describing(subject)
                    if g.startswith(prefix) and g != graph and g not in kept]
        ntriples = "" if isinstance(outcome, DocumentEntry) else outcome.ntriples
        status = store.load_graph(graph, (), replaces=replaces, ntriples=ntriples)
    except OfstedKGError as err:
        return Failure(label, err.stage, err.reason, entry.sha256, type(err).__name__)
    loaded[subject] = label
    kept.add(graph)
    result.changes[status] += 1
    result.documents.append(entry.record)
    result.document_iris.append(entry.subject)
    return None


def _source_triples(steps: Steps, catalogue: Manifests, result: BuildResult, uris: Uris) -> list:
    """The sources graph: what the manifests say about every loaded document's file."""
    from rdflib import URIRef

    triples = []
    for record, iri in zip(result.documents, result.document_iris):
        found = catalogue.lookup(record["source"], record["sha256"])
        if found is not None:
            triples += steps.convert_source(URIRef(iri), found, uris)
        elif catalogue.listed(record["source"]):
            print(f"{record['source']}: manifest warning: the manifest's SHA-256 for this file does not match its "
                  f"bytes ({record['sha256'][:12]}…); its URL and publication date are not used", file=sys.stderr)
    return triples


def _load_reference(store: KnowledgeStore, steps: Steps, uris: Uris, code_changed: bool) -> None:
    """The reference data and the ontology: reloaded when the code fingerprint (which covers
    them) changed, or when missing."""
    present = set(store.graph_names())
    for name, convert in ((uris.reference_graph, steps.convert_reference and (lambda: steps.convert_reference(uris))),
                          (uris.ontology_graph, steps.convert_ontology)):
        if convert is not None and (code_changed or str(name) not in present):  # (a URIRef is never "in" a set of str)
            store.replace_graph(name, convert())


def _combine(reports: list) -> Any:
    """One report of the per-document reports (cache entries) and the corpus report."""
    from rdflib import Graph

    from .validate.shacl import ValidationResult, combine

    results = []
    for report in reports:
        if isinstance(report, DocumentEntry):
            graph = Graph()
            if not report.conforms:
                graph.parse(data=report.report, format="nt")
            report = ValidationResult(report.conforms, graph, "")
        results.append(report)
    return combine(results)


def _document_graphs(store: KnowledgeStore, uris: Uris) -> list[str]:
    return [g for g in store.graph_names() if g.startswith(uris.document_graphs)]


def _outputs_exist(out: Path) -> bool:
    return all((out / name).is_file() for name in OUTPUTS)


def _previous_summary(out: Path) -> tuple[bool, int, list[str]]:
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return bool(summary["conforms"]), int(summary["inferred_recurrences"]), list(summary["pictures"])


def _previous_counts(out: Path) -> tuple[int, int]:
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return int(summary["triples"]), int(summary["graphs"])


# -- fingerprint: rebuild everything when the code, ontology, rules, shapes or reference data change ----
def fingerprint(base: str) -> str:
    digest = hashlib.sha256(base.encode())
    package = Path(__file__).resolve().parent
    files = (sorted(package.rglob("*.py")) + sorted(ontology_dir().rglob("*")) + sorted(shapes_dir().rglob("*"))
             + sorted((data_dir() / "reference").rglob("*")))
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(root()) if path.is_relative_to(root()) else path.name).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


# -- outputs ------------------------------------------------------------------------
def _write_outputs(store: KnowledgeStore, out: Path, uris: Uris, result: BuildResult) -> None:
    from .export import export, write_void
    from .export.stream import GraphRuns

    sizes: dict[str, int] = {}
    runs = GraphRuns(out / CACHE_DIR / GRAPHS_CACHE, uris.document_graphs)  # an unchanged document is not dumped again
    result.triples = export(store, "turtle", out / "graph.ttl", uris, runs=runs, sizes=sizes)  # streamed, counted
    result.graphs = len(store.graph_names())
    write_void(store, out / "void.ttl", uris, dumps=("graph.ttl",), triples=result.triples, sizes=sizes)
    records = sorted(result.documents, key=lambda r: r["source"])
    atomic_write(out / "records.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))


def _write_report(out: Path, uris: Uris, report: Any) -> None:
    from .export import write_triples

    write_triples(report.report_graph, out / "validation-report.ttl", uris)
    atomic_write(out / "validation.txt", report.text if report.text.endswith("\n") else report.text + "\n")


def _start_corpus_validation(store: KnowledgeStore, steps: Steps, limits: Limits, out: Path) -> Callable[[], Any]:
    """The corpus validation, started; returns what waits for its report. It runs in a worker
    process beside the build when the steps say what it reads from the store (``read_corpus``),
    else here, now."""
    if steps.read_corpus is None:
        report = steps.validate_corpus(store)
        return lambda: report
    footprint = steps.read_corpus(store)

    def validate() -> Any:
        outcome = run_one(lambda: steps.validate_corpus(footprint), str(out), "validate", limits)
        if isinstance(outcome, Failure):
            raise ValidateError(str(out), f"the corpus validation stopped: {outcome.reason}")
        return outcome

    return Background(validate, "corpus validation").wait


def summary(result: BuildResult) -> dict:
    """Counts per kind, framework and finding category; failures; conformance. No timings."""
    docs = result.documents
    return {
        "documents": len(docs),
        "failed": len(result.failures),
        "conforms": result.conforms,
        "graphs": result.graphs,
        "triples": result.triples,
        "kinds": _counts(d["kind"] for d in docs),
        "frameworks": _counts(d["framework"] or "none" for d in docs),
        "categories": _counts(f["category"] for d in docs for f in d["findings"]),
        "inferred_recurrences": result.recurrences,
        "pictures": sorted(result.pictures),
        "failures": [{"file": f.path, "stage": f.stage, "error": f.error, "reason": f.reason, "sha256": f.sha256}
                     for f in sorted(result.failures, key=lambda f: (f.path, f.stage))],
    }


def _counts(items: Iterable[str]) -> dict[str, int]:
    return dict(sorted(Counter(items).items()))


class _Clock:
    """Times each stage into ``timings`` and shows it on the progress display."""

    def __init__(self, timings: dict[str, float], display: Display) -> None:
        self.timings = timings
        self.display = display

    @contextmanager
    def __call__(self, name: str, total: int | None = None):
        start = time.perf_counter()
        try:
            with self.display.stage(name, total) as advance:
                yield advance
        finally:
            self.timings[name] = round(time.perf_counter() - start, 3)
