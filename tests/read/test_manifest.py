"""Manifests given with the sources: read, found beside or above the sources, recorded in
the graph (dcterms:issued, dcterms:source) by the build; bad manifests fail clearly."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from ofsted_kg.build import run_build
from ofsted_kg.read.manifest import ManifestError, Manifests, find_manifests, read_manifest
from ofsted_kg.store.knowledge import KnowledgeStore

from conftest import LETTERS, REPORTS

LETTER = "westminster-2011-07-27.txt"
ISSUED = """
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?doc ?issued ?source WHERE { ?doc dcterms:issued ?issued ; dcterms:source ?source }"""


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_bundled_manifest_reads_and_lists_every_bundled_report():
    manifest = REPORTS / "MANIFEST.csv"
    records = read_manifest(manifest)
    reports = sorted((REPORTS).rglob("*.pdf"))
    assert {p.resolve() for p in reports} <= {r.file for r in records}
    assert all(r.url.startswith("https://files.ofsted.gov.uk/") and r.published for r in records)
    assert find_manifests([reports[0]]) == [manifest.resolve()]


def test_column_names_are_forgiving(tmp_path):
    manifest = _write(tmp_path / "m.csv", "\ufeffFile,Source URL,Publication Date\n\na/x.pdf,https://e.org/x,2020-02-03\n")
    (record,) = read_manifest(manifest)
    assert (record.file, record.url, record.published, record.sha256) == (
        (tmp_path / "a" / "x.pdf").resolve(), "https://e.org/x", date(2020, 2, 3), None)


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty manifest"),
    ("name,when\nx.pdf,2020-01-01\n", "lacks a 'file' column"),
    ("file,publication_date\nx.pdf,3 March 2020\n", "m.csv:2: manifest error: publication date '3 March 2020'"),
    ("file,url\nx.pdf,files/x.pdf\n", "is not an absolute URL"),
    ("file,url\n,https://e.org/x\n", "no file named"),
])
def test_bad_manifests_name_file_and_row(tmp_path, text, message):
    with pytest.raises(ManifestError) as caught:
        read_manifest(_write(tmp_path / "m.csv", text))
    assert message in caught.value.line()


def test_a_row_applies_only_to_the_bytes_it_names(tmp_path):
    manifest = _write(tmp_path / "m.csv", f"file,url,sha256\nx.pdf,https://e.org/x,{'A' * 64}\n")
    catalogue = Manifests.load([manifest])
    assert catalogue.lookup(tmp_path / "x.pdf", "a" * 64).url == "https://e.org/x"
    assert catalogue.lookup(tmp_path / "x.pdf", "b" * 64) is None and catalogue.listed(tmp_path / "x.pdf")
    assert catalogue.lookup(tmp_path / "y.pdf", "a" * 64) is None


def _issued(out: Path) -> list[tuple[str, str]]:
    with KnowledgeStore(out / "store", read_only=True) as store:
        return [(row[1].value, row[2].value) for row in store.query(ISSUED).rows]


def test_build_records_what_the_manifest_says_and_follows_its_changes(tmp_path, capsys):
    src = tmp_path / "sources"
    (src / "letters").mkdir(parents=True)
    shutil.copy(LETTERS / LETTER, src / "letters" / LETTER)
    _write(src / "MANIFEST.csv", f"file,source_url,publication_date\nletters/{LETTER},https://e.org/w,2011-07-28\n")
    out = tmp_path / "out"
    assert run_build([src / "letters"], out, quiet=True).exit_code == 0  # found above the sources
    assert _issued(out) == [("2011-07-28", "https://e.org/w")]
    other = _write(tmp_path / "other.csv", f"file,url\nsources/letters/{LETTER},https://e.org/moved\n")
    assert run_build([src / "letters"], out, quiet=True, manifests=[other]).exit_code == 0
    assert _issued(out) == []  # the given manifest wins, and it has no date: no issued date
    with KnowledgeStore(out / "store", read_only=True) as store:
        sources = store.query("SELECT ?s WHERE { ?d <http://purl.org/dc/terms/source> ?s FILTER isIRI(?s) }").rows
    assert [row[0].value for row in sources] == ["https://e.org/moved"]
    _write(src / "MANIFEST.csv", f"file,url,sha256\nletters/{LETTER},https://e.org/w,{'0' * 64}\n")
    assert run_build([src / "letters"], out, quiet=True).exit_code == 0
    assert "manifest warning" in capsys.readouterr().err and _issued(out) == []
