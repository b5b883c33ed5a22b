"""The store-side commands in-process: build, validate, queries, query, export; exit codes."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph

from ofsted_kg.build import Steps
from ofsted_kg import main
from test_build import DOCS, fake_steps, write_docs


@pytest.fixture
def built(tmp_path, monkeypatch, fixtures_dir):
    steps = fake_steps()
    monkeypatch.setattr(Steps, "default", classmethod(lambda cls: steps))
    monkeypatch.setattr("ofsted_kg.validate.shacl.validate", steps.validate)
    monkeypatch.setattr("ofsted_kg.query.catalogue.queries_dir", lambda: fixtures_dir / "queries")
    src = write_docs(tmp_path / "src", DOCS)
    out = tmp_path / "out"
    assert main(["build", str(src), "--out", str(out), "--quiet"]) == 0
    return out


def test_build_summary_line_and_failure_exit(tmp_path, built, capsys):
    src = write_docs(tmp_path / "src2", dict(DOCS, **{"bad.txt": "BROKEN"}))
    assert main(["build", str(src), "--out", str(tmp_path / "o2")]) == 1
    err = capsys.readouterr().err
    assert "bad.txt: parse error" in err and "3 documents, 1 failed" in err
    assert main(["build", "--base", "no-slash", "--out", str(tmp_path / "o3")]) == 2


def test_validate_command(built, tmp_path, capsys):
    assert main(["validate", "--store", str(built), "--report", str(tmp_path / "r.ttl")]) == 0
    assert "Conforms: True" in capsys.readouterr().out
    assert len(Graph().parse(tmp_path / "r.ttl")) == 2


def test_queries_and_query_formats(built, capsys):
    assert main(["queries", "--plain"]) == 0
    listing = capsys.readouterr().out
    assert "inspections-of\tInspections of an authority" in listing and "since=2000" in listing
    assert main(["query", "count", "--store", str(built), "--format", "json"]) == 0
    n = json.loads(capsys.readouterr().out)["results"]["bindings"][0]["n"]["value"]
    assert int(n) > 10
    assert main(["query", "count", "--store", str(built), "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("n\r\n")
    assert main(["query", "count", "--store", str(built)]) == 0
    assert "1 rows" in capsys.readouterr().out


def test_query_errors_exit_2(built, tmp_path, capsys):
    assert main(["query", "inspections-of", "--store", str(built)]) == 2
    assert "missing required parameter authority" in capsys.readouterr().err
    assert main(["query", "count", "--param", "x=1", "--store", str(built)]) == 2
    assert main(["query", "nope", "--store", str(built)]) == 2
    assert main(["query", "count", "--store", str(tmp_path / "empty")]) == 2
    assert "run `ofsted-kg build` first" in capsys.readouterr().err
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE { ?x ")
    assert main(["query", str(bad), "--store", str(built)]) == 2
    assert main(["query", "count", "--format", "xml", "--store", str(built)]) == 2


def test_export_command(built, tmp_path, capsys):
    for fmt in ("turtle", "nt", "nquads", "trig", "jsonld"):
        target = tmp_path / f"x.{fmt}"
        assert main(["export", "--format", fmt, "-o", str(target), "--store", str(built)]) == 0
        assert target.stat().st_size > 0
    assert (tmp_path / "x.turtle").read_bytes() == (built / "graph.ttl").read_bytes()
    assert main(["export", "--format", "nt", "--store", str(built), "--void", str(tmp_path / "v.ttl"),
                 "--context", str(tmp_path / "c.jsonld")]) == 0
    assert capsys.readouterr().out.count("\n") > 10
    assert "okg" in json.loads((tmp_path / "c.jsonld").read_text())["@context"]
    assert main(["export", "--store", str(tmp_path / "missing")]) == 2
