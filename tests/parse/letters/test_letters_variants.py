"""UCRA letters in other clothes: re-wrapped, other bullet glyphs, CRLF, Windows-1252, BOM,
and truncated. The record must not change apart from offsets, which must still point
at the finding text."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from ofsted_kg import SourceDocument
from ofsted_kg.parse.letters.parser import parse
from ofsted_kg import read_bytes

from conftest import LETTERS

LETTER_FILES = sorted(LETTERS.glob("*.txt"))
GLYPHS = ["\u2022", "\u0192", "o", "\uf0b7", "\uf02d", "1.", "*", "\u2013"]


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _source(text: str, label: str = "variant.txt") -> SourceDocument:
    return SourceDocument(label, "0" * 64, "text/plain", text)


def rewrap(text: str, width: int, glyph: str = "-") -> str:
    """Re-wrap every paragraph/bullet to ``width``, bullets drawn with ``glyph``.

    Wrapped lines get a hanging indent aligned with the bullet's text (at least
    two spaces), as a word processor lays out a bulleted paragraph.
    """
    out: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            out.append(line)
            continue
        if line.startswith("- "):
            prefix, content = f"{glyph} ", line[2:]
        elif line.startswith(" ") and not line.startswith("  "):
            prefix, content = " ", line[1:]  # a bullet whose glyph was lost
        else:
            prefix, content = "", line
        hang = " " * max(2, len(prefix))
        out.extend(
            textwrap.wrap(
                content,
                width,
                initial_indent=prefix,
                subsequent_indent=hang,
                break_on_hyphens=False,
                break_long_words=False,
            )
        )
    return "\n".join(out)


def reglyph(text: str, glyph: str) -> str:
    return re.sub(r"(?m)^- ", f"{glyph} ", text)


def comparable(record: dict) -> dict:
    record = dict(record)
    for key in ("source", "sha256"):
        record.pop(key)
    record["findings"] = [
        {k: v for k, v in f.items() if k not in ("start", "end")} for f in record["findings"]
    ]
    return record


_GLYPH_AT_LINE_START = re.compile(r"\n[ \t]*(?:[-\u2013*o\u2022\u0192\uf0b7\uf02d]|\d{1,2}\.)[ \t]+")


def assert_offsets_point_at_text(doc) -> None:
    for f in doc.findings:
        assert 0 <= f.start < f.end <= len(doc.text)
        piece = _GLYPH_AT_LINE_START.sub("\n", doc.text[f.start : f.end])
        assert " ".join(piece.split()) == f.text, (piece, f.text)


@pytest.fixture(scope="module", params=LETTER_FILES, ids=lambda p: p.stem)
def letter(request):
    path = request.param
    text = _text(path)
    return text, comparable(parse(_source(text)).to_json())


@pytest.mark.parametrize("width", [45, 60, 79, 120])
def test_rewrapped(letter, width):
    text, expected = letter
    variant = rewrap(text, width)
    assert variant != text
    doc = parse(_source(variant))
    assert comparable(doc.to_json()) == expected
    assert_offsets_point_at_text(doc)


@pytest.mark.parametrize("glyph", GLYPHS)
def test_other_bullet_glyphs(letter, glyph):
    text, expected = letter
    doc = parse(_source(reglyph(text, glyph)))
    assert comparable(doc.to_json()) == expected
    assert_offsets_point_at_text(doc)


@pytest.mark.parametrize("glyph", ["\u2022", "\uf0b7", "1."])
def test_rewrapped_with_other_glyphs(letter, glyph):
    text, expected = letter
    doc = parse(_source(rewrap(text, 66, glyph)))
    assert comparable(doc.to_json()) == expected
    assert_offsets_point_at_text(doc)


def test_stray_glyph_mid_paragraph_is_removed(letter):
    text, expected = letter
    variant = text.replace(". ", ". \uf0b7 ", 3)  # the first few sentence gaps
    doc = parse(_source(variant))
    assert comparable(doc.to_json())["findings"] == expected["findings"] or all(
        "\uf0b7" not in f.text for f in doc.findings
    )
    assert all("\uf0b7" not in f.text for f in doc.findings)
    assert_offsets_point_at_text(doc)


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda t: t.replace("\n", "\r\n").encode("utf-8"), id="crlf"),
        pytest.param(lambda t: t.encode("cp1252"), id="windows-1252"),
        pytest.param(lambda t: reglyph(t, "\u2022").replace("\n", "\r\n").encode("cp1252"), id="cp1252-bullets-crlf"),
        pytest.param(lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), id="utf8-bom"),
        pytest.param(lambda t: t.encode("utf-16"), id="utf16-bom"),
    ],
)
def test_encodings_and_line_endings(letter, encode):
    text, expected = letter
    source = read_bytes(encode(text), "variant.txt")
    doc = parse(source)
    assert comparable(doc.to_json()) == expected
    assert_offsets_point_at_text(doc)


# --- truncation -------------------------------------------------------------


def _cut_points(text: str) -> dict[str, int]:
    afd = text.index("Areas for development")
    bullet = text.index("\n- ", afd) + 3
    return {
        "mid-finding": bullet + 37,
        "mid-word-last-section": text.index(" ", bullet + 60) - 2,
        "after-first-heading": text.index("\n", text.index("identified:") + 20),
        "before-sign-off": text.index("Yours sincerely"),
        "before-copy": text.index("Copy:"),
    }


@pytest.mark.parametrize("where", ["mid-finding", "mid-word-last-section", "after-first-heading",
                                   "before-sign-off", "before-copy"])
def test_truncated(letter, where):
    text, expected = letter
    cut = text[: _cut_points(text)[where]]
    doc = parse(_source(cut))
    assert doc.kind == "ucra-letter"
    assert doc.warnings, "a truncated letter must say so"
    assert_offsets_point_at_text(doc)
    if where == "before-copy":
        assert "no copy list found" in doc.warnings
        assert doc.inspector is not None
    else:
        assert "no sign-off: letter may be truncated" in doc.warnings
        assert doc.copies == ()
    if where in ("mid-finding", "mid-word-last-section"):
        assert "last finding ends mid-sentence: letter may be truncated" in doc.warnings
        assert len(doc.findings) < len(expected["findings"])
    if where == "before-sign-off":
        assert [f["text"] for f in comparable(doc.to_json())["findings"]] == [
            f["text"] for f in expected["findings"]
        ]


def test_many_cut_points_never_crash():
    for path in LETTER_FILES:
        text = _text(path)
        for cut in range(len(text) // 3, len(text), 97):
            doc = parse(_source(text[:cut]))
            assert_offsets_point_at_text(doc)
