"""Store benchmark: rdflib Memory vs rdflib-over-Oxigraph (oxrdflib) vs pyoxigraph.

A synthetic graph shaped like the real one (authorities -> 3 consecutive inspections ->
~15 findings each, with categories, themes and evidence spans) at 10k and 100k triples
(1M with --big). Measures a persisted-areas-like join query, Turtle serialisation and
Turtle parsing; prints medians and ratios against the Memory baseline measured in the
same run. Memory is skipped where extrapolation says it would take more than 60 s.

    PYTHONPATH=src python benchmarks/bench_store.py [--big] [--repeat N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD

EX = Namespace("https://w3id.org/ofsted-kg/")
OKG = Namespace("https://w3id.org/ofsted-kg/ontology#")
CATEGORIES = ["strength", "area-for-development", "area-for-improvement", "recommendation"]
THEMES = [f"theme{n}" for n in range(12)]
QUERY = """
PREFIX okg: <https://w3id.org/ofsted-kg/ontology#>
SELECT ?authority ?theme (COUNT(*) AS ?times) WHERE {
  ?later okg:previousInspection ?earlier ; okg:inspects ?authority .
  ?f1 okg:inInspection ?earlier ; okg:category ?cat ; okg:theme ?theme .
  ?f2 okg:inInspection ?later ; okg:category ?cat ; okg:theme ?theme .
  FILTER(?cat = <https://w3id.org/ofsted-kg/category/area-for-development>)
} GROUP BY ?authority ?theme ORDER BY ?authority ?theme
"""
BUDGET_SECONDS = 60.0


def synthetic(target: int, seed: int = 7) -> list[tuple]:
    """About ``target`` triples; ~430 per authority."""
    rnd = random.Random(seed)
    triples: list[tuple] = []
    a = 0
    while len(triples) < target:
        authority = EX[f"authority/a{a}"]
        triples += [(authority, RDF.type, OKG.LocalAuthority), (authority, OKG.name, Literal(f"Authority {a}")),
                    (authority, OKG.gssCode, Literal(f"E0{a:07d}"))]
        previous = None
        for year in (2012, 2016, 2021):
            ins = EX[f"inspection/a{a}/{year}-03-01"]
            triples += [(ins, RDF.type, OKG.Inspection), (ins, OKG.inspects, authority),
                        (ins, OKG.startDate, Literal(f"{year}-03-01", datatype=XSD.date))]
            if previous is not None:
                triples.append((ins, OKG.previousInspection, previous))
            for n in range(1, 16):
                f = URIRef(f"{ins}/finding/{n}")
                span = URIRef(f"{f}/evidence")
                triples += [(f, RDF.type, OKG.Finding), (f, OKG.inInspection, ins),
                            (f, OKG.category, EX[f"category/{rnd.choice(CATEGORIES)}"]),
                            (f, OKG.theme, EX[f"theme/{rnd.choice(THEMES)}"]),
                            (f, OKG.text, Literal(f"Finding {n} of inspection {year} in authority {a}: "
                                                  + "words " * rnd.randint(5, 30))),
                            (f, OKG.evidence, span), (span, OKG.start, Literal(n * 100)),
                            (span, OKG.end, Literal(n * 100 + 80))]
            previous = ins
        a += 1
    return triples


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
        if runs[-1] > 10:
            break
    return statistics.median(runs)


def engines(triples: list[tuple], ttl: bytes):
    memory = Graph()
    memory.addN((s, p, o, memory) for s, p, o in triples)
    oxrdf = Graph(store="Oxigraph")
    oxrdf.addN([(s, p, o, oxrdf) for s, p, o in triples])
    store = ox.Store()
    store.load(ttl, format=ox.RdfFormat.TURTLE)
    return {
        "rdflib Memory": {
            "join query": lambda: list(memory.query(QUERY)),
            "turtle serialise": lambda: memory.serialize(format="turtle"),
            "turtle parse": lambda: Graph().parse(data=ttl, format="turtle"),
        },
        "rdflib+Oxigraph": {
            "join query": lambda: list(oxrdf.query(QUERY)),
            "turtle serialise": lambda: oxrdf.serialize(format="ox-turtle"),
            "turtle parse": lambda: Graph(store="Oxigraph").parse(data=ttl, format="ox-turtle"),
        },
        "pyoxigraph": {
            "join query": lambda: list(store.query(QUERY)),
            "turtle serialise": lambda: store.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph()),
            "turtle parse": lambda: ox.Store().load(ttl, format=ox.RdfFormat.TURTLE),
        },
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--big", action="store_true", help="also 1M triples")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    sizes = [10_000, 100_000] + ([1_000_000] if args.big else [])
    memory_seconds: dict[str, tuple[int, float]] = {}  # op -> (size, seconds) last measured
    print(f"{'size':>9}  {'operation':<17} {'engine':<16} {'median s':>10} {'× vs Memory':>12}")
    for size in sizes:
        triples = synthetic(size)
        oxt = [ox.Triple(ox.NamedNode(s), ox.NamedNode(p), _ox(o)) for s, p, o in triples]
        ttl = ox.serialize(oxt, format=ox.RdfFormat.TURTLE)
        table = engines(triples, ttl)
        for op in ("join query", "turtle serialise", "turtle parse"):
            baseline = None
            for engine, ops in table.items():
                if engine == "rdflib Memory" and op in memory_seconds:
                    last_size, last = memory_seconds[op]
                    growth = (len(triples) / last_size) ** (1.5 if op == "join query" else 1.0)
                    if last * growth > BUDGET_SECONDS:
                        print(f"{len(triples):>9}  {op:<17} {engine:<16} {'skipped':>10}   "
                              f"(estimated {last * growth:.0f} s > {BUDGET_SECONDS:.0f} s)")
                        continue
                seconds = timed(ops[op], args.repeat)
                if engine == "rdflib Memory":
                    memory_seconds[op] = (len(triples), seconds)
                    baseline = seconds
                ratio = f"{baseline / seconds:,.0f}×" if baseline else "—"
                print(f"{len(triples):>9}  {op:<17} {engine:<16} {seconds:>10.4f} {ratio:>12}", flush=True)
    pipeline(sizes[-1])


def pipeline(size: int) -> None:
    """The store as the build uses it: one named graph per inspection, reloads, deterministic exports."""
    from ofsted_kg import serialize
    from ofsted_kg import KnowledgeStore

    triples = synthetic(size)
    groups: dict[str, list[tuple]] = {}
    for t in triples:
        key = str(t[0]).split("/finding/")[0]
        groups.setdefault(key, []).append(t)
    store = KnowledgeStore(None)
    steps = {
        f"load {len(groups)} graphs": lambda: [store.load_graph(f"urn:g:{k}", v) for k, v in groups.items()],
        "reload (unchanged)": lambda: [store.load_graph(f"urn:g:{k}", v) for k, v in groups.items()],
        "triple_count": store.triple_count,
        "export turtle": lambda: serialize(store, "turtle"),
        "export nquads": lambda: serialize(store, "nquads"),
        "export jsonld": lambda: serialize(store, "jsonld"),
        "union_graph (validate input)": store.union_graph,
    }
    print(f"\nKnowledgeStore at {len(triples)} triples (pyoxigraph, in memory)")
    for name, fn in steps.items():
        start = time.perf_counter()
        fn()
        print(f"  {name:<30} {time.perf_counter() - start:8.3f} s", flush=True)


def _ox(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(term)
    return ox.Literal(str(term), datatype=ox.NamedNode(term.datatype)) if term.datatype else ox.Literal(str(term))


if __name__ == "__main__":
    main()
