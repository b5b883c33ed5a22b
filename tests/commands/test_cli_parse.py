"""`ofsted-kg parse`: JSON Lines record, table, exit codes, and bad input in a batch."""

from __future__ import annotations

import json
import shutil

import pytest

from ofsted_kg import main

from conftest import FIXTURES, LETTERS, REPORTS

SPEC_KEYS = {
    "source", "sha256", "kind", "framework", "title", "authority", "document_date", "inspection",
    "previous_inspection", "inspector", "recipient", "copies", "judgements", "outcome", "findings",
    "warnings",
}
FINDING_KEYS = {"category", "section", "text", "start", "end", "themes", "relation_to_previous", "addressee"}


@pytest.fixture()
def mixed_batch(tmp_path):
    """A folder with good documents and one of every kind of bad input."""
    shutil.copy(REPORTS / "westminster" / "2016-03-29.pdf", tmp_path / "a-report.pdf")
    shutil.copy(next(LETTERS.glob("*.txt")), tmp_path / "b-letter.txt")
    shutil.copy(FIXTURES / "bad" / "webpage-saved-as-pdf-1.pdf", tmp_path / "c-webpage.pdf")
    (tmp_path / "d-empty.txt").write_bytes(b"")
    (tmp_path / "e-binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "f-random.txt").write_text("Shopping list: eggs, milk, bread.\nCall the plumber.\n")
    damaged = (REPORTS / "westminster" / "2016-03-29.pdf").read_bytes()
    (tmp_path / "g-damaged.pdf").write_bytes(damaged[: len(damaged) // 4])
    (tmp_path / "h-undecodable.txt").write_bytes(b"Dear Sir \x81\x8d\x8f\x90 text")
    return tmp_path


def test_json_lines_keep_the_spec_keys_and_bad_files_do_not_stop_the_batch(mixed_batch, capsys):
    code = main(["parse", str(mixed_batch), "--json"])
    out, err = capsys.readouterr()
    assert code == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["source"].rsplit("/", 1)[1] for r in records] == ["a-report.pdf", "b-letter.txt"]
    for record in records:
        assert set(record) >= SPEC_KEYS
        for finding in record["findings"]:
            assert set(finding) >= FINDING_KEYS
    failures = err.strip().splitlines()
    assert len(failures) == 6, err
    for line, name, stage in zip(
        failures,
        ["c-webpage.pdf", "d-empty.txt", "e-binary.txt", "f-random.txt", "g-damaged.pdf", "h-undecodable.txt"],
        ["detect", "read", "read", "detect", "read", "read"],
    ):
        assert name in line and f"{stage} error" in line
    assert "Traceback" not in err


def test_all_good_exits_zero_and_prints_a_table(capsys):
    code = main(["parse", str(REPORTS / "westminster" / "2016-03-29.pdf")])
    out, _ = capsys.readouterr()
    assert code == 0
    assert "Westminster" in out and "SIF" in out


def test_usage_errors_exit_two(capsys):
    assert main(["parse"]) == 2
    assert main(["no-such-command"]) == 2
    assert main(["--help"]) == 0


def test_missing_file_is_a_failure_line(tmp_path, capsys):
    assert main(["parse", str(tmp_path / "missing.txt"), "--json"]) == 1
    assert "missing.txt: read error: cannot open" in capsys.readouterr().err
