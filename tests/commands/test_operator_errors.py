"""Issue 11, item 7: an operator's mistake gives ONE line on standard error and exit 2.

Never a traceback, never exit 1 (which means "done, but some documents failed"). The hostile
conditions are made here: a UTF-16 query file, a full disk (the write raising ENOSPC), a
folder or a read-only place given as the export file.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from ofsted_kg.cli import main

from conftest import LETTERS

LETTER = LETTERS / "wandsworth-2011-07-07.txt"
QUERY = "# title: non-ASCII text survives decoding\nSELECT (\"Ωmega – Київ\" AS ?x) WHERE {}\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built") / "out"
    assert main(["build", "-q", str(LETTER), "--out", str(out)]) == 0
    return out


def one_line(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1, err
    return err


@pytest.mark.parametrize("base", ["http://x y/", "not-an-iri/", "https://example.org/kg"])
def test_invalid_base_is_one_line_and_leaves_no_store(base, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", "-q", str(LETTER), "--out", str(out), "--base", base]) == 2
    assert "--base: usage error" in one_line(capsys)
    assert not out.exists()


def test_invalid_base_on_export(built, capsys):
    assert main(["export", "--store", str(built), "--base", "http://x y/"]) == 2
    assert "--base: usage error" in one_line(capsys)


def _full_disk(monkeypatch):
    import ofsted_kg.store.atomic as atomic

    def no_space(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fsync", no_space)


def test_full_disk_while_the_build_writes_outputs(built, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    _full_disk(monkeypatch)
    assert main(["build", "-q", str(LETTER), "--out", str(out)]) == 2
    assert "write error: cannot write: No space left on device" in one_line(capsys)
    assert not [p for p in out.rglob("*.tmp")]  # no half-written temporary left behind


def test_full_disk_while_exporting(built, tmp_path, monkeypatch, capsys):
    _full_disk(monkeypatch)
    target = tmp_path / "graph.ttl"
    assert main(["export", "-o", str(target), "--store", str(built)]) == 2
    assert f"{target}: write error: cannot write: No space left on device" in one_line(capsys)
    assert not target.exists()


@pytest.mark.parametrize("value", ["<http://a b>", 'http://a"b', "<not an iri>"])
def test_param_with_an_invalid_iri(built, value, capsys):
    assert main(["query", "persisted-areas", "-p", f"authority={value}", "--store", str(built)]) == 2
    assert "--param authority: query error: not a valid IRI" in one_line(capsys)


def test_utf16_query_file_is_decoded(built, tmp_path, capsys):
    for codec in ("utf-16", "utf-16-be", "utf-8-sig"):
        path = tmp_path / f"q-{codec}.rq"
        data = QUERY.encode(codec)
        path.write_bytes(data if codec != "utf-16-be" else b"\xfe\xff" + data)
        assert main(["query", str(path), "--store", str(built), "-f", "csv"]) == 0, codec
        assert capsys.readouterr().out == "x\r\nΩmega – Київ\r\n"


def test_undecodable_query_file_is_one_line(built, tmp_path, capsys):
    path = tmp_path / "broken.rq"
    path.write_bytes(b"\xff\xfe" + QUERY.encode("utf-16-le")[:-1])  # odd byte count: not UTF-16
    assert main(["query", str(path), "--store", str(built)]) == 2
    assert "save the query as UTF-8" in one_line(capsys)
    path.write_bytes(b"SELECT \xff\xfe * WHERE {}")
    assert main(["query", str(path), "--store", str(built)]) == 2
    assert "not valid UTF-8 text" in one_line(capsys)


def test_export_onto_a_folder(built, tmp_path, capsys):
    assert main(["export", "-o", str(tmp_path), "--store", str(built)]) == 2
    assert f"{tmp_path}: write error: is a folder; give a file name" in one_line(capsys)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_export_into_a_read_only_folder(built, tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        assert main(["export", "-o", str(locked / "graph.ttl"), "--store", str(built)]) == 2
        assert "write error: cannot write here: Permission denied" in one_line(capsys)
    finally:
        locked.chmod(0o755)


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="no /proc")
def test_export_into_a_place_nobody_can_write(built, capsys):
    target = Path("/proc/self/graph.ttl")  # read-only even for root
    assert main(["export", "-o", str(target), "--store", str(built)]) == 2
    assert f"{target}: write error: cannot write here" in one_line(capsys)
