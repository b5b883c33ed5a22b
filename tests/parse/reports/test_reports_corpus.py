"""Corpus consistency: every bundled report is read, recognised by structure and parsed whole.

Checked against ``data/reports/MANIFEST.csv`` (authority and publication date of each file),
not against anything the parser itself wrote.
"""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
from collections import defaultdict

import pytest

from ofsted_kg.errors import NotADocumentError
from ofsted_kg.model import KIND_REPORT
from ofsted_kg.parse import parse_source
from ofsted_kg.parse.reports.evidence import gather
from ofsted_kg.read import read_document
from ofsted_kg.reference import reconcile

from conftest import FIXTURES, REPORTS

NON_CHARACTERS = re.compile("[\ufdd0-\ufdef\ufffe\uffff]")
FRAMEWORKS = {"ILACS", "SIF", "LAC-2013", "CP-2012", "SLAC"}


def _manifest() -> dict[str, dict[str, str]]:
    with open(REPORTS / "MANIFEST.csv", newline="", encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def corpus():
    """(manifest row, source, parsed record) of every bundled report file."""
    rows = []
    for path in sorted(REPORTS.glob("*/*.pdf")):
        rel = f"{path.parent.name}/{path.name}"
        source = read_document(path)
        rows.append((rel, source, parse_source(source)))
    return rows


def test_every_bundled_report_is_in_the_manifest_and_parsed(corpus):
    manifest = _manifest()
    present = {rel for rel, _, _ in corpus}
    assert len(corpus) == 34
    assert present <= set(manifest)
    for rel, source, doc in corpus:
        assert doc.kind == KIND_REPORT and doc.framework in FRAMEWORKS, rel
        evidence = gather(source)
        assert evidence.is_report and not evidence.missing, (rel, evidence.missing)


def test_every_report_is_placed_in_its_authoritys_series(corpus):
    manifest = _manifest()
    starts = defaultdict(list)
    for rel, _, doc in corpus:
        row = manifest[rel]
        expected = reconcile(row["local_authority"])
        assert expected is not None, rel
        assert doc.authority.gss_code == expected.gss_code, (rel, doc.authority)
        assert doc.inspection_start and doc.inspection_end, rel
        assert doc.inspection_start <= doc.inspection_end <= _date(row["publication_date"]), rel
        if doc.document_date:
            assert abs((doc.document_date - _date(row["publication_date"])).days) <= 3, rel
        starts[doc.authority.gss_code].append(doc.inspection_start)
    for code, dates in starts.items():
        assert len(dates) == len(set(dates)), code  # no two inspections collapse into one


def test_every_report_has_judgements_findings_and_clean_text(corpus):
    for rel, source, doc in corpus:
        assert doc.judgements and all(j.area and j.grade for j in doc.judgements), rel
        assert doc.findings, rel
        assert doc.text == source.text and not NON_CHARACTERS.search(doc.text), rel
        for finding in doc.findings:
            assert 0 <= finding.start < finding.end <= len(doc.text), rel
            assert finding.text and not NON_CHARACTERS.search(finding.text), rel
            assert not re.match(
                r"there (?:are|were) no (?:areas|priority|recommendations)", finding.text, re.I
            ), rel
        if doc.previous_inspection:
            assert not NON_CHARACTERS.search(doc.previous_inspection.text), rel


def test_fakes_are_rejected_with_their_reason():
    for path in sorted((FIXTURES / "bad").glob("*.pdf")):
        with pytest.raises(NotADocumentError) as info:
            parse_source(read_document(path))
        assert info.value.reason and info.value.path == str(path)


def test_corpus_benchmark_counts_parsed_rejected_and_warned(tmp_path):
    spec = importlib.util.spec_from_file_location(
        "bench_corpus", REPORTS.parent.parent / "benchmarks" / "bench_corpus.py"
    )
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench
    spec.loader.exec_module(bench)
    (tmp_path / "notes.txt").write_text(
        "Minutes of the meeting. Nothing about inspections.\n", encoding="utf-8"
    )
    paths = [str(REPORTS / "westminster"), str(FIXTURES / "bad"), str(tmp_path)]
    summary = bench.report(bench.run(paths), slowest=2)
    assert summary["documents"] == 6 and summary["parsed"] == 3
    assert summary["frameworks"] == {"ILACS": 2, "SIF": 1}
    kinds = summary["rejected"]
    assert kinds["detect: an HTML web page saved under a .pdf name, not a PDF"]["count"] == 2
    assert (
        kinds["detect: not an Ofsted children's-services letter or inspection report"]["count"] == 1
    )
    assert (
        "missing title"
        in kinds["detect: not an Ofsted children's-services letter or inspection report"]["example"]
    )
    assert summary["warned"] == 2 and len(summary["slowest"]) == 2


def _date(text: str):
    from datetime import date

    return date.fromisoformat(text)
