"""Issue 13: a query asked again is answered from the answer kept beside the store, only while
the store is the one the last build stamped; a build in progress (or one that stopped half-way)
makes every kept answer unusable; row caps are honoured; nothing is kept where it cannot be."""

from __future__ import annotations

import json
import os

import pytest

from ofsted_kg.query import answers
from ofsted_kg.query.answers import Answers, Question
from ofsted_kg.query.runner import Limits, QueryRunner
from ofsted_kg.store import KnowledgeStore
from ofsted_kg.store.knowledge import ResultTable
from ofsted_kg.store.terms import Value

EX = "https://example.org/"
ALL = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o"


def table(n: int, *, truncated: bool = False) -> ResultTable:
    rows = [(Value("uri", f"{EX}s{i}"), Value("literal", f"{i:03d}", "http://www.w3.org/2001/XMLSchema#string"))
            for i in range(n)]
    rows.append((Value("literal", "fr", None, "fr"), None))
    return ResultTable(("s", "o"), rows, truncated=truncated)


@pytest.fixture()
def kept(tmp_path) -> Answers:
    answers.stamp(tmp_path, "state-1")
    return Answers(tmp_path)


def test_an_answer_is_given_back_exactly(kept):
    question = Question(ALL)
    assert kept.get(question, None) is None
    assert kept.keep(question, None, table(5))
    assert kept.get(question, None) == table(5)
    assert kept.get(Question(ALL + " LIMIT 1"), None) is None  # another text is another question
    assert kept.get(Question(ALL, union=False), None) is None  # and another dataset too


def test_row_caps(kept):
    question = Question(ALL)
    kept.keep(question, None, table(9))  # 10 rows, complete
    assert kept.get(question, 10) == table(9)
    cut = kept.get(question, 4)
    assert len(cut) == 4 and cut.truncated and cut.rows == table(9).rows[:4]
    capped = Question(ALL + " # capped")
    kept.keep(capped, 5, ResultTable(("s", "o"), table(9).rows[:5], truncated=True))
    assert kept.get(capped, 5).truncated and len(kept.get(capped, 5)) == 5
    assert len(kept.get(capped, 3)) == 3
    assert kept.get(capped, 6) is None and kept.get(capped, None) is None  # it cannot say what it did not read


def test_ask_and_construct_answers(kept):
    boolean = ResultTable(boolean=True)
    kept.keep(Question("ASK {}"), None, boolean)
    assert kept.get(Question("ASK {}"), 10) == boolean
    triples = ResultTable(("subject", "predicate", "object"), table(2).rows[:1] * 0, triples=True)
    kept.keep(Question("CONSTRUCT WHERE { ?s ?p ?o }"), None, triples)
    assert kept.get(Question("CONSTRUCT WHERE { ?s ?p ?o }"), None) == triples


def test_nothing_is_given_or_kept_while_a_build_writes(tmp_path, kept):
    question = Question(ALL)
    kept.keep(question, None, table(3))
    answers.forget(tmp_path)  # a build starts
    assert kept.get(question, None) is None
    assert not kept.keep(Question(ALL + " #2"), None, table(1))
    answers.stamp(tmp_path, "state-2")  # it ends with another store
    assert kept.get(question, None) is None
    assert list(kept.folder.glob("*.json")) == []  # stale answers are removed
    kept.keep(question, None, table(2))
    answers.forget(tmp_path)
    answers.stamp(tmp_path, "state-2")  # a rebuild that changed nothing: its answers stay good
    assert kept.get(question, None) == table(2)


def test_damaged_or_foreign_files_are_ignored(kept):
    question = Question(ALL)
    kept.keep(question, None, table(2))
    path = kept.folder / f"{question.key()}.json"
    path.write_text("{not json")
    assert kept.get(question, None) is None
    path.write_text(json.dumps({"format": 0}))
    assert kept.get(question, None) is None


def test_the_oldest_go_first_and_large_answers_are_not_kept(tmp_path):
    answers.stamp(tmp_path, "s")
    small = Answers(tmp_path, max_kept=3, max_bytes=10_000)
    questions = [Question(f"{ALL} # {i}") for i in range(5)]
    for i, question in enumerate(questions):
        small.keep(question, None, table(1))
        os.utime(small.folder / f"{question.key()}.json", (1_000 + i, 1_000 + i))
    small.keep(questions[-1], None, table(1))
    assert [small.get(q, None) is not None for q in questions] == [False, False, True, True, True]
    assert not small.keep(Question("big"), None, table(1_000))
    size = (small.folder / f"{questions[-1].key()}.json").stat().st_size
    tight = Answers(tmp_path, max_total=2 * size)  # room for two of them
    tight.keep(Question("newest"), None, table(1))
    assert tight.get(Question("newest"), None) is not None
    assert sum(tight.get(q, None) is not None for q in questions) == 1


def test_an_answer_that_cannot_be_written_is_not_kept_and_nothing_fails(tmp_path):
    answers.stamp(tmp_path, "s")
    question = Question(ALL)
    (answers.answers_folder(tmp_path) / f"{question.key()}.json").mkdir()  # in the way of the file
    kept = Answers(tmp_path)
    assert not kept.keep(question, None, table(1))
    assert kept.get(question, None) is None


# -- through the runner (what `ofsted-kg query` and `serve` use) -------------------------------------------
def test_the_runner_keeps_slow_answers_and_gives_them_without_the_engine(out_dir, monkeypatch):
    monkeypatch.setattr("ofsted_kg.query.runner.KEEP_AFTER", 0.0)  # every answer counts as slow here
    with QueryRunner(out_dir / "store", limits=Limits(timeout=60, max_rows=None)) as runner:
        first = runner.run(ALL)
        assert len(first) == 30
        with KnowledgeStore(out_dir / "store") as store:  # the store changes behind the stamp's back...
            store.drop_graphs([EX + "graph/1"])
        assert runner.run(ALL) == first  # ...so an answer from the engine could not be this one
        assert len(runner.run(ALL, limits=Limits(timeout=60, max_rows=7))) == 7
    with QueryRunner(out_dir / "store") as runner:  # (a worker sees the store as it was when it opened it)
        assert runner.run(ALL) == first
        answers.forget(out_dir)
        assert len(runner.run(ALL)) == 0  # unstamped: the engine again


def test_quick_answers_and_runners_told_not_to_keep_write_nothing(out_dir):
    with QueryRunner(out_dir / "store", keep=False) as runner:
        runner.run(ALL)
    with QueryRunner(out_dir / "store") as runner:
        runner.run("ASK { ?s ?p ?o }")  # well under KEEP_AFTER
    assert list(answers.answers_folder(out_dir).glob("*.json")) == []

