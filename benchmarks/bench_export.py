"""The build's write stage on a built store: ``graph.ttl`` + ``void.ttl`` streamed, against the
former way (the whole union as Python quads, relabelled and sorted in memory, Turtle built as one
string; VoID counting each graph's quads in Python and the union's with a DISTINCT count), and
streamed with every document graph's lines kept from an earlier build (``.cache/graphs``: what a
rebuild after one changed document does).

    python benchmarks/bench_export.py OUT [OUT ...]     # folders written by `ofsted-kg build`

Each way runs in its own process (so its peak memory is its own), ``--repeat`` times (median).
Both must write the same ``graph.ttl`` bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def vm_hwm_mb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return 0


def run_one(out: Path, way: str, repeat: int) -> dict:
    from ofsted_kg.export import export, turtle, void, write_void
    from ofsted_kg.export.stream import GraphRuns
    from ofsted_kg.store.atomic import atomic_write
    from ofsted_kg.store.knowledge import KnowledgeStore

    times = []
    with KnowledgeStore(out / "store", read_only=True) as store, tempfile.TemporaryDirectory() as tmp:
        uris = store.uris
        runs = None
        if way == "kept runs":  # as the build after one change: every other document's lines kept from before
            runs = GraphRuns(Path(tmp) / "runs", uris.document_graphs)
            export(store, "turtle", Path(tmp) / "graph.ttl", uris, runs=runs)
        before = vm_hwm_mb()
        for _ in range(repeat):
            started = time.perf_counter()
            if way != "in-memory":
                sizes: dict[str, int] = {}
                triples = export(store, "turtle", Path(tmp) / "graph.ttl", uris, runs=runs, sizes=sizes)
                write_void(store, Path(tmp) / "void.ttl", uris, dumps=("graph.ttl",), triples=triples, sizes=sizes)
            else:
                store.triple_count()
                atomic_write(Path(tmp) / "graph.ttl", turtle.serialize(store.quads(), uris.base))
                sizes = {g: sum(1 for _ in store.quads(g)) for g in store.graph_names()}  # the former count
                counted = void.graph_sizes(store)  # (an empty graph has no row there)
                assert all(n == counted.get(g, 0) for g, n in sizes.items())
                atomic_write(Path(tmp) / "void.ttl", void.serialize(store, uris, ("graph.ttl",)))
            times.append(time.perf_counter() - started)
        digest = hashlib.sha256((Path(tmp) / "graph.ttl").read_bytes()).hexdigest()
    return {"seconds": statistics.median(times), "peak_mb": vm_hwm_mb(), "base_mb": before, "sha256": digest}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outs", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--way", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.way:
        print(json.dumps(run_one(args.outs[0], args.way, args.repeat)))
        return 0
    ways = ("in-memory", "streamed", "kept runs")
    print(f"{'store':<24}" + "".join(f"{w + ' s':>13}" for w in ways) + "".join(f"{w + ' MB':>14}" for w in ways)
          + "  ratios vs in-memory  same bytes")
    for out in args.outs:
        results = {}
        for way in ways:
            done = subprocess.run([sys.executable, __file__, str(out), "--way", way, "--repeat", str(args.repeat)],
                                  capture_output=True, text=True, check=True)
            results[way] = json.loads(done.stdout.strip().splitlines()[-1])
        old = results["in-memory"]
        print(f"{str(out)[-24:]:<24}" + "".join(f"{results[w]['seconds']:>13.2f}" for w in ways)
              + "".join(f"{results[w]['peak_mb'] - results[w]['base_mb']:>14}" for w in ways)
              + "  " + " ".join(f"{old['seconds'] / results[w]['seconds']:.1f}x" for w in ways[1:])
              + f"  {len({results[w]['sha256'] for w in ways}) == 1}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
