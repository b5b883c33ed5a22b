"""Issue 11, items 2, 3 (reader) and 8: hostile files are refused by the reader, one at a time.

Every hostile input is made here (no large file is committed): a PDF whose page tree loops,
made by editing one byte of a small PDF written below; a named pipe (``os.mkfifo``); the
``/dev/zero`` device; a folder given as a file; a sparse file above the size limit
(``truncate``); the project's README and a 5 MB single-line text taken for letters.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ofsted_kg.cli import main
from ofsted_kg.errors import NotADocumentError, ReadError
from ofsted_kg.parse.pipeline import parse_paths
from ofsted_kg.read.documents import DEFAULT_MAX_FILE_MB, MAX_FILE_ENV, read_bytes, read_document

from conftest import LETTERS, ROOT

LETTER = LETTERS / "wandsworth-2011-07-07.txt"


def small_pdf(kids: bytes = b"[3 0 R]") -> bytes:
    """A one-page PDF with a text layer, cross-reference table and all, written by hand."""
    stream = b"BT /F1 12 Tf 20 200 Td (Hello page) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids " + kids + b" /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def page_tree_loop_pdf() -> bytes:
    """The small PDF with one byte changed: the page tree's only kid is the page tree itself."""
    good = small_pdf()
    assert good.count(b"/Kids [3 0 R]") == 1
    return good.replace(b"/Kids [3 0 R]", b"/Kids [2 0 R]")


# -- item 2: a page that cannot be loaded is one file's read error --------------------------
def test_the_generated_pdf_reads():
    assert read_bytes(small_pdf(), "ok.pdf").text.strip() == "Hello page"


def test_pdf_page_tree_loop_is_a_read_error_naming_the_page():
    with pytest.raises(ReadError, match=r"damaged PDF: page 1 cannot be loaded"):
        read_bytes(page_tree_loop_pdf(), "loop.pdf")


def test_pdf_page_tree_loop_does_not_cost_the_rest_of_the_batch(tmp_path):
    (tmp_path / "a-loop.pdf").write_bytes(page_tree_loop_pdf())
    (tmp_path / "b-letter.txt").write_bytes(LETTER.read_bytes())
    outcomes = list(parse_paths([tmp_path]))
    assert [o.path.rsplit("/", 1)[-1] for o in outcomes] == ["a-loop.pdf", "b-letter.txt"]
    failure = outcomes[0].failure
    assert failure is not None and failure.stage == "read" and failure.error == "ReadError"
    assert failure.sha256 == hashlib.sha256(page_tree_loop_pdf()).hexdigest()
    assert outcomes[1].document is not None


# -- item 3: only regular files, never above the size limit -------------------------------
def _run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """``ofsted-kg ARGS`` in a child process capped at 1 GB of memory (so a reader that does not
    bound its read fails here instead of exhausting the machine) and at ``timeout`` seconds."""
    def limit_memory():
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run([sys.executable, "-m", "ofsted_kg", *args], capture_output=True, text=True,
                          timeout=timeout, preexec_fn=limit_memory, env={**os.environ, **(env or {})})


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    done = _run_cli("parse", str(fifo), str(LETTER), timeout=30)  # nobody ever writes to the pipe
    assert done.returncode == 1  # the pipe failed, the letter was parsed
    assert f"{fifo}: read error: not a regular file (a named pipe)" in done.stderr
    assert "Wandsworth" in done.stdout
    with pytest.raises(ReadError, match="not a regular file \\(a named pipe\\)"):
        read_document(fifo)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_dev_zero_is_refused_without_reading_it():
    done = _run_cli("parse", "/dev/zero")  # first in a child capped at 1 GB: an unbounded read fails there
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip() == "/dev/zero: read error: not a regular file (a character device); give a document file"
    with pytest.raises(ReadError, match="a character device"):
        read_document("/dev/zero")


def test_a_folder_given_as_a_file_is_refused(tmp_path):
    with pytest.raises(ReadError, match="a directory"):
        read_document(tmp_path)


def test_a_file_above_the_default_limit_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "huge.txt"
    big.write_bytes(b"Dear Sir\n")
    os.truncate(big, DEFAULT_MAX_FILE_MB * 1_000_000 + 1)  # sparse: takes no disk space
    with pytest.raises(ReadError, match=f"file too large: more than {DEFAULT_MAX_FILE_MB * 1_000_000:,} bytes"):
        read_document(big)


def test_the_size_limit_is_configurable(tmp_path, monkeypatch):
    letter = tmp_path / "letter.txt"
    letter.write_bytes(LETTER.read_bytes())
    size = letter.stat().st_size
    monkeypatch.setenv(MAX_FILE_ENV, str((size - 1) / 1_000_000))
    with pytest.raises(ReadError, match=f"raise the limit with {MAX_FILE_ENV}"):
        read_document(letter)
    monkeypatch.setenv(MAX_FILE_ENV, str(size / 1_000_000))
    assert read_document(letter).text


def test_an_invalid_size_limit_stops_the_command(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(MAX_FILE_ENV, "lots")
    assert main(["parse", str(LETTER)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"ofsted-kg: {MAX_FILE_ENV}: usage error: must be a positive number of megabytes, not 'lots'"


# -- item 8: no authority and no date is not a letter ---------------------------------------
def test_the_projects_readme_is_not_a_letter(tmp_path, capsys):
    readme = tmp_path / "README.txt"
    readme.write_bytes((ROOT / "README.md").read_bytes())
    assert main(["parse", str(readme)]) == 1
    err = capsys.readouterr().err
    assert "no authority and no date found" in err and "detect error" in err


def test_a_long_single_line_text_with_letter_words_is_not_a_letter(tmp_path):
    """The words that make a letter look like one, then 5 MB on one line: no authority, no date."""
    words = ("Annual unannounced inspection of contact, referral and assessment arrangements "
             "within local authority children's services. Dear Director of Children's Services, ")
    line = tmp_path / "one-line.txt"
    line.write_text(words + "x" * (5_000_000 - len(words)) + "\n")
    [outcome] = list(parse_paths([line]))
    assert outcome.document is None
    assert outcome.failure.error == "NotADocumentError", outcome.failure


def test_a_real_letter_is_still_a_letter():
    [outcome] = list(parse_paths([LETTER]))
    assert outcome.document is not None and outcome.document.authority.name


def test_rejection_is_typed():
    from ofsted_kg.model import SourceDocument
    from ofsted_kg.parse import parse_source

    text = (ROOT / "README.md").read_text()
    with pytest.raises(NotADocumentError):
        parse_source(SourceDocument("README.md", "0" * 64, "text/plain", text, (), "utf-8"))
