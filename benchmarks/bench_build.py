"""End to end on the bundled data: the whole build against bare PDF text extraction.

    python benchmarks/bench_build.py [--runs 3]

Measures, in the same run, (a) bare pypdfium2 text extraction of every bundled PDF, one
process, every page's text and nothing else (pages/s),
(b) `ofsted-kg build` into a fresh folder (documents/s), and the ratio of (b) to (a), with
the build's own per-stage split (`run.json`); (c) a rebuild with nothing changed; (d) a
rebuild after one report changed (its bytes), against that report's own read and parse.
Medians of ``--runs`` runs. Also the CPU time the whole build used (all its processes), and so
the least time it could take on this machine's cores. The build runs as the command does (worker processes: the
``OFSTED_KG_WORKERS`` processes, by default one per core).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ofsted_kg.build import run_build  # noqa: E402
from ofsted_kg.parse.pipeline import parse_path  # noqa: E402
from ofsted_kg.themes.enrich import enrich  # noqa: E402

CHANGED = Path("reports") / "norfolk" / "2023-01-13.pdf"


def extract_all(pdfs: list[Path]) -> tuple[float, int]:
    """The baseline: bare pypdfium2 text of every page, in one process, nothing else."""
    started, pages = time.perf_counter(), 0
    for path in pdfs:
        document = pdfium.PdfDocument(path)
        try:
            for index in range(len(document)):
                page = document[index]
                textpage = page.get_textpage()
                textpage.get_text_range()
                textpage.close()
                page.close()
                pages += 1
        finally:
            document.close()
    return time.perf_counter() - started, pages


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and of its finished children (the build's workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed_build(sources: list[Path], out: Path, cpu: list[float] | None = None) -> tuple[float, dict, object]:
    started, cpu_started = time.perf_counter(), cpu_seconds()
    result = run_build(sources, out, quiet=True)
    elapsed = time.perf_counter() - started
    if cpu is not None:
        cpu.append(cpu_seconds() - cpu_started)
    assert result.conforms and not result.failures, [f.line() for f in result.failures]
    return elapsed, json.loads((out / "run.json").read_text())["timings_seconds"], result


def one_run(pdfs: list[Path]) -> dict:
    extraction, pages = extract_all(pdfs)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(ROOT / "data" / "letters", data / "letters")
        shutil.copytree(ROOT / "data" / "reports", data / "reports")
        sources, out = [data / "letters", data / "reports"], Path(tmp) / "out"
        cpu: list[float] = []
        build, stages, result = timed_build(sources, out, cpu)
        rebuild, _, _ = timed_build(sources, out)
        with open(data / CHANGED, "ab") as changed:
            changed.write(b"\n% one changed byte sequence\n")  # still a valid PDF, another hash
        started = time.perf_counter()
        enrich(parse_path(data / CHANGED))
        parse = time.perf_counter() - started
        one_changed, one_stages, again = timed_build(sources, out)
        assert again.changes["unchanged"] == len(result.documents) - 1, again.changes
    return {
        "extraction": extraction,
        "pages": pages,
        "documents": len(result.documents),
        "build": build,
        "build_cpu": cpu[0],
        "stages": stages,
        "rebuild": rebuild,
        "one_changed": one_changed,
        "one_stages": one_stages,
        "its_parse": parse,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    pdfs = sorted((ROOT / "data" / "reports").rglob("*.pdf"))
    runs = [one_run(pdfs) for _ in range(args.runs)]

    def median(key: str) -> float:
        return statistics.median(r[key] for r in runs)

    extract_s, build_s = median("extraction"), median("build")
    pages, documents = runs[0]["pages"], runs[0]["documents"]
    print(
        f"{len(pdfs)} PDFs, {pages} pages; {documents} documents in the build (PDFs and letters); "
        f"medians of {args.runs}"
    )
    print(f"bare extraction     : {extract_s:7.2f} s  {pages / extract_s:7.0f} pages/s")
    print(f"whole build         : {build_s:7.2f} s  {documents / build_s:7.1f} documents/s")
    print(f"build / extraction  : {build_s / extract_s:.2f}x")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    cpu_s = median("build_cpu")
    print(f"build CPU time      : {cpu_s:7.2f} s  (all processes; {cpu_s / build_s:.2f} of {cores} cores busy; "
          f"at full use of {cores} cores the build could not take less than {cpu_s / cores / extract_s:.2f}x)")
    print(f"no-change rebuild   : {median('rebuild'):7.2f} s")
    print(
        f"one changed report  : {median('one_changed'):7.2f} s  (its own read+parse: {median('its_parse'):.2f} s; "
        f"the rest: {median('one_changed') - median('its_parse'):.2f} s)"
    )
    for label, key in (("whole build", "stages"), ("one changed report", "one_stages")):
        print(f"{label} stages (median s):")
        for stage in runs[0][key]:
            print(f"  {stage:<12}{statistics.median(r[key].get(stage, 0) for r in runs):7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
