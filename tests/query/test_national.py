"""Issue 13: the build asks every stored query that needs no parameter once, so a user's first
national ask is read from a kept answer (query/national.py) and equals the engine's answer."""

from __future__ import annotations



from ofsted_kg.query import answers
from ofsted_kg.query.answers import Answers, Question
from ofsted_kg.query.catalogue import bound_text, load_queries, parse_query
from ofsted_kg.query.national import keep_national_answers, national_queries
from ofsted_kg.query.runner import Limits, QueryRunner
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


def test_national_answers_are_kept_and_given_as_the_engine_gives_them(out_dir, monkeypatch):
    monkeypatch.setattr("ofsted_kg.query.runner.KEEP_AFTER", 0.0)  # every answer counts as slow here
    done = keep_national_answers(out_dir, workers=2, queries=[ALL, ONE, SOME, BROKEN])
    assert done.asked == ["all", "some", "broken"]
    assert [name for name, _ in done.failed] == ["broken"]
    kept = Answers(out_dir)
    with KnowledgeStore(out_dir / "store", read_only=True) as store:
        for query in (ALL, SOME):
            text = bound_text(query, {})
            engine = store.query(text)
            assert kept.get(Question(text), None) == engine  # uncapped, ...
            assert len(kept.get(Question(text), 5)) == min(5, len(engine))  # ...so it serves any row cap
    with KnowledgeStore(out_dir / "store") as store:  # the store changes behind the stamp's back...
        store.drop_graphs([EX + "graph/1"])
    with QueryRunner(out_dir / "store", limits=Limits(60, None)) as runner:  # ...so this is the kept one
        assert len(runner.run(bound_text(ALL, {}))) == 30


def test_quick_national_answers_are_not_kept_and_an_unstamped_store_keeps_none(out_dir):
    keep_national_answers(out_dir, queries=[SOME])  # one row: far under KEEP_AFTER
    assert list(answers.answers_folder(out_dir).glob("*.json")) == []
    answers.forget(out_dir)
    assert keep_national_answers(out_dir, queries=[]).asked == []
