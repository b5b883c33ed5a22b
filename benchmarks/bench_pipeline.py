"""The build on a synthetic corpus of 10, 100 and 1,000 documents, and every stored query on it.

    python benchmarks/bench_pipeline.py [--sizes 10 100 1000] [--repeat 3]
    python benchmarks/bench_pipeline.py --sizes 1000 --no-queries --keep /tmp/kg   # build only, keep it
    python benchmarks/bench_pipeline.py --store /tmp/kg/1000 --query persisted-areas   # queries only

Each size runs in its own process (so its peak memory is its own) on the synthetic corpus
of ``synthetic.py``: ``ofsted-kg build``'s own code (``run_build``, worker processes,
per-document validation, inference, corpus validation, pictures, outputs) with the read
and parse stages replaced by taking the synthetic document (real parsing is measured by
``bench_build.py``). Printed per size, as soon as that size is done: seconds per stage,
milliseconds per document and its ratio to the first size's, peak memory (VmHWM of the
building process, also per stage, and the largest worker), a rebuild with nothing changed;
then every stored query on the built store, one line as each is timed (the median of
``--repeat`` runs of the query alone, in process, rows read into Python), on the disk store
and on its copy in memory (what ``query``/``serve --memory`` use), the first ask through
``QueryRunner`` after the build (what ``query`` and ``serve`` do: the answer the build kept,
``query/national.py``, or else the engine's) and the same asked again (``query/answers.py``);
opening the store and loading it into memory are reported apart. A query is first run once
in a worker process with ``--query-timeout``: one that outlives it is reported as such and
not repeated.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def synthetic_steps(corpus):
    from ofsted_kg.build import Steps
    from ofsted_kg.commands._cache import file_sha256

    def read(path):
        return path

    def parse(path):  # the synthetic document, under the hash of its placeholder file
        return replace(corpus[int(Path(path).stem)], source=str(path), sha256=file_sha256(path))

    return replace(Steps.default(), read=read, parse=parse)


# -- peak memory per stage -------------------------------------------------------------
def vm_hwm_mb() -> int:
    """The peak resident memory of this process (VmHWM), MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def reset_peak() -> bool:
    """Reset VmHWM to the current resident memory (Linux: ``5`` to ``clear_refs``)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def watch_stage_peaks(peaks: dict[str, int]):
    """Make the build's stage clock record each stage's peak resident memory into ``peaks``."""
    from ofsted_kg import build

    timed = build._Clock.__call__

    @contextmanager
    def clocked(self, name, total=None):
        overall = vm_hwm_mb()
        reset_peak()
        try:
            with timed(self, name, total) as advance:
                yield advance
        finally:
            peaks[name] = vm_hwm_mb()
            peaks["_overall"] = max(peaks.get("_overall", 0), overall, peaks[name])

    build._Clock.__call__ = clocked


# -- one size, in its own process ---------------------------------------------------------
def emit(event: str, **fields) -> None:
    print(json.dumps({"event": event, **fields}), flush=True)


def build_one(n: int, out: Path, rebuild: bool) -> None:
    from synthetic import synthetic_corpus

    from ofsted_kg.build import run_build

    corpus = synthetic_corpus(n)
    src = out.parent / f"src-{n}"
    src.mkdir(parents=True, exist_ok=True)
    for i, doc in enumerate(corpus):
        (src / f"{i}.txt").write_text(f"synthetic document {i} {doc.sha256}\n")
    steps = synthetic_steps(corpus)
    peaks: dict[str, int] = {}
    watch_stage_peaks(peaks)
    before = vm_hwm_mb()  # the corpus itself, in memory before the build starts
    reset_peak()
    started = time.perf_counter()
    result = run_build([src], out, quiet=True, steps=steps)
    build_s = time.perf_counter() - started
    stages = json.loads((out / "run.json").read_text())["timings_seconds"]
    overall = max(peaks.pop("_overall", 0), vm_hwm_mb())
    rebuild_s = None
    if rebuild:
        started = time.perf_counter()
        again = run_build([src], out, quiet=True, steps=steps)
        rebuild_s = round(time.perf_counter() - started, 3)
        assert again.changes["unchanged"] == n, again.changes
    emit("build", documents=n, triples=result.triples, failures=len(result.failures), conforms=result.conforms,
         build_s=round(build_s, 2), stages=stages, stage_peak_mb=peaks, rebuild_s=rebuild_s,
         before_mb=before, peak_mb=overall,
         peak_worker_mb=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)


def queries_one(out: Path, repeat: int, names: list[str] | None, timeout: float) -> None:
    from ofsted_kg.query.answers import Question
    from ofsted_kg.query.catalogue import bound_text, load_queries, run_query
    from ofsted_kg.query.runner import Limits, QueryRunner, QueryTimeout
    from ofsted_kg.store.knowledge import KnowledgeStore

    def median_ms(store, query, params=None) -> tuple[float, int]:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            table = run_query(store, query, params or {})
            times.append(time.perf_counter() - started)
        return round(statistics.median(times) * 1000, 1), len(table)

    started = time.perf_counter()
    store = KnowledgeStore(out / "store", read_only=True)
    opened = round((time.perf_counter() - started) * 1000, 1)
    before = vm_rss_mb()
    started = time.perf_counter()
    memory = KnowledgeStore(out / "store", memory=True)
    emit("open", ms=opened, memory_s=round(time.perf_counter() - started, 2), memory_mb=vm_rss_mb() - before)
    queries = [q for q in load_queries() if not names or q.name in names]
    busiest = store.query("SELECT ?a (COUNT(?i) AS ?n) WHERE { ?i <https://w3id.org/ofsted-kg/ontology#"
                          "inspectedAuthority> ?a } GROUP BY ?a ORDER BY DESC(?n) ?a LIMIT 1").rows[0][0]
    one = {"authority": f"<{busiest.value}>"}  # the authority with the most inspections
    with store, memory, QueryRunner(out / "store", limits=Limits(timeout, None)) as runner:
        runner.run("ASK {}")  # start the guard's worker before timing
        for query in queries:
            text = bound_text(query, {})
            try:
                started = time.perf_counter()
                # the first ask: the answer the build kept (query/national.py), else the engine's (then kept
                # when it took >= KEEP_AFTER, query/answers.py)
                rows = len(runner.run(text))
                first_ms = round((time.perf_counter() - started) * 1000, 1)
            except QueryTimeout:
                emit("query", name=query.name, ms=None, rows=None, timeout=timeout)
                continue
            again = []
            for _ in range(repeat):
                started = time.perf_counter()
                asked = len(runner.run(text))
                again.append(time.perf_counter() - started)
            ms, found = median_ms(store, query)
            memory_ms, in_memory = median_ms(memory, query)
            one_ms = median_ms(store, query, one)[0] if "authority" in {p.name for p in query.params} else None
            emit("query", name=query.name, ms=ms, memory_ms=memory_ms, first_ms=first_ms,
                 again_ms=round(statistics.median(again) * 1000, 1), one_ms=one_ms,
                 kept=runner.answers.get(Question(text), None) is not None, rows=found)
            assert found == rows == in_memory == asked, (query.name, found, rows, in_memory, asked)


def vm_rss_mb() -> int:
    """The resident memory of this process now (VmRSS), MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    return 0


# -- the driver: one process per size, its events printed as they come -----------------
def show(event: dict, state: dict) -> None:
    if event["event"] == "build":
        stages = list(event["stages"])
        if "base" not in state:
            state["base"] = event["build_s"] / event["documents"]
            print(f"{'docs':>6}{'triples':>10}" + "".join(f"{s:>11}" for s in stages)
                  + f"{'build s':>9}{'ms/doc':>8}{'vs first':>9}{'peak MB':>9}{'worker MB':>10}{'rebuild s':>10}"
                  + "  conforms")
        per_doc = event["build_s"] / event["documents"]
        rebuild = "-" if event["rebuild_s"] is None else f"{event['rebuild_s']:.2f}"
        print(f"{event['documents']:>6}{event['triples']:>10}"
              + "".join(f"{event['stages'].get(s, 0):>11.2f}" for s in stages)
              + f"{event['build_s']:>9.1f}{per_doc * 1000:>8.0f}{per_doc / state['base']:>8.2f}x"
              + f"{event['peak_mb']:>9}{event['peak_worker_mb']:>10}{rebuild:>10}"
              + f"  {event['conforms'] and not event['failures']}")
        peaks = event["stage_peak_mb"]
        print(f"{'':>6}{'peak MB':>10}" + "".join(f"{peaks.get(s, 0):>11}" for s in stages)
              + f"   (corpus in memory before the build: {event['before_mb']} MB)")
        state.setdefault("per_doc", []).append((event["documents"], per_doc))
        state["ok"] = state.get("ok", True) and event["conforms"] and not event["failures"]
    elif event["event"] == "open":
        print(f"  stored queries: median ms of the query alone (rows read into Python) on the disk store and on its "
              f"copy in memory (--memory);\n  first ask: through QueryRunner as `ofsted-kg query` asks it, after the "
              f"build (its answer kept by the build where the engine took >= 50 ms, query/national.py);\n"
              f"  asked again: the same, after that first ask (kept: the answer read from query/answers.py's file);"
              f"\n  one authority: "
              f"the query for the authority with the most inspections, first asked, on the disk store\n"
              f"  start-up: opening the disk store {event['ms']} ms; loading it into "
              f"memory {event['memory_s']:.1f} s, {event['memory_mb']} MB")
        print(f"    {'query':<36}{'rows':>8}{'disk ms':>10}{'memory ms':>11}{'first ask ms':>14}{'asked again ms':>16}"
              f"{'one authority, disk ms':>24}")
    elif event["event"] == "query":
        if event["ms"] is None:
            print(f"    {event['name']:<36}  > {event['timeout']:g} s (stopped)")
        else:
            again = f"{event['again_ms']:.1f}" + (" (kept)" if event["kept"] else " (engine)")
            one = "-" if event["one_ms"] is None else f"{event['one_ms']:.1f}"
            print(f"    {event['name']:<36}{event['rows']:>8}{event['ms']:>10.1f}{event['memory_ms']:>11.1f}"
                  f"{event['first_ms']:>14.1f}"
                  f"{again:>16}{one:>24}")
    sys.stdout.flush()


def drive(args_for_child: list[str], state: dict) -> None:
    with subprocess.Popen([sys.executable, __file__, *args_for_child], stdout=subprocess.PIPE, text=True) as child:
        for line in child.stdout:
            if line.startswith("{"):
                show(json.loads(line), state)
    if child.returncode:
        raise SystemExit(f"the run {args_for_child} failed (exit code {child.returncode})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each query (median)")
    parser.add_argument("--no-rebuild", action="store_true", help="skip the no-change rebuild")
    parser.add_argument("--no-queries", action="store_true", help="skip the stored queries")
    parser.add_argument("--queries-at", type=int, nargs="*",
                        help="sizes whose store the queries run on (default: the largest)")
    parser.add_argument("--query", action="append", help="only this stored query (repeatable)")
    parser.add_argument("--query-timeout", type=float, default=30.0, help="seconds before a query is stopped")
    parser.add_argument("--keep", type=Path, help="keep each size's build in KEEP/N (default: a temporary folder)")
    parser.add_argument("--store", type=Path, help="no build: time the queries on this built output folder")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--queries-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one or args.queries_only:
        if args.one:
            build_one(args.one, args.out, not args.no_rebuild)
        if not args.no_queries:
            queries_one(args.out, args.repeat, args.query, args.query_timeout)
        return 0
    common = ["--repeat", str(args.repeat), "--query-timeout", str(args.query_timeout)]
    common += [a for q in args.query or [] for a in ("--query", q)]
    state: dict = {}
    if args.store:
        print(f"stored queries on {args.store}")
        drive(["--queries-only", "--out", str(args.store), *common], state)
        return 0
    query_sizes = set(args.queries_at if args.queries_at is not None else [max(args.sizes)])
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            out = (args.keep or Path(tmp)) / str(n)
            flags = ["--one", str(n), "--out", str(out), *common]
            flags += ["--no-rebuild"] if args.no_rebuild else []
            flags += ["--no-queries"] if args.no_queries or n not in query_sizes else []
            drive(flags, state)
    sizes = state.get("per_doc", [])
    if len(sizes) > 1:
        (last, last_t), (first, first_t) = sizes[-1], sizes[0]
        print(f"per-document time at {last} / at {first}: {last_t / first_t:.2f}x")
    return 0 if state.get("ok", True) else 1


if __name__ == "__main__":
    sys.exit(main())
