"""Issue 11, items 2, 6 and 10, and "no network": the build over a folder of hostile sources.

One folder holds two real letters, a PDF whose page tree loops (made from a small PDF by
editing one byte) and a copy of the project's README; the build writes into ``out/``
*inside* that folder, under a umask of 027, twice; then one letter is taken away and the
build runs a third time. The store of the result is then damaged by overwriting its files.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from ofsted_kg.build import run_build
from ofsted_kg.cli import main
from test_hostile_read import page_tree_loop_pdf

from conftest import LETTERS, ROOT
KEPT, TAKEN_AWAY = "wandsworth-2011-07-07.txt", "worcestershire-2010-08-04.txt"
UMASK = 0o027


def _build(sources: Path, out: Path) -> tuple[dict, str, list[str]]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        run_build([sources], out, quiet=True)
    summary = json.loads((out / "summary.json").read_text())
    return summary, err.getvalue(), sorted(p.name for p in (out / "pictures").iterdir())


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    sources = tmp_path_factory.mktemp("hostile")
    for name in (KEPT, TAKEN_AWAY):
        shutil.copy(LETTERS / name, sources / name)
    (sources / "damaged.pdf").write_bytes(page_tree_loop_pdf())
    (sources / "README.txt").write_bytes((ROOT / "README.md").read_bytes())
    out = sources / "out"
    previous = os.umask(UMASK)
    try:
        runs = [_build(sources, out), _build(sources, out)]
        with contextlib.redirect_stdout(io.StringIO()):  # every timeline, beside the build's pictures
            assert main(["graph", "--store", str(out), "--out", str(out / "pictures")]) == 0
        runs.append(runs[-1][:2] + (sorted(p.name for p in (out / "pictures").iterdir()),))
        (sources / TAKEN_AWAY).unlink()
        runs.append(_build(sources, out))
    finally:
        os.umask(previous)
    return sources, out, runs


# -- item 2: one damaged PDF never costs the others ----------------------------------------------
def test_damaged_pdf_is_one_failure_and_the_letters_are_built(hostile):
    sources, out, runs = hostile
    summary, err, _ = runs[0]
    assert summary["documents"] == 2 and summary["conforms"]
    failed = {Path(f["file"]).name: f for f in summary["failures"]}
    assert failed["damaged.pdf"]["stage"] == "read" and "page 1 cannot be loaded" in failed["damaged.pdf"]["reason"]
    assert "Traceback" not in err


# -- item 10: outputs inside a source folder, modes, failure records, stale pictures -------------
def test_outputs_inside_a_source_folder_are_not_read_back(hostile):
    _, _, runs = hostile
    first, second = runs[0][0], runs[1][0]
    assert not [f for f in second["failures"] if "/out/" in f["file"]]
    assert second["documents"] == first["documents"] and second["failed"] == first["failed"] == 2


def test_outputs_honour_the_umask(hostile):
    _, out, _ = hostile
    expected = 0o666 & ~UMASK
    files = [p for p in out.rglob("*") if p.is_file() and "store" not in p.parts]
    assert {p.name for p in files} >= {"graph.ttl", "summary.json", "records.jsonl", "run.json", "theme-network.png"}
    assert {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in files} == {p.name: oct(expected) for p in files}


def test_failure_records_name_the_file_hash_and_error_class(hostile):
    sources, _, runs = hostile
    failed = {Path(f["file"]).name: f for f in runs[0][0]["failures"]}
    assert failed["damaged.pdf"]["error"] == "ReadError"
    assert failed["damaged.pdf"]["sha256"] == hashlib.sha256(page_tree_loop_pdf()).hexdigest()
    assert failed["README.txt"]["error"] == "NotADocumentError"  # item 8 as well
    assert failed["README.txt"]["sha256"] == hashlib.sha256((sources / "README.txt").read_bytes()).hexdigest()


def test_pictures_of_authorities_no_longer_in_the_sources_are_removed(hostile):
    _, _, runs = hostile
    before, after = runs[2][2], runs[3][2]
    assert {"timeline-wandsworth.png", "timeline-worcestershire.png", "timeline-worcestershire.svg"} <= set(before)
    assert not [name for name in after if "worcestershire" in name]
    # the build draws no timelines (serve draws them on demand) and removes those it finds once the
    # graph changed, as they may be stale; its own pictures stay
    assert not [name for name in after if name.startswith("timeline-")]
    assert {"theme-network.png", "england-latest-grade.svg"} <= set(after)
    assert runs[3][0]["documents"] == 1


# -- item 6: a damaged store is detected, explained in one line, and rebuilt by `build` ----------
def _damage(store: Path) -> None:
    for path in store.iterdir():
        if path.suffix == ".sst" or path.name.startswith(("MANIFEST", "CURRENT")):
            path.write_bytes(b"\x00garbage\x00" * 64)


def test_damaged_store_gives_one_line_and_build_rebuilds_it(hostile, tmp_path, capsys):
    _, out, _ = hostile
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    _damage(copy / "store")
    for command in (["query", "latest-inspections", "--store", str(copy)], ["export", "--store", str(copy)],
                    ["validate", "--store", str(copy)]):
        assert main(command) == 2, command
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err, err
        assert "the store is damaged" in err and f"ofsted-kg build --out {copy}" in err
    assert main(["build", "-q", str(LETTERS / KEPT), "--out", str(copy)]) == 0
    err = capsys.readouterr().err
    assert f"moved it to {copy / 'store.damaged'}" in err
    assert (copy / "store.damaged").is_dir()
    assert main(["query", "authority-findings", "--store", str(copy), "-f", "csv"]) == 0
    assert "wandsworth" in capsys.readouterr().out


# -- no network: a build and every export stay offline ---------------------------------------------
def test_build_and_export_open_no_network_socket(no_network, tmp_path, capsys):
    from ofsted_kg.export import FORMATS

    out = tmp_path / "out"
    assert main(["build", "-q", str(LETTERS / KEPT), "--out", str(out)]) == 0
    for fmt in sorted(FORMATS):
        assert main(["export", "-f", fmt, "-o", str(tmp_path / f"x.{fmt}"), "--store", str(out)]) == 0
    assert main(["query", "latest-inspections", "--store", str(out)]) == 0
    assert no_network == []


def test_the_network_guard_catches_a_connection(no_network):
    import urllib.request

    from conftest import NetworkUsed

    with pytest.raises(NetworkUsed):
        urllib.request.urlopen("http://127.0.0.1:9/", timeout=1)
    assert no_network and "127.0.0.1" in no_network[0]
