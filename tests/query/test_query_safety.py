"""Issue 11 items 1, 4, 5: a user's query never reaches the network, cannot crash the process
by nesting, stops at its time limit or on Ctrl-C, and returns a capped, announced number of rows.

The hostile queries are generated here. The command runs in a subprocess where a crash or a
hang must not take the test run down with it (bounded by ``timeout=``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hostile_queries import runaway, values
from ofsted_kg.cli import main
from ofsted_kg.errors import QueryError
from ofsted_kg.query.catalogue import load_queries, parse_query, run_query
from ofsted_kg.query.guard import MAX_NESTING, QueryRefused, check_query
from ofsted_kg.query.runner import Limits, QueryRunner, QueryTimeout
from ofsted_kg.store import KnowledgeStore

EX = "https://example.org/"
RUN_LIMIT = 120  # seconds any one command may take before the test gives up on it


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory) -> Path:
    """A build output folder holding a small store."""
    out = tmp_path_factory.mktemp("out")
    with KnowledgeStore(out / "store") as store:
        store.load_graph(EX + "graph/1", [(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(EX + "p"), ox.Literal(str(i)))
                                          for i in range(20)])
    return out


def cli(out: Path, *args: str, stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ofsted_kg", "query", *args, "--store", str(out)], input=stdin,
                          capture_output=True, text=True, timeout=RUN_LIMIT, env=env, check=False)


# -- 1. SERVICE ---------------------------------------------------------------------
def service_queries(url: str) -> list[str]:
    """The ways of writing a federated query that engines accept."""
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{url}> {{ ?leak ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE<{url}>{{?s ?p ?o}} }}",
        f"PREFIX : <{url}>\nSELECT * WHERE {{ SERVICE:x {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
        f"# a comment\nSELECT * WHERE {{ ?s ?p \"x\" . {{ OPTIONAL {{ SeRvIcE <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"ASK {{ ?s ?p ?o .SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ]


def test_the_loopback_server_would_be_reached_without_the_check(remote):
    """Control: Oxigraph really does call the server, so the next test can fail."""
    url, seen = remote
    rows = list(ox.Store().query(service_queries(url)[0]))
    assert seen and rows


def test_service_is_refused_and_no_request_leaves(out_dir, remote, tmp_path):
    url, seen = remote
    for n, text in enumerate(service_queries(url)):
        path = tmp_path / f"q{n}.rq"
        path.write_text(text, encoding="utf-8")
        result = cli(out_dir, str(path), "--timeout", "20")
        assert result.returncode == 2, (text, result.stdout, result.stderr)
        assert "SERVICE is not allowed" in result.stderr and "remote" not in result.stdout, text
    assert seen == []


def test_service_is_refused_by_the_in_process_runner(remote):
    url, seen = remote
    store = KnowledgeStore(None)
    for text in service_queries(url):
        with pytest.raises(QueryRefused, match="SERVICE is not allowed"):
            run_query(store, parse_query(text, "hostile"))
    assert seen == []


@pytest.mark.parametrize("text", [
    'SELECT * WHERE { ?s ?p "SERVICE <http://127.0.0.1/> { }" }',
    "SELECT * WHERE { ?s ?p '''SERVICE\n<x>''' }",
    "# SERVICE <http://127.0.0.1/>\nSELECT * WHERE { ?s ?p ?o }",
    "SELECT ?service WHERE { ?service ?p <http://example.org/service#SERVICE> }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:service ex:SERVICE }",
])
def test_service_in_strings_iris_comments_and_names_is_fine(text):
    check_query(text)


def test_every_stored_query_passes_the_check():
    for query in load_queries():
        check_query(query.text, query.name)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["{", "}", "(", ")", "?s", "<http://x/>", '"s"', "#c\n", ".", ";", " ", "\n",
                                 "ex:a", "OPTIONAL", "FILTER"]), max_size=30),
       st.sampled_from(["SERVICE", "service", "Service SILENT", "SERVICE:x", "\\u0053ERVICE"]),
       st.sampled_from([" ", "\n", "{", "}", ".", ";", "\t", "("]))
def test_service_between_any_tokens_is_refused(tokens, keyword, separator):
    """Wherever SERVICE stands as a keyword (not inside a string, IRI or comment), it is refused."""
    text = "SELECT * WHERE {" + " ".join(tokens) + separator + keyword + " <http://127.0.0.1/> { } }"
    with pytest.raises(QueryRefused, match="SERVICE"):
        check_query(text)


# -- 5. nesting -------------------------------------------------------------------------
def deep_queries(n: int) -> dict[str, str]:
    return {
        "groups": "SELECT * WHERE " + "{" * n + " ?s ?p ?o " + "}" * n,
        "parentheses": "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * n + "1" + ")" * n + ") }",
        "brackets": "SELECT * WHERE { ?s ?p " + "[ ?p " * n + "?o" + " ]" * n + " }",
        "unions": "SELECT * WHERE { " + "{ ?s ?p ?o } UNION " * n + "{ ?s ?p ?o } }" + "",
        "optional": "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o " * n + "}" * n + " }",
        "escaped": "SELECT * WHERE " + "\\u007B" * n + " ?s ?p ?o " + "\\u007D" * n,
    }


@pytest.mark.parametrize("kind", list(deep_queries(1)))
def test_deep_nesting_is_a_clear_error_not_a_crash(out_dir, kind):
    text = deep_queries(5000)[kind]
    result = cli(out_dir, "-", stdin=text)
    if kind == "unions":  # flat: a long UNION chain is not deep, and it runs
        assert result.returncode == 0, result.stderr
        return
    assert result.returncode == 2, (kind, result.returncode, result.stderr[-500:])
    assert "nests" in result.stderr and f"the limit is {MAX_NESTING}" in result.stderr


def test_nesting_within_the_limit_runs_and_strings_do_not_count(out_dir):
    text = deep_queries(MAX_NESTING - 2)["groups"].replace("?o", '"' + "{(" * 10_000 + '"')
    result = cli(out_dir, "-", "-f", "csv", stdin=text)
    assert result.returncode == 0, result.stderr[-500:]


# -- 4. timeout, Ctrl-C, row cap -----------------------------------------------------------
def test_a_runaway_query_stops_at_its_timeout(out_dir):
    result = cli(out_dir, "-", "--timeout", "1", stdin=runaway())
    assert result.returncode == 2
    assert "stopped after 1 s" in result.stderr and "--timeout" in result.stderr


def test_the_runner_answers_again_after_a_timeout(out_dir):
    with QueryRunner(out_dir / "store", limits=Limits(timeout=1, max_rows=100)) as runner:
        with pytest.raises(QueryTimeout):
            runner.run(runaway())
        table = runner.run("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", limits=Limits(timeout=60))
        assert table.rows[0][0].value == "20"


def _processes_with(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc to find the worker processes")
def test_ctrl_c_stops_a_runaway_query_and_its_worker(out_dir):
    marker = f"OFSTED_KG_TEST_MARKER={uuid.uuid4()}"
    env = dict(os.environ, **dict([marker.split("=", 1)]))
    proc = subprocess.Popen([sys.executable, "-m", "ofsted_kg", "query", "-", "--store", str(out_dir)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    proc.stdin.write(runaway())
    proc.stdin.close()
    deadline = time.monotonic() + RUN_LIMIT
    while len(_processes_with(marker)) < 2 and time.monotonic() < deadline:  # the command and its worker
        time.sleep(0.2)
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=RUN_LIMIT)
    finally:
        proc.kill()
    assert proc.returncode == 130, proc.stderr.read()[-500:]
    assert "interrupted" in proc.stderr.read()
    deadline = time.monotonic() + 30
    while _processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_with(marker) == []


def test_rows_are_capped_with_a_notice(out_dir):
    text = "SELECT ?a ?b WHERE { " + values("a", 101) + " " + values("b", 100) + " }"
    capped = cli(out_dir, "-", "-f", "csv", "--max-rows", "50", stdin=text)
    assert capped.returncode == 0
    assert len(capped.stdout.splitlines()) == 51
    assert "results truncated: the first 50 rows" in capped.stderr and "--max-rows" in capped.stderr
    default = cli(out_dir, "-", "-f", "csv", stdin=text)
    assert len(default.stdout.splitlines()) == 10_001 and "first 10,000 rows" in default.stderr
    whole = cli(out_dir, "-", "-f", "csv", "--max-rows", "0", stdin=text)
    assert len(whole.stdout.splitlines()) == 10_101 and whole.stderr == ""


def test_construct_is_capped_too(out_dir):
    result = cli(out_dir, "-", "-f", "tsv", "--max-rows", "5", stdin="CONSTRUCT WHERE { ?s ?p ?o }")
    assert len(result.stdout.splitlines()) == 6 and "first 5 rows" in result.stderr


def test_updates_and_bad_limits_are_refused(out_dir, capsys):
    assert main(["query", "-", "--store", str(out_dir), "--timeout", "-1"]) == 2
    assert "limits must be" in capsys.readouterr().err
    with pytest.raises(QueryRefused, match="read-only"):
        check_query("PREFIX ex: <http://example.org/>\nINSERT DATA { ex:a ex:b ex:c }")
    with pytest.raises(QueryRefused, match="DROP is a SPARQL update"):
        check_query("drop all")
    with pytest.raises(QueryError, match="characters long"):
        check_query("#" * 1_000_001)
