"""The build over a temp folder of fake documents, with fake convert/infer/validate stages."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace
from rdflib.namespace import RDF, XSD

from ofsted_kg import build as build_module
from ofsted_kg.build import Steps, run_build
from ofsted_kg.errors import ConvertError, ParseError
from ofsted_kg.model import AuthorityRef, Finding, ParsedDocument
from ofsted_kg.store.knowledge import KnowledgeStore
from ofsted_kg.uris import Uris

BASE = "https://w3id.org/ofsted-kg/"
EX = Namespace("https://example.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
OUTPUTS = ("graph.ttl", "void.ttl", "validation-report.ttl", "validation.txt", "summary.json", "records.jsonl")


# -- fakes standing in for parse / convert / infer / validate ------------------------
def fake_read(path):
    return str(path), Path(path).read_text()


def fake_parse(source):
    path, text = source
    if "BROKEN" in text:
        raise ParseError(path, "no date found")
    fields = dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)
    pairs = (f.split("|") for f in fields.get("findings", "").split(";") if f)
    findings = tuple(Finding(cat, "s", t, 0, 1) for cat, t in pairs)
    return ParsedDocument(
        source=path, sha256=hashlib.sha256(text.encode()).hexdigest(), kind="ucra-letter", text=text,
        authority=AuthorityRef(fields["authority"], None, None, fields["authority"]),
        framework=fields.get("framework"), document_date=date.fromisoformat(fields["date"]), findings=findings)


def convert_document(doc, uris=Uris(BASE)):
    if "CRASH" in doc.text:
        raise ConvertError(doc.source, "cannot convert")
    d = uris.document(doc)
    out = [(d, RDF.type, EX.Document), (d, EX.date, Literal(doc.document_date.isoformat(), datatype=XSD.date)),
           (d, EX.authority, uris.authority(doc.authority.name)), (d, EX.text, Literal(doc.text))]
    for n, f in enumerate(doc.findings, 1):
        span = BNode()
        out += [(d, EX.finding, span), (span, EX.category, Literal(f.category)), (span, EX.n, Literal(n))]
    return out


def fake_steps(validate_marker: str = "INVALID") -> Steps:
    def validate(graph):
        if isinstance(graph, KnowledgeStore):
            graph = graph.union_graph()
        elif isinstance(graph, list):
            graph = Graph().__iadd__(graph)
        bad = any(validate_marker in str(o) for o in graph.objects(None, EX.text))
        report, node = Graph(), BNode()
        report.add((node, RDF.type, SH.ValidationReport))
        report.add((node, SH.conforms, Literal(not bad)))
        return _Result(not bad, report, "Conforms: True" if not bad else "Conforms: False\n1 result")

    series = (f"DROP SILENT GRAPH <{BASE}graph/inferred/series> ; INSERT {{ GRAPH <{BASE}graph/inferred/series> "
              f"{{ ?a <{EX.documents}> ?n }} }} WHERE {{ SELECT ?a (COUNT(?d) AS ?n) "
              f"WHERE {{ GRAPH ?g {{ ?d <{EX.authority}> ?a }} }} GROUP BY ?a }}")
    return Steps(read=fake_read, parse=fake_parse, convert_document=convert_document,
                 convert_reference=lambda uris: [(uris.authority("westminster"), EX.name, Literal("Westminster"))],
                 inference=lambda uris: [series], validate_document=validate, validate_corpus=validate)


@dataclass
class _Result:
    conforms: bool
    report_graph: Graph
    text: str


def write_docs(folder: Path, docs: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (folder / name).write_text(text)
    return folder


DOCS = {
    "a.txt": "authority: westminster\ndate: 2011-07-27\nframework: ucra\n"
             "findings: strength|Good;area-for-development|Weak",
    "b.txt": "authority: surrey\ndate: 2015-06-03\nframework: sif\nfindings: recommendation|Do it",
    "c.txt": "authority: westminster\ndate: 2016-03-29\nframework: sif",
}


@pytest.fixture
def steps(monkeypatch):
    s = fake_steps()
    monkeypatch.setattr(Steps, "default", classmethod(lambda cls: s))
    return s


def snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def test_build_writes_outputs_and_is_reproducible(tmp_path, steps):
    src = write_docs(tmp_path / "src", DOCS)
    first = run_build([src], tmp_path / "out", quiet=True)
    assert first.exit_code == 0 and first.changes["added"] == 3 and not first.failures
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["documents"] == 3 and summary["conforms"] is True
    assert summary["frameworks"] == {"sif": 2, "ucra": 1}
    assert summary["categories"] == {"area-for-development": 1, "recommendation": 1, "strength": 1}
    assert len((tmp_path / "out" / "records.jsonl").read_text().splitlines()) == 3
    before = snapshot(tmp_path / "out")
    again = run_build([src], tmp_path / "out", quiet=True)
    assert again.changes["unchanged"] == 3 and again.changes["added"] == 0
    assert snapshot(tmp_path / "out") == before
    fresh = run_build([src], tmp_path / "elsewhere", quiet=True)  # a fresh store: same bytes
    assert snapshot(tmp_path / "elsewhere") == before and fresh.exit_code == 0
    assert "timings_seconds" in json.loads((tmp_path / "out" / "run.json").read_text())


def test_changed_document_replaces_its_graph_and_removed_one_is_dropped(tmp_path, steps):
    src = write_docs(tmp_path / "src", DOCS)
    run_build([src], tmp_path / "out", quiet=True)
    (src / "a.txt").write_text(DOCS["a.txt"] + "\nnote: corrected")
    (src / "b.txt").unlink()
    result = run_build([src], tmp_path / "out", quiet=True)
    assert result.changes["replaced"] == 1 and result.changes["unchanged"] == 1 and result.changes["removed"] == 1
    with KnowledgeStore(tmp_path / "out" / "store") as store:
        docs = [g for g in store.graph_names() if "/graph/document/" in g]
        assert len(docs) == 2
        assert f"{BASE}graph/reference" in store.graph_names()
        series = f"<{BASE}graph/inferred/series>"
        counts = store.query(f"SELECT ?a ?n WHERE {{ GRAPH {series} {{ ?a <{EX.documents}> ?n }} }}")
        assert [(r[0].value.rsplit("/", 1)[1], r[1].value) for r in counts.sorted().rows] == [("westminster", "2")]


def test_a_changed_document_does_not_reload_the_reference_data(tmp_path, steps, monkeypatch):
    """Regression: the reference and ontology graphs were converted and reloaded on every build
    with a change, as their names (URIRefs) were looked for in a set of strings."""
    src = write_docs(tmp_path / "src", DOCS)
    run_build([src], tmp_path / "out", quiet=True)
    calls = []
    monkeypatch.setattr(Steps, "default", classmethod(lambda cls: replace(
        steps, convert_reference=lambda uris: calls.append(1) or steps.convert_reference(uris))))
    (src / "b.txt").write_text(DOCS["b.txt"] + ";recommendation|Again")
    again = run_build([src], tmp_path / "out", quiet=True)
    assert again.changes["replaced"] + again.changes["added"] == 1 and calls == []


def test_the_corpus_validation_runs_beside_the_writing_and_its_failure_is_typed(tmp_path, steps, monkeypatch):
    from ofsted_kg.errors import ValidateError

    src = write_docs(tmp_path / "src", DOCS)
    conforming = steps.validate_document([])
    read = replace(steps, read_corpus=lambda store: list(store.union_graph()),  # plain triples, to a worker
                   validate_document=lambda triples: conforming)  # so only the corpus report can fail
    monkeypatch.setattr(Steps, "default", classmethod(lambda cls: read))
    result = run_build([src], tmp_path / "out", quiet=True)
    assert result.exit_code == 0 and result.conforms
    (src / "c.txt").write_text(DOCS["c.txt"] + "\nnote: INVALID")
    assert not run_build([src], tmp_path / "out", quiet=True).conforms  # the worker's report is the report
    (src / "c.txt").write_text(DOCS["c.txt"] + "\nnote: slow")
    slow = replace(read, validate_corpus=lambda triples: time.sleep(60))
    monkeypatch.setattr(Steps, "default", classmethod(lambda cls: slow))
    monkeypatch.setenv("OFSTED_KG_DOC_SECONDS", "1")
    with pytest.raises(ValidateError, match="corpus validation stopped: took longer than 1 s"):
        run_build([src], tmp_path / "out", quiet=True)


def test_bad_documents_are_listed_and_the_build_goes_on(tmp_path, steps, capsys):
    docs = dict(DOCS, **{"bad.txt": "BROKEN", "crash.txt": "authority: x\ndate: 2012-01-01\nCRASH"})
    result = run_build([write_docs(tmp_path / "src", docs)], tmp_path / "out", quiet=True)
    assert result.exit_code == 1 and len(result.documents) == 3
    err = capsys.readouterr().err.splitlines()
    assert any(line.endswith("bad.txt: parse error: no date found") for line in err)
    assert any("crash.txt: convert error: cannot convert" in line for line in err)
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert [f["stage"] for f in summary["failures"]] == ["parse", "convert"]


def test_not_conforming_exits_1(tmp_path, steps):
    docs = dict(DOCS, **{"d.txt": "authority: surrey\ndate: 2018-01-01\nINVALID"})
    result = run_build([write_docs(tmp_path / "src", docs)], tmp_path / "out", quiet=True)
    assert result.exit_code == 1 and not result.conforms
    assert (tmp_path / "out" / "validation.txt").read_text().startswith("Does not conform")
    assert "sh:conforms false" in (tmp_path / "out" / "validation-report.ttl").read_text()


def test_code_change_rebuilds_every_document(tmp_path, steps, monkeypatch):
    src = write_docs(tmp_path / "src", DOCS)
    run_build([src], tmp_path / "out", quiet=True)
    monkeypatch.setattr(build_module, "fingerprint", lambda base: "changed")
    result = run_build([src], tmp_path / "out", quiet=True)
    assert result.changes["dropped (code changed)"] == 3 and result.changes["added"] == 3


def test_a_document_over_its_time_limit_fails_and_the_build_goes_on(tmp_path, steps, monkeypatch, capsys):
    def hang(source):
        if "HANG" in source[1]:
            time.sleep(60)
        return fake_parse(source)

    monkeypatch.setattr(Steps, "default", classmethod(lambda cls: replace(steps, parse=hang)))
    monkeypatch.setenv("OFSTED_KG_DOC_SECONDS", "1")
    docs = dict(DOCS, **{"slow.txt": "authority: surrey\ndate: 2018-01-01\nHANG"})
    result = run_build([write_docs(tmp_path / "src", docs)], tmp_path / "out", quiet=True)
    assert result.exit_code == 1 and len(result.documents) == 3
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert [(Path(f["file"]).name, f["stage"]) for f in summary["failures"]] == [("slow.txt", "parse")]
    assert "longer than 1 s" in summary["failures"][0]["reason"]
    assert "slow.txt: parse error: took longer than 1 s" in capsys.readouterr().err


def test_a_rebuild_with_nothing_changed_touches_nothing(tmp_path, steps, monkeypatch):
    src = write_docs(tmp_path / "src", DOCS)
    out = tmp_path / "out"
    run_build([src], out, quiet=True)
    # every output but run.json (the store's own files change when RocksDB opens it)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")
              if p.is_file() and p.name != "run.json" and "store" not in p.parts}

    def untouchable(*args):
        raise AssertionError("a no-change rebuild must not run this stage")

    monkeypatch.setattr(Steps, "default", classmethod(lambda cls: replace(
        steps, read=untouchable, validate_corpus=untouchable, inference=untouchable, convert_reference=untouchable)))
    again = run_build([src], out, quiet=True)
    assert again.exit_code == 0 and again.changes["unchanged"] == 3 and len(again.documents) == 3
    assert {p: p.stat().st_mtime_ns for p in before} == before
    assert set(json.loads((out / "run.json").read_text())["timings_seconds"]) == {"documents"}


def test_an_unchanged_document_is_not_parsed_or_validated_again(tmp_path, steps, monkeypatch):
    src = write_docs(tmp_path / "src", DOCS)
    run_build([src], tmp_path / "out", quiet=True)
    (src / "b.txt").write_text(DOCS["b.txt"] + "\nnote: corrected")
    seen = tmp_path / "seen"

    def read(path):
        with open(seen, "a") as log:
            log.write(Path(path).name + "\n")
        return fake_read(path)

    monkeypatch.setattr(Steps, "default", classmethod(lambda cls: replace(steps, read=read)))
    result = run_build([src], tmp_path / "out", quiet=True)
    assert seen.read_text().split() == ["b.txt"]
    assert result.changes["replaced"] == 1 and result.changes["unchanged"] == 2 and result.exit_code == 0
    records = [json.loads(line) for line in (tmp_path / "out" / "records.jsonl").read_text().splitlines()]
    assert [Path(r["source"]).name for r in records] == ["a.txt", "b.txt", "c.txt"]


def test_a_real_document_over_a_tiny_memory_limit_fails_alone(tmp_path, monkeypatch, letters_dir, capsys):
    monkeypatch.setenv("OFSTED_KG_DOC_MEMORY_MB", "1")
    letter = letters_dir / "westminster-2011-07-27.txt"
    result = run_build([letter], tmp_path / "out", quiet=True)
    assert result.exit_code == 1 and not result.documents
    [failure] = result.failures
    assert failure.path == str(letter) and "OFSTED_KG_DOC_MEMORY_MB" in failure.reason
    assert str(letter) in capsys.readouterr().err


def test_the_progress_display_shows_every_stage(tmp_path, steps, monkeypatch, capsys):
    from ofsted_kg.commands._progress import Display

    monkeypatch.setattr(build_module, "Display", lambda enabled=None: Display(enabled=True))
    run_build([write_docs(tmp_path / "src", DOCS)], tmp_path / "out")
    shown = capsys.readouterr().err
    for stage in ("documents", "reference", "inference", "validate", "write"):
        assert stage in shown
    assert "3/3" in shown  # the documents stage counts them


def test_the_union_graph_follows_a_changed_and_a_removed_document(tmp_path, steps):
    import pyoxigraph as ox

    src = write_docs(tmp_path / "src", DOCS)
    run_build([src], tmp_path / "out", quiet=True)
    (src / "a.txt").write_text(DOCS["a.txt"] + "\nnote: corrected")
    (src / "b.txt").unlink()
    run_build([src], tmp_path / "out", quiet=True)
    with KnowledgeStore(tmp_path / "out" / "store", read_only=True) as store:
        union = {q.triple for q in store.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph())}
        assert union == {q.triple for q in store.quads()}
        texts = {t.object.value for t in union if t.predicate.value == str(EX.text)}
        assert texts == {DOCS["a.txt"] + "\nnote: corrected", DOCS["c.txt"]}  # the old a.txt and b.txt are gone
        assert any(t.predicate.value == str(EX.name) for t in union)  # the reference data is kept


def test_flushing_and_compacting_between_loads_changes_nothing(tmp_path, steps, monkeypatch):
    src = write_docs(tmp_path / "src", DOCS)
    run_build([src], tmp_path / "once", quiet=True)
    monkeypatch.setattr(build_module, "FLUSH_EVERY", 1)
    calls, compact = [], KnowledgeStore.optimize
    monkeypatch.setattr(KnowledgeStore, "optimize", lambda self: calls.append(compact(self)))
    run_build([src], tmp_path / "flushed", quiet=True)
    assert calls == [None]  # compacted once, after the documents
    assert snapshot(tmp_path / "once") == snapshot(tmp_path / "flushed")


def test_prepare_runs_once_here_before_the_workers_are_forked_and_they_inherit_it(tmp_path, steps, monkeypatch):
    prepared: list[str] = []

    def read(path):
        if prepared != ["ready"]:  # (in a worker: what the building process prepared before forking it)
            raise RuntimeError("not prepared")
        return fake_read(path)

    monkeypatch.setattr(Steps, "default", classmethod(lambda cls: replace(
        steps, prepare=lambda: prepared.append("ready"), read=read)))
    src = write_docs(tmp_path / "src", DOCS)
    result = run_build([src], tmp_path / "out", quiet=True)
    assert result.exit_code == 0 and not result.failures and prepared == ["ready"]
    run_build([src], tmp_path / "out", quiet=True)
    assert prepared == ["ready"]  # nothing to read again: nothing prepared


def test_a_build_stamps_its_store_and_a_changed_store_loses_its_kept_answers(tmp_path, steps):
    """Issue 13: kept query answers (query/answers.py) belong to the store the last build made."""
    from ofsted_kg.query.answers import Answers, Question
    from ofsted_kg.store.knowledge import ResultTable

    src = write_docs(tmp_path / "src", DOCS)
    run_build([src], tmp_path / "out", quiet=True)
    kept = Answers(tmp_path / "out")
    first = kept.state()
    assert first and len(first) == 64
    question = Question("ASK {}")
    assert kept.keep(question, None, ResultTable(boolean=True))
    run_build([src], tmp_path / "out", quiet=True)  # nothing changed: the answer still holds
    assert kept.state() == first and kept.get(question, None) == ResultTable(boolean=True)
    (src / "a.txt").write_text(DOCS["a.txt"] + "\nnote: corrected")
    run_build([src], tmp_path / "out", quiet=True)
    assert kept.state() not in (None, first) and kept.get(question, None) is None


def test_a_build_that_changed_the_store_asks_the_national_queries_after_its_inference(tmp_path, steps, monkeypatch,
                                                                                       capsys):
    """Issue 13: the national answers (query/national.py) are asked once the inference has written
    the store, under the stamp the build then writes, only when the store changed; a failure
    there is a warning, not a failed build."""
    from ofsted_kg.query.answers import Answers
    from ofsted_kg.query.national import NationalAnswers

    asked: list[tuple[str, int]] = []

    def national(store, out, state, limits):
        series = store.query(f"SELECT ?a WHERE {{ GRAPH <{BASE}graph/inferred/series> {{ ?a ?p ?n }} }}")
        asked.append((state, len(series)))  # (the inference's graph is there)
        return NationalAnswers(asked=["q"], failed=[("q", "bad query")])

    monkeypatch.setattr(Steps, "default", classmethod(lambda cls: replace(steps, national_answers=national)))
    src = write_docs(tmp_path / "src", DOCS)
    first = run_build([src], tmp_path / "out", quiet=True)
    assert first.exit_code == 0 and asked == [(Answers(tmp_path / "out").state(), 2)]
    assert "the national answer was not kept for q (bad query)" in capsys.readouterr().err
    assert "answers" in json.loads((tmp_path / "out" / "run.json").read_text())["timings_seconds"]
    run_build([src], tmp_path / "out", quiet=True)  # nothing changed: nothing asked
    assert len(asked) == 1
    (src / "a.txt").write_text(DOCS["a.txt"] + "\nnote: corrected")
    run_build([src], tmp_path / "out", quiet=True)
    assert len(asked) == 2 and asked[1][0] == Answers(tmp_path / "out").state() != asked[0][0]


def test_national_answers_that_cannot_be_asked_are_a_warning_not_a_failed_build(tmp_path, steps, monkeypatch, capsys):
    """A failure while asking the national queries never fails the build."""
    def cannot(*args, **kwargs):
        raise RuntimeError("no thread can start")

    monkeypatch.setattr("ofsted_kg.query.national.ThreadPoolExecutor", cannot)
    monkeypatch.setattr(Steps, "default", classmethod(lambda cls: replace(
        steps, national_answers=build_module._national_answers)))
    result = run_build([write_docs(tmp_path / "src", DOCS)], tmp_path / "out", quiet=True)
    assert result.exit_code == 0 and not result.failures
    assert "warning: the national answer was not kept for every stored query" in capsys.readouterr().err
