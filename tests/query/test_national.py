"""Issue 13: the build asks every stored query that needs no parameter once, so a user's first
national ask is read from a kept answer (query/national.py) and equals the engine's answer."""

from __future__ import annotations

import pytest

from ofsted_kg.query import answers
from ofsted_kg.query.answers import Answers, Question
from ofsted_kg.query.catalogue import bound_text, load_queries, parse_query
from ofsted_kg.query.national import keep_national_answers, national_queries
from ofsted_kg.query.runner import Limits, QueryRunner
from ofsted_kg.resources import site_queries_dir
from ofsted_kg.store import KnowledgeStore

EX = "https://example.org/"

ALL = parse_query("# title: all\n# question: every triple?\nSELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o\n", "all")
ONE = parse_query("# title: one\n# question: about one subject?\n# param: s — a subject IRI\n"
                  "SELECT ?o WHERE { ?s ?p ?o }\n", "one")
SOME = parse_query(f"# title: some\n# question: one subject's?\n# param: s — a subject (default: <{EX}s1>)\n"
                   "SELECT ?o WHERE { ?s ?p ?o }\n", "some")
BROKEN = parse_query("# title: broken\n# question: ?\nSELECT ?o WHERE { ?s ?p \n", "broken")


def test_only_queries_whose_parameters_all_have_defaults_are_national():
    assert national_queries([ALL, ONE, SOME]) == [ALL, SOME]
    shipped = national_queries(load_queries())
    assert shipped and all(not p.required for q in shipped for p in q.params)
    # serve's pages: the index of authorities and of themes (the home page), not one entity's description
    assert [q.name for q in national_queries(load_queries(site_queries_dir()))] == ["authorities", "themes"]


def test_the_build_asks_the_stored_queries_and_the_site_index_queries(out_dir, monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr("ofsted_kg.query.national.bound_text",
                        lambda query, params: asked.append(query.name) or "ASK {}")
    with KnowledgeStore(out_dir / "store", read_only=True) as store:
        keep_national_answers(store, out_dir, "built")
    assert sorted(asked) == sorted([q.name for q in national_queries(load_queries())] + ["authorities", "themes"])


def test_national_answers_are_kept_under_the_coming_stamp_as_the_engine_gives_them(out_dir, monkeypatch):
    monkeypatch.setattr("ofsted_kg.query.national.KEEP_AFTER", 0.0)  # every answer counts as slow here
    answers.forget(out_dir)  # as in a build: the store was written, the new stamp is not yet there
    with KnowledgeStore(out_dir / "store") as store:
        done = keep_national_answers(store, out_dir, "state-2", workers=2, queries=[ALL, ONE, SOME, BROKEN])
        engine = {q.name: store.query(bound_text(q, {})) for q in (ALL, SOME)}
    assert done.asked == ["all", "some", "broken"] and done.kept == ["all", "some"]
    assert [name for name, _ in done.failed] == ["broken"]
    kept = Answers(out_dir)
    assert kept.get(Question(bound_text(ALL, {})), None) is None  # not given before the build stamps
    answers.stamp(out_dir, "state-2")
    for query in (ALL, SOME):
        text = bound_text(query, {})
        assert kept.get(Question(text), None) == engine[query.name]  # uncapped, ...
        assert len(kept.get(Question(text), 5)) == min(5, len(engine[query.name]))  # ...so it serves any cap
    with KnowledgeStore(out_dir / "store") as store:  # the store changes behind the stamp's back...
        store.drop_graphs([EX + "graph/1"])
    with QueryRunner(out_dir / "store", limits=Limits(60, None)) as runner:  # ...so this is the kept one
        assert len(runner.run(bound_text(ALL, {}))) == 30


def test_quick_national_answers_are_not_kept(out_dir):
    with KnowledgeStore(out_dir / "store", read_only=True) as store:
        done = keep_national_answers(store, out_dir, "built", queries=[SOME])  # one row: far under KEEP_AFTER
    assert done.asked == ["some"] and done.kept == []
    assert list(answers.answers_folder(out_dir).glob("*.json")) == []


def test_every_kept_national_answer_of_the_bundled_store_is_the_engines(tmp_path, monkeypatch):
    """Each stored query's (and each site index query's) kept answer, read back as ``ofsted-kg query``
    reads it, equals the engine's answer on the real bundled graph: every datatype, language
    tag and blank cell survives the kept file."""
    import shutil

    from bundled import bundled_build_dir
    from ofsted_kg.query.catalogue import run_limited, run_query

    out = tmp_path / "out"
    shutil.copytree(bundled_build_dir() / "store", out / "store")
    answers.stamp(out, "bundled")
    monkeypatch.setattr("ofsted_kg.query.national.KEEP_AFTER", 0.0)  # keep every answer, however quick
    national = national_queries(load_queries() + load_queries(site_queries_dir()))
    with KnowledgeStore(out / "store", read_only=True) as store:
        done = keep_national_answers(store, out, "bundled", workers=2)
        engine = {q.name: run_query(store, q) for q in national}
    assert not done.failed and sorted(done.kept) == sorted(done.asked) == sorted(engine)
    with QueryRunner(out / "store", limits=Limits(60, None)) as runner:
        # no engine from here on: every answer must come from a kept file
        monkeypatch.setattr(runner, "_ask", lambda *args: pytest.fail("the engine was asked"))
        for query in national:
            assert run_limited(runner, query) == engine[query.name], query.name


def test_one_query_that_cannot_keep_its_answer_spares_the_rest(out_dir, monkeypatch):
    """Review regression: an error other than the project's own (here the answer's file cannot be
    written) in one query no longer ends the whole national pass."""
    monkeypatch.setattr("ofsted_kg.query.national.KEEP_AFTER", 0.0)
    real_keep = Answers.keep

    def keep(self, question, max_rows, table, *, state=None):
        if "ORDER BY" in question.text:  # ALL's text, not SOME's
            raise OSError(28, "No space left on device")
        return real_keep(self, question, max_rows, table, state=state)

    monkeypatch.setattr(Answers, "keep", keep)
    with KnowledgeStore(out_dir / "store", read_only=True) as store:
        done = keep_national_answers(store, out_dir, "built", queries=[ALL, SOME])
    assert done.asked == ["all", "some"] and done.kept == ["some"]
    assert done.failed == [("all", "OSError: [Errno 28] No space left on device")]
