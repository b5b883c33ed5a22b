"""Convert, load, infer, validate and query a synthetic corpus of 10, 100 and 1,000 documents.

    python benchmarks/bench_pipeline.py [--sizes 10 100 1000]

Each size runs in its own process (so its peak memory is its own) on the synthetic corpus
of ``synthetic.py``. Printed per size: seconds per stage, milliseconds per document, and the
ratio of each size's per-document time to the smallest size's, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

QUERIES = ("persisted-areas", "authority-findings", "themes-by-year", "latest-inspections")


def one(n: int) -> dict:
    from synthetic import synthetic_corpus

    from ofsted_kg import convert_document, convert_reference
    from ofsted_kg import Uris
    from ofsted_kg import inference_updates
    from ofsted_kg import update_recurrence_graph
    from ofsted_kg import load_queries, run_query
    from ofsted_kg import KnowledgeStore
    from ofsted_kg import validate_graph as validate
    from ofsted_kg import ontology_graph

    corpus = synthetic_corpus(n)
    times: dict[str, float] = {}

    def timed(name, func):
        started = time.perf_counter()
        value = func()
        times[name] = round(time.perf_counter() - started, 3)
        return value

    graphs = timed("convert", lambda: [(Uris().document_graph(d), convert_document(d)) for d in corpus])
    with tempfile.TemporaryDirectory() as tmp, KnowledgeStore(Path(tmp) / "store") as store:
        def load():
            for uri, triples in graphs:
                store.load_graph(uri, triples)
            store.replace_graph(Uris().reference_graph, convert_reference())
            store.replace_graph("https://w3id.org/ofsted-kg/graph/ontology", sorted(ontology_graph()))

        timed("load", load)

        def infer():
            for update in inference_updates():
                store.update(update)
            return update_recurrence_graph(store, Uris())

        recurrences = timed("infer", infer)
        report = timed("validate", lambda: validate(store.union_graph()))
        stored = {q.name: q for q in load_queries()}
        timed("queries", lambda: [run_query(store, stored[name], {}) for name in QUERIES])
        triples = store.triple_count()
    return {
        "documents": n,
        "triples": triples,
        "recurrences": recurrences,
        "conforms": bool(report.conforms),
        "seconds": times,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one)))
        return 0
    results = []
    for n in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    stages = list(results[0]["seconds"])
    base = sum(results[0]["seconds"].values()) / results[0]["documents"]
    print(f"{'docs':>6}{'triples':>10}" + "".join(f"{s:>10}" for s in stages)
          + f"{'total s':>9}{'ms/doc':>8}{'vs first':>9}{'peak MB':>9}  conforms")
    for r in results:
        total = sum(r["seconds"].values())
        per_doc = total / r["documents"]
        print(f"{r['documents']:>6}{r['triples']:>10}" + "".join(f"{r['seconds'][s]:>10.2f}" for s in stages)
              + f"{total:>9.1f}{per_doc * 1000:>8.0f}{per_doc / base:>8.2f}x{r['peak_rss_mb']:>9}  {r['conforms']}")
    return 0 if all(r["conforms"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
