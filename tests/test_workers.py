"""Per-document work in bounded worker processes: a document that runs out of time or
memory, or kills its worker, is a failure (file, stage, reason) and the batch goes on.
The offending inputs are made here: tiny limits on normal work, or work that hangs."""

from __future__ import annotations

import os
import time

import pytest

from ofsted_kg.errors import Failure, ParseError
from ofsted_kg.workers import ENV_MEMORY, ENV_SECONDS, Limits, run_bounded


def work(item, stage):
    stage("parse")
    if item == "hang":
        stage("convert")
        time.sleep(60)
    if item == "bad":
        raise ParseError(item, "no date found")
    if item == "bug":
        return {}["missing"]
    if item == "die":
        os._exit(3)
    if item == "big":
        return len(bytearray(400 * 1024 * 1024))
    return item.upper()


def test_results_come_in_input_order_from_every_worker():
    items = [f"doc{n}" for n in range(12)]
    assert [r for _, r in run_bounded(work, items, Limits(workers=2))] == [i.upper() for i in items]


def test_a_document_over_its_time_is_reported_with_its_stage_and_the_batch_goes_on():
    results = dict(run_bounded(work, ["a", "hang", "b", "c"], Limits(seconds=1.5, workers=2)))
    assert results["a"] == "A" and results["b"] == "B" and results["c"] == "C"
    failure = results["hang"]
    assert isinstance(failure, Failure) and failure.path == "hang" and failure.stage == "convert"
    assert failure.error == "TimeLimitExceeded"
    assert "longer than 1.5 s" in failure.reason and ENV_SECONDS in failure.reason


def address_space_mb() -> int:
    """What this process (and so a freshly forked worker) already maps."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE") // (1024 * 1024)


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs Linux /proc")
def test_a_document_over_its_memory_is_reported_and_the_batch_goes_on():
    limit = address_space_mb() + 200  # room for normal work, not for the 400 MB of "big"
    results = dict(run_bounded(work, ["a", "big", "b"], Limits(memory_mb=limit, workers=1)))
    assert results["a"] == "A" and results["b"] == "B"
    failure = results["big"]
    assert (
        isinstance(failure, Failure)
        and failure.stage == "parse"
        and failure.error == "MemoryLimitExceeded"
    )
    assert f"{limit} MB" in failure.reason and ENV_MEMORY in failure.reason


def test_typed_errors_bugs_and_dead_workers_are_failures_too():
    results = dict(run_bounded(work, ["bad", "bug", "die", "ok"], Limits(workers=2)))
    assert results["bad"] == Failure("bad", "parse", "no date found", None, "ParseError")
    assert results["bug"].stage == "parse" and results["bug"].reason.startswith(
        "KeyError: 'missing'"
    )
    assert results["die"].stage == "parse" and "died (exit code 3)" in results["die"].reason
    assert results["ok"] == "OK"


def test_limits_from_the_environment():
    limits = Limits.from_env({ENV_SECONDS: "2.5", ENV_MEMORY: "512", "OFSTED_KG_WORKERS": "3"})
    assert limits == Limits(seconds=2.5, memory_mb=512, workers=3)
    assert Limits.from_env({}).workers >= 1
    with pytest.raises(ValueError, match=ENV_SECONDS):
        Limits.from_env({ENV_SECONDS: "soon"})
    with pytest.raises(ValueError, match=ENV_MEMORY):
        Limits.from_env({ENV_MEMORY: "0"})


def test_background_work_runs_in_another_process_while_the_caller_goes_on():
    from ofsted_kg.workers import Background, run_one

    parent = os.getpid()
    job = Background(lambda: run_one(lambda: os.getpid(), "job", "draw", Limits(seconds=30, workers=2)), "job")
    assert job.wait() != parent


def test_background_work_over_its_time_gives_the_failure():
    from ofsted_kg.workers import Background, run_one

    job = Background(lambda: run_one(lambda: time.sleep(60), "corpus", "validate", Limits(seconds=0.5)), "corpus")
    outcome = job.wait()
    assert isinstance(outcome, Failure) and outcome.stage == "validate" and "longer than" in outcome.reason


def test_what_the_background_raises_is_raised_by_wait():
    from ofsted_kg.workers import Background

    job = Background(lambda: 1 / 0, "broken")
    with pytest.raises(ZeroDivisionError):
        job.wait()


def _slow_square(item, stage):
    time.sleep(0.4)
    return item * item


def test_a_forked_copy_of_a_live_batch_leaves_its_workers_alone():
    """Regression (2026-12-06): a build thread forked (drawing, validation) while another thread's
    ``run_bounded`` generator was alive; the child's copy of that generator, finalised in the child,
    killed the parent's worker and printed "can only join a child process"."""
    batch = run_bounded(_slow_square, [2, 3], Limits(seconds=30, workers=1))
    assert next(batch) == (2, 4)  # the worker now works on 3
    pid = os.fork()
    if pid == 0:  # the child finalises its copy of the generator, then leaves at once
        code = 0
        try:
            batch.close()
        except BaseException:  # noqa: BLE001 (any error is the failure this test looks for)
            code = 1
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert next(batch) == (3, 9)  # not a Failure: the parent's worker was not killed
