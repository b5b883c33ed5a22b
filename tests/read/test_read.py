"""Stage 1 (read): decoding, PDF text, and typed errors for bad input."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ofsted_kg import NotADocumentError, ReadError
from ofsted_kg import iter_paths, read_bytes, read_document

from conftest import FIXTURES, LETTERS, REPORTS

LETTER = LETTERS / "westminster-2011-07-27.txt"


def test_plain_text_is_decoded_and_hashed():
    doc = read_document(LETTER)
    assert doc.media_type == "text/plain"
    assert doc.encoding == "utf-8"
    assert doc.text.startswith("Freshford House")
    assert len(doc.sha256) == 64


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
        lambda s: s.encode("cp1252"),
        lambda s: s.replace("\n", "\r\n").encode("utf-8"),
        lambda s: s.encode("utf-16"),
    ],
    ids=["utf8-bom", "windows-1252", "crlf", "utf16-bom"],
)
def test_encodings_and_line_endings_give_the_same_text(encode):
    text = "27 July 2011\nDear Ms O\u2019Brien\n\u2013 children\u2019s services \u2022 caf\u00e9\n"
    assert read_bytes(encode(text), "x.txt").text == text


def test_windows_1252_is_recognised():
    assert read_bytes("caf\u00e9 \u2013 \u2019".encode("cp1252"), "x.txt").encoding == "windows-1252"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (b"\x00\x01\x02binary\x00", "binary"),
        (b"%PDF-1.7\n garbage that is not a PDF", "damaged PDF"),
    ],
)
def test_bad_bytes_raise_read_error_naming_file(data, reason):
    with pytest.raises(ReadError) as info:
        read_bytes(data, "bad-input.txt")
    assert info.value.path == "bad-input.txt"
    assert reason in info.value.reason
    assert "bad-input.txt" in info.value.line() and "read" in info.value.line()


def test_undecodable_bytes():
    # 0x81 is undefined in Windows-1252 and invalid UTF-8
    with pytest.raises(ReadError, match="undecodable"):
        read_bytes(b"abc \x81\x8d\x8f\x90\x9d def", "odd.txt")


def test_html_saved_as_pdf_is_rejected_clearly():
    path = FIXTURES / "bad" / "webpage-saved-as-pdf-1.pdf"
    with pytest.raises(NotADocumentError, match="HTML web page saved under a .pdf name"):
        read_document(path)


def test_truncated_pdf_is_a_read_error():
    good = (REPORTS / "westminster" / "2025-01-13.pdf").read_bytes()
    with pytest.raises(ReadError):
        read_bytes(good[: len(good) // 3], "truncated.pdf")


def test_pdf_pages_are_read():
    doc = read_document(REPORTS / "westminster" / "2025-01-13.pdf")
    assert doc.media_type == "application/pdf"
    assert len(doc.pages) > 5
    assert "Inspection of Westminster" in doc.pages[0]
    assert doc.text.count("\f") == len(doc.pages) - 1


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ReadError, match="cannot open"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(ReadError, match="directory"):
        read_document(tmp_path)


def test_folders_expand_sorted_and_files_keep_order(tmp_path):
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "ignored.png").write_bytes(b"x")
    single = tmp_path / "z.pdf"
    assert [p.name for p in iter_paths([single, tmp_path])] == ["z.pdf", "a.txt", "b.txt"]


def test_pdf_without_a_text_layer_is_rejected():
    import io

    import pypdfium2 as pdfium

    blank = pdfium.PdfDocument.new()
    blank.new_page(595, 842)
    buffer = io.BytesIO()
    blank.save(buffer)
    with pytest.raises(ReadError, match="no text layer"):
        read_bytes(buffer.getvalue(), "scanned.pdf")


def test_encrypted_pdf_is_rejected():
    import io

    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.append(pypdf.PdfReader(REPORTS / "westminster" / "2025-01-13.pdf"))
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ReadError, match="encrypted PDF"):
        read_bytes(buffer.getvalue(), "locked.pdf")


# -- issue 13: the hyphen decision made from the document's words once, not by a search per mark --
def _hyphens_by_search(text: str, context: str) -> str:
    """The decision as it was made before (a regex search of the context for each mark)."""
    import re

    from ofsted_kg.read.documents import _MARKED_WORD_RE, PDFIUM_HYPHEN

    lowered = context.lower()

    def written(word: str) -> bool:
        return re.search(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])", lowered) is not None

    def decide(match):
        head, tail = match.group(1), match.group(2)
        gap = match.group(0)[len(head) + 1: -len(tail)]
        if written(head + tail) and not written(f"{head}-{tail}"):
            return head + tail + gap
        return f"{head}-{gap}{tail}"

    return _MARKED_WORD_RE.sub(decide, text).replace(PDFIUM_HYPHEN, "-")


_WORDS = st.sampled_from(["multi", "agency", "multiagency", "multi-agency", "re", "focused", "refocused",
                          "Re", "Focused", "ÉCOLE", "école", "co", "operate", "cooperate", "x_1", "1"])
_SEPARATORS = st.sampled_from([" ", "\n", "\ufffe", "\ufffe\n", "\ufffe ", "-", ", ", "—", "\u00ad"])


@given(st.lists(st.tuples(_WORDS, _SEPARATORS), max_size=30), st.lists(st.tuples(_WORDS, _SEPARATORS), max_size=30))
def test_hyphen_decisions_are_those_of_a_search_of_the_context(pieces, more):
    from ofsted_kg.read.documents import _resolve_pdfium_hyphens

    text = "".join(word + separator for word, separator in pieces)
    context = text + "".join(word + separator for word, separator in more)
    assert _resolve_pdfium_hyphens(text, context) == _hyphens_by_search(text, context)
