"""The analysts' tables on the bundled build: the latest table holds, for every bundled
authority, the grades its latest report gives (checked against the parsed records, not
hand-copied), the history table every graded inspection; CSV and xlsx files are
deterministic and the workbook opens."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest
from rdflib.namespace import SKOS

from ofsted_kg.cli import main
from ofsted_kg.convert.vocabularies import GRADE_SCHEME, JUDGEMENT_AREA_SCHEME, lookup_concept, ontology_graph
from ofsted_kg.query.table import build_sheet, to_csv, to_terminal, to_xlsx
from ofsted_kg.read.manifest import Manifests, find_manifests


openpyxl = pytest.importorskip("openpyxl")
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"




@pytest.fixture(scope="module")
def records(bundled_out) -> list[dict]:
    return [json.loads(line) for line in (bundled_out / "records.jsonl").read_text(encoding="utf-8").splitlines()]


def _camel(concept) -> str:
    head, *rest = str(concept).rsplit("/", 1)[1].split("-")
    return head + "".join(part.title() for part in rest)


def _column_of(area_as_written: str) -> str:
    """The table column of a judgement area: its concept's slug in camelCase."""
    concept = lookup_concept(JUDGEMENT_AREA_SCHEME, area_as_written)
    assert concept is not None, f"judgement area {area_as_written!r} has no concept, so no column"
    return _camel(concept)


def _grade_label(grade: str) -> str:
    concept = lookup_concept(GRADE_SCHEME, grade)
    return str(next(o for p, o in ontology_graph().predicate_objects(concept) if str(p) == SKOS_PREF))


def _graded(records):
    return [r for r in records if r["judgements"] and r["inspection"]["type"] != "review"]


def _as_dicts(sheet) -> list[dict]:
    return [{c.var: cell for c, cell in zip(sheet.columns, row)} for row in sheet.rows]


def _manifest_for(record):
    return Manifests.load(find_manifests([record["source"]])).lookup(record["source"], record["sha256"])


def test_latest_table_matches_every_bundled_authoritys_latest_report(bundled_store, records):
    rows = {r["gssCode"]: r for r in _as_dicts(build_sheet(bundled_store, "latest"))}
    graded = _graded(records)
    authorities = {r["authority"]["gss_code"] for r in graded}
    assert len(authorities) == 9 and set(rows) == authorities  # one row per authority, no more
    grade_columns = [_camel(area) for area in sorted(ontology_graph().subjects(SKOS.inScheme, JUDGEMENT_AREA_SCHEME))]
    assert all(c in rows[next(iter(rows))] for c in grade_columns)  # one column per judgement area
    for gss in sorted(authorities):
        latest = max((r for r in graded if r["authority"]["gss_code"] == gss),
                     key=lambda r: r["inspection"]["start_date"])
        row = rows[gss]
        expected = {_column_of(j["area"]): _grade_label(j["grade"]) for j in latest["judgements"]}
        assert {c: row[c] for c in grade_columns if row[c] is not None} == expected, latest["source"]
        assert row["dfeCode"] == latest["authority"]["dfe_code"]
        assert row["start"] == date.fromisoformat(latest["inspection"]["start_date"])
        assert row["end"] == date.fromisoformat(latest["inspection"]["end_date"])
        assert row["framework"] == latest["framework"] and row["inspectionType"] == latest["inspection"]["type"]
        assert row["leadInspector"] == latest["inspector"]["name"]
        listed = _manifest_for(latest)
        assert row["source"] == listed.url
        # the report's own statement first; the manifest's date for ILACS reports, which state none
        assert row["published"] == (date.fromisoformat(latest["document_date"]) if latest["document_date"]
                                    else listed.published)


def test_every_ilacs_report_gets_its_publication_date_from_the_manifest(bundled_store, records):
    rows = _as_dicts(build_sheet(bundled_store, "history"))
    ilacs = [r for r in rows if r["framework"] == "ILACS"]
    assert ilacs and all(isinstance(r["published"], date) for r in ilacs)
    assert all(r["source"].startswith("https://files.ofsted.gov.uk/") for r in rows)


def test_history_by_name_has_one_row_per_graded_inspection(bundled_store, records):
    by_name = _as_dicts(build_sheet(bundled_store, "history", {"authority": "<https://w3id.org/ofsted-kg/authority/surrey>"}))
    expected = sorted(r["inspection"]["start_date"] for r in _graded(records) if r["authority"]["name"] == "Surrey")
    assert [r["start"].isoformat() for r in by_name] == expected
    assert [r["inspectionType"] for r in by_name] == ["standard", "re-inspection", "standard", "standard"]


def test_table_command_writes_deterministic_csv_and_an_xlsx_that_opens(bundled_out, tmp_path, capsys):
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        assert main(["table", "latest", "--store", str(bundled_out), "--csv", str(folder / "latest.csv"),
                     "--xlsx", str(folder / "latest.xlsx")]) == 0
    for name in ("latest.csv", "latest.xlsx"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), f"{name} differs between runs"
    table = list(csv.reader(io.StringIO((first / "latest.csv").read_text(encoding="utf-8"))))
    assert table[0][:3] == ["Local authority", "DfE LA code", "GSS code"] and len(table) == 10
    book = openpyxl.load_workbook(first / "latest.xlsx")
    sheet = book.active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0] == table[0]
    assert sheet.freeze_panes == "A2"
    start = table[0].index("Inspection start")
    for read, written in zip(cells[1:], table[1:]):
        assert read[start].date().isoformat() == written[start]  # a real date, not text
        assert [("" if v is None else v if isinstance(v, str) else v.date().isoformat()) for v in read] == written
    link = table[0].index("Report")
    assert sheet.cell(row=2, column=link + 1).hyperlink.target == table[1][link]


def test_table_history_by_authority_name_prints_a_table(bundled_out, capsys):
    assert main(["table", "history", "--authority", "kensington and chelsea", "--store", str(bundled_out)]) == 0
    printed = capsys.readouterr().out
    assert printed.count("2016-01-11") == 1 and "2024-11-11" in printed and "short" in printed
    assert main(["table", "history", "--authority", "Kensingtn", "--store", str(bundled_out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Kensington and Chelsea (authority:kensington-and-chelsea)" in err[0]


def test_terminal_table_wraps_at_spaces_only(bundled_store):
    sheet = build_sheet(bundled_store, "latest")
    text = to_terminal(sheet, width=80)
    words = {w for row in sheet.rows for cell in row if isinstance(cell, str) and "://" not in cell
             for w in cell.split()}
    shown = set(re.findall(r"[^\s│┃]+", text))
    assert {w for w in words if w not in shown} == set(), "a word was folded across lines"


def test_csv_and_xlsx_keep_cells_on_one_line(bundled_store):
    sheet = build_sheet(bundled_store, "history")
    assert "\n" not in to_csv(sheet).replace("\r\n", "")
    assert to_xlsx(sheet) == to_xlsx(sheet)
