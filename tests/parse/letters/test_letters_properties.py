"""Property tests on hostile text: the letter parser keeps the shared hostile-input invariant
(``tests/hostile.py``): typed errors only, detect in 0..1, non-empty evidence spans."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import LETTERS
from hostile import check_document, check_parser
from ofsted_kg import SourceDocument
from ofsted_kg.parse import letters
from ofsted_kg.parse.letters import detect, parse

LETTER_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(LETTERS.glob("*.txt"))]
LETTER_LINES = sorted({line for text in LETTER_TEXTS for line in text.split("\n")})
GLYPHS = ["-", "\u2022", "\u0192", "o", "\uf0a7", "\uf0b7", "\uf02d", "\ue000", "*", "1.", "(a)", " ", "\f"]

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _source(text: str) -> SourceDocument:
    return SourceDocument("hostile.txt", "0" * 64, "text/plain", text)


def check(text: str) -> None:
    check_parser(letters, _source(text))


@SETTINGS
@given(st.text())
def test_random_unicode(text):
    check(text)


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(LETTER_LINES), st.text(max_size=80)), max_size=80))
def test_random_lines(lines):
    check("\n".join(lines))


@SETTINGS
@given(st.data())
def test_letters_with_lines_deleted_or_duplicated(data):
    lines = data.draw(st.sampled_from(LETTER_TEXTS)).split("\n")
    for _ in range(data.draw(st.integers(0, 12))):
        if not lines:
            break
        index = data.draw(st.integers(0, len(lines) - 1))
        if data.draw(st.booleans()):
            del lines[index]
        else:
            lines.insert(index, lines[index])
    check("\n".join(lines))


@SETTINGS
@given(st.data())
def test_letters_with_random_glyphs(data):
    text = data.draw(st.sampled_from(LETTER_TEXTS))
    for _ in range(data.draw(st.integers(1, 25))):
        at = data.draw(st.integers(0, len(text)))
        glyph = data.draw(st.sampled_from(GLYPHS))
        text = text[:at] + glyph + data.draw(st.sampled_from(["", " ", "\n"])) + text[at:]
    check(text)


@SETTINGS
@given(st.data())
def test_letters_cut_anywhere_still_parse(data):
    text = data.draw(st.sampled_from(LETTER_TEXTS))
    cut = data.draw(st.integers(0, len(text)))
    source = _source(text[:cut])
    if detect(source) >= 0.5:
        check_document(parse(source), text[:cut])  # recognised letters must parse, not raise
    else:
        check(text[:cut])
