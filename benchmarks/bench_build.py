"""End to end on the bundled data: the whole build against bare PDF text extraction.

    python benchmarks/bench_build.py [--runs 3]

Measures, in the same run, (a) pypdfium2 text extraction of every bundled PDF (pages/s),
(b) `ofsted-kg build` into a fresh folder (documents/s), and (c) the ratio of (b) to (a),
with the build's own per-stage split (`run.json`). Medians of ``--runs`` runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ofsted_kg import run_build  # noqa: E402
from ofsted_kg import read_document  # noqa: E402


def extract_all(pdfs: list[Path]) -> tuple[float, int]:
    started = time.perf_counter()
    pages = sum(len(read_document(p).pages) for p in pdfs)
    return time.perf_counter() - started, pages


def build_once() -> tuple[float, dict, int]:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        result = run_build(None, Path(tmp) / "out", quiet=True)
        elapsed = time.perf_counter() - started
        stages = json.loads((Path(tmp) / "out" / "run.json").read_text())["timings_seconds"]
    assert result.conforms and not result.failures
    return elapsed, stages, len(result.documents)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    pdfs = sorted((ROOT / "data" / "reports").rglob("*.pdf"))
    extraction, builds, stage_runs = [], [], []
    for _ in range(args.runs):
        seconds, pages = extract_all(pdfs)
        extraction.append(seconds)
        elapsed, stages, documents = build_once()
        builds.append(elapsed)
        stage_runs.append(stages)
    extract_s, build_s = statistics.median(extraction), statistics.median(builds)
    print(f"{len(pdfs)} PDFs, {pages} pages; {documents} documents in the build (PDFs and letters)")
    print(f"bare extraction : {extract_s:7.2f} s  {pages / extract_s:7.0f} pages/s")
    print(f"whole build     : {build_s:7.2f} s  {documents / build_s:7.1f} documents/s")
    print(f"build / extraction: {build_s / extract_s:.1f}x")
    print("build stages (median s):")
    for stage in stage_runs[0]:
        print(f"  {stage:<12}{statistics.median(r[stage] for r in stage_runs):7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
