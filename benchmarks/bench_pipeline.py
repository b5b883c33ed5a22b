"""The build on a synthetic corpus of 10, 100 and 1,000 documents, and every stored query on it.

    python benchmarks/bench_pipeline.py [--sizes 10 100 1000] [--repeat 3]

Each size runs in its own process (so its peak memory is its own) on the synthetic corpus
of ``synthetic.py``: ``ofsted-kg build``'s own code (``run_build``, worker processes,
per-document validation, inference, corpus validation, pictures, outputs) with the read
and parse stages replaced by taking the synthetic document (real parsing is measured by
``bench_build.py``). Printed per size: seconds per stage, milliseconds per document and
its ratio to the first size's, peak memory (the building process, and the largest worker),
a rebuild with nothing changed, and every stored query on the built store (the median of
``--repeat`` runs of the query alone; opening the store is reported apart).
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


def one(n: int, repeat: int) -> dict:
    from synthetic import synthetic_corpus

    from ofsted_kg.build import run_build
    from ofsted_kg.query.catalogue import load_queries, run_query
    from ofsted_kg.store.knowledge import KnowledgeStore

    corpus = synthetic_corpus(n)
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "src", Path(tmp) / "out"
        src.mkdir()
        for i, doc in enumerate(corpus):
            (src / f"{i}.txt").write_text(f"synthetic document {i} {doc.sha256}\n")
        steps = synthetic_steps(corpus)
        started = time.perf_counter()
        result = run_build([src], out, quiet=True, steps=steps)
        build_s = time.perf_counter() - started
        stages = json.loads((out / "run.json").read_text())["timings_seconds"]
        peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        peak_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
        started = time.perf_counter()
        again = run_build([src], out, quiet=True, steps=steps)
        rebuild_s = time.perf_counter() - started
        assert again.changes["unchanged"] == n, again.changes
        started = time.perf_counter()
        store = KnowledgeStore(out / "store", read_only=True)
        open_s = time.perf_counter() - started
        queries = {}
        with store:
            for query in load_queries():
                times = []
                for _ in range(repeat):
                    started = time.perf_counter()
                    table = run_query(store, query, {})
                    times.append(time.perf_counter() - started)
                queries[query.name] = (round(statistics.median(times) * 1000, 1), len(table))
    return {
        "documents": n,
        "triples": result.triples,
        "failures": len(result.failures),
        "conforms": result.conforms,
        "build_s": round(build_s, 2),
        "stages": stages,
        "rebuild_s": round(rebuild_s, 3),
        "peak_mb": peak_self,
        "peak_worker_mb": peak_child,
        "open_ms": round(open_s * 1000, 1),
        "queries_ms": queries,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.repeat)))
        return 0
    results = []
    for n in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n), "--repeat", str(args.repeat)],
            capture_output=True,
            text=True,
            check=True,
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    stages = list(results[0]["stages"])
    base = results[0]["build_s"] / results[0]["documents"]
    print(
        f"{'docs':>6}{'triples':>10}"
        + "".join(f"{s:>11}" for s in stages)
        + f"{'build s':>9}{'ms/doc':>8}{'vs first':>9}{'peak MB':>9}{'worker MB':>10}{'rebuild s':>10}  conforms"
    )
    for r in results:
        per_doc = r["build_s"] / r["documents"]
        print(
            f"{r['documents']:>6}{r['triples']:>10}"
            + "".join(f"{r['stages'].get(s, 0):>11.2f}" for s in stages)
            + f"{r['build_s']:>9.1f}{per_doc * 1000:>8.0f}{per_doc / base:>8.2f}x"
            + f"{r['peak_mb']:>9}{r['peak_worker_mb']:>10}"
            + f"{r['rebuild_s']:>10.2f}  {r['conforms'] and not r['failures']}"
        )
    if len(results) > 1:
        last, before = results[-1], results[-2]
        ratio = (last["build_s"] / last["documents"]) / (before["build_s"] / before["documents"])
        print(f"per-document time at {last['documents']} / at {before['documents']}: {ratio:.2f}x")
    last = results[-1]
    print(
        f"\nstored queries on the {last['documents']}-document store (median ms of the query alone, rows); "
        f"opening the store: {last['open_ms']} ms"
    )
    for name, (ms, rows) in sorted(last["queries_ms"].items(), key=lambda kv: -kv[1][0]):
        print(f"  {name:<36}{ms:>9.1f} ms{rows:>8} rows")
    return 0 if all(r["conforms"] and not r["failures"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
