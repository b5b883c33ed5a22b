"""Stage 1, read: bytes on disk -> text (``SourceDocument``).

Plain text is decoded as UTF-8 (with or without BOM), UTF-16 with a BOM, or
Windows-1252; line endings are normalised to ``\\n``. PDFs are read through
their text layer with pypdfium2 (chosen by measurement, see ``benchmarks/``).
Anything else raises a typed ``ReadError`` naming the file.

Only regular files are read (a named pipe, a device such as ``/dev/zero`` or a folder is
refused without reading it), and only up to ``max_file_bytes()`` (environment variable
``OFSTED_KG_MAX_FILE_MB``, default 50): the read itself is bounded, so no input can make
it allocate more than the limit.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from ..errors import NotADocumentError, ReadError, UsageError
from ..model import SourceDocument

#: File suffixes a folder walk picks up.
DOCUMENT_SUFFIXES = (".txt", ".pdf", ".text")
PAGE_BREAK = "\f"

_HTML_STARTS = (b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")

#: Environment variable holding the largest file read, in megabytes (MB = 1,000,000 bytes).
MAX_FILE_ENV = "OFSTED_KG_MAX_FILE_MB"
DEFAULT_MAX_FILE_MB = 50


def max_file_bytes() -> int:
    """The size limit of one source file, from ``OFSTED_KG_MAX_FILE_MB`` (default 50 MB)."""
    raw = os.environ.get(MAX_FILE_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_FILE_MB * 1_000_000
    try:
        megabytes = float(raw)
    except ValueError:
        megabytes = -1.0
    if not megabytes > 0:
        raise UsageError(MAX_FILE_ENV, f"must be a positive number of megabytes, not {raw!r}")
    return int(megabytes * 1_000_000)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_document(path: str | os.PathLike[str]) -> SourceDocument:
    """Read one regular file (at most ``max_file_bytes()``) into a ``SourceDocument`` or raise ``ReadError``."""
    label = str(path)
    data = read_limited(path, label, max_file_bytes())
    try:
        return read_bytes(data, label)
    except ReadError as err:
        err.sha256 = sha256_hex(data)
        raise


def read_limited(path: str | os.PathLike[str], label: str, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; anything else is a ``ReadError``.

    Opened non-blocking, so a named pipe without a writer cannot hang the open; checked
    with ``fstat`` on the open descriptor (no race with a swapped file), and read with a
    bounded read, so a file that grows or lies about its size cannot exhaust memory.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ReadError(label, f"cannot open: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ReadError(label, f"not a regular file ({_file_kind(info.st_mode)}); give a document file")
        if info.st_size > limit:
            raise ReadError(label, _too_big(info.st_size, limit))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise ReadError(label, f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise ReadError(label, _too_big(len(data), limit))
    return data


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def _too_big(size: int, limit: int) -> str:
    return (f"file too large: more than {limit:,} bytes (size {size:,}); "
            f"raise the limit with {MAX_FILE_ENV}=MEGABYTES if it is a real document")


def read_bytes(data: bytes, label: str) -> SourceDocument:
    """Turn raw bytes into a ``SourceDocument``; ``label`` names the source in errors."""
    if not data.strip():
        raise ReadError(label, "empty file")
    digest = sha256_hex(data)
    head = data[:1024].lstrip().lower()
    if data.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        pages = _pdf_pages(data, label)
        text = PAGE_BREAK.join(pages)
        return SourceDocument(label, digest, "application/pdf", text, tuple(pages), None)
    if head.startswith(_HTML_STARTS):
        what = "an HTML web page"
        if label.lower().endswith(".pdf"):
            what += " saved under a .pdf name, not a PDF"
        raise NotADocumentError(label, what)
    if label.lower().endswith(".pdf"):
        raise ReadError(label, "not a PDF: the file has no %PDF- header (truncated or mislabelled)")
    text, encoding = decode_text(data, label)
    return SourceDocument(label, digest, "text/plain", text, (), encoding)


def decode_text(data: bytes, label: str) -> tuple[str, str]:
    """Decode plain-text bytes; returns (text, encoding). Raises ``ReadError``."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return normalise_text(data.decode("utf-16")), "utf-16"
        except UnicodeDecodeError as exc:
            raise ReadError(label, f"undecodable UTF-16 text at byte {exc.start}") from None
    if _looks_binary(data):
        raise ReadError(label, "binary data, not text (NUL or control bytes)")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return normalise_text(data.decode(encoding)), _encoding_name(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError(label, "undecodable text: neither UTF-8 nor Windows-1252")


def _encoding_name(codec: str) -> str:
    return {"utf-8-sig": "utf-8", "cp1252": "windows-1252"}[codec]


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(2, len(sample) // 100)


def normalise_text(text: str, context: str | None = None) -> str:
    """Line endings to ``\\n``, Unicode to NFC, no BOM, no non-characters.

    pdfium writes U+FFFE where the PDF had a hyphen at the end of a laid-out line and
    joins the two halves of the word ("multi\\ufffeagency"). Each such mark becomes a
    hyphen ("multi-agency"), unless the document (``context``, default the text itself)
    writes the joined word ("refocused") and never the hyphenated one, in which case the
    hyphen was only a hyphenation point and the halves are joined. Every other Unicode
    non-character (U+FDD0..U+FDEF, U+xFFFE, U+xFFFF) is dropped. This is done once,
    here, so no stored text or quote holds one.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = unicodedata.normalize("NFC", text)
    if PDFIUM_HYPHEN in text:
        text = _resolve_pdfium_hyphens(text, text if context is None else context)
    return _NON_CHARACTERS_RE.sub("", text)


#: pdfium's mark for a hyphen that ended a laid-out line.
PDFIUM_HYPHEN = "\ufffe"
_NON_CHARACTERS_RE = re.compile("[\ufdd0-\ufdef\ufffe\uffff\U0001fffe\U0001ffff\U0010fffe\U0010ffff]")
_MARKED_WORD_RE = re.compile(r"(\w+)\ufffe\s*(\w+)")


def _resolve_pdfium_hyphens(text: str, context: str) -> str:
    words = _written_words(context)

    def written(word: str) -> bool:
        return word.lower() in words

    def decide(match: re.Match[str]) -> str:
        head, tail = match.group(1), match.group(2)
        gap = match.group(0)[len(head) + 1 : -len(tail)]
        if written(head + tail) and not written(f"{head}-{tail}"):
            return head + tail + gap
        return f"{head}-{gap}{tail}"

    text = _MARKED_WORD_RE.sub(decide, text)
    return text.replace(PDFIUM_HYPHEN, "-")


@lru_cache(maxsize=4)
def _written_words(context: str) -> frozenset[str]:
    """Every word ``context`` writes, lower-cased: each longest run of word characters and
    hyphens ("multi-agency", "refocused"). Made once per document (every page asks about the
    same context), not searched again for each marked hyphen."""
    return frozenset(_WORD_RUN_RE.findall(context.lower()))


_WORD_RUN_RE = re.compile(r"[\w-]+")


def _pdf_pages(data: bytes, label: str) -> list[str]:
    import pypdfium2 as pdfium  # imported here: plain-text runs never pay for it

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        reason = str(exc)
        if "password" in reason.lower():
            raise ReadError(label, "encrypted PDF (needs a password)") from None
        raise ReadError(label, f"damaged PDF: {reason}") from None
    try:
        raw = [_page_text(pdf, index, label) for index in range(len(pdf))]
    finally:
        pdf.close()
    whole = unicodedata.normalize("NFC", "\n".join(raw))  # the context for hyphen decisions
    pages = [normalise_text(page, whole) for page in raw]
    if not pages:
        raise ReadError(label, "PDF has no pages")
    if not any(p.strip() for p in pages):
        raise ReadError(label, "PDF has no text layer (image-only or scanned)")
    return pages


def _page_text(pdf, index: int, label: str) -> str:
    """The raw text of one page; a page that cannot be loaded (e.g. a page-tree loop) is a ``ReadError``."""
    import pypdfium2 as pdfium

    try:
        page = pdf[index]
    except pdfium.PdfiumError as exc:
        raise ReadError(label, f"damaged PDF: page {index + 1} cannot be loaded: {exc}") from None
    try:
        textpage = page.get_textpage()
        try:
            return textpage.get_text_range()  # normalised by the caller, with the whole document
        finally:
            textpage.close()
    except pdfium.PdfiumError as exc:
        raise ReadError(label, f"damaged PDF: page {index + 1}: {exc}") from None
    finally:
        page.close()


def iter_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Expand files and folders (every document below a folder, sorted) in the order given."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
            )
            yield from found
        else:
            yield path
