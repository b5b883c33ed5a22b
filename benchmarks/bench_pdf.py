"""Which PDF text extractor? Speed, robustness and text agreement on the bundled reports.

    python benchmarks/bench_pdf.py [--files N]

Measures, on the same PDFs in the same run: pages per second for pypdfium2 (the
extractor ofsted-kg uses), pypdf, pdfplumber and poppler's pdftotext (each only if
installed: `pip install -e '.[bench]'`, `apt-get install poppler-utils`), the ratio of
each to pypdfium2, how many truncated copies each rejects cleanly, and how closely each
one's words agree with pypdfium2's (a check that the fast one loses nothing).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "data" / "reports"


def pypdfium2_pages(data: bytes) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def pypdf_pages(data: bytes) -> list[str]:
    import io

    import pypdf

    return [page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def pdfplumber_pages(data: bytes) -> list[str]:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def pdftotext_pages(data: bytes) -> list[str]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        out = subprocess.run(
            ["pdftotext", "-q", "-layout", handle.name, "-"], capture_output=True, check=True
        ).stdout.decode("utf-8", "replace")
    return out.split("\f")[:-1] or [out]


def available() -> dict:
    found = {"pypdfium2": pypdfium2_pages}
    for name, func, module in (("pypdf", pypdf_pages, "pypdf"), ("pdfplumber", pdfplumber_pages, "pdfplumber")):
        try:
            __import__(module)
            found[name] = func
        except ImportError:
            print(f"({name} not installed: skipped)")
    if shutil.which("pdftotext"):
        found["pdftotext"] = pdftotext_pages
    else:
        print("(pdftotext not installed: skipped)")
    return found


def words(pages: list[str]) -> Counter:
    return Counter(re.findall(r"[a-z]{3,}", " ".join(pages).lower()))


def agreement(reference: Counter, other: Counter) -> float:
    shared = sum((reference & other).values())
    return shared / max(1, sum(reference.values()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=12, help="how many bundled PDFs (default 12)")
    args = parser.parse_args()
    files = sorted(REPORTS.rglob("*.pdf"))[: args.files]
    blobs = [f.read_bytes() for f in files]
    extractors = available()
    results = {}
    reference_words = None
    for name, func in extractors.items():
        started = time.perf_counter()
        pages = [func(blob) for blob in blobs]
        elapsed = time.perf_counter() - started
        page_count = sum(len(p) for p in pages)
        all_words = sum((words(p) for p in pages), Counter())
        if reference_words is None:
            reference_words = all_words
        rejected = 0
        for blob in blobs[:4]:
            try:
                func(blob[: len(blob) // 3])
            except Exception:  # noqa: BLE001 - any clean exception counts as a rejection
                rejected += 1
        results[name] = (page_count, elapsed, agreement(reference_words, all_words), rejected)
    base_rate = results["pypdfium2"][0] / results["pypdfium2"][1]
    print(f"{len(files)} PDFs, {results['pypdfium2'][0]} pages\n")
    print(f"{'extractor':<12}{'pages/s':>10}{'vs pypdfium2':>14}{'word agreement':>16}{'truncated rejected':>20}")
    for name, (pages, elapsed, agree, rejected) in results.items():
        rate = pages / elapsed
        print(f"{name:<12}{rate:>10.0f}{rate / base_rate:>13.3f}x{agree:>16.3f}{rejected:>17}/4")
    return 0


if __name__ == "__main__":
    sys.exit(main())
