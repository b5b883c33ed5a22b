"""Hostile input for the shared PDF-lines layer, the report evidence and text normalisation."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ofsted_kg.model import SourceDocument
from ofsted_kg.parse.reports.evidence import REPORT_THRESHOLD, gather
from ofsted_kg.parse.reports.pdf_lines import content, join_lines, split_lines, wrapped_cells
from ofsted_kg.read import normalise_text

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PIECES = st.sampled_from(
    [
        "Inspection of Kent County Council\n", "children\u2019s services\n", "1\n", "\f",
        "Inspection dates: 1 to 5 June 2026\n", "Lead inspector: Ann Example\n",
        "Judgement Grade\n", "Requires improvement\n", "to be good\n", "Overall effectiveness Good\n",
        "What needs to improve?1\n", "\u25fc item\n", "1 A footnote.\n", "multi\ufffeagency ",
        "Monitoring visit to Kent\n", "\n", " ", "\ufffe", "\uffff",
    ]
)  # fmt: skip
TEXTS = st.one_of(st.text(max_size=600), st.lists(st.one_of(PIECES, st.text(max_size=40)), max_size=40).map("".join))


@SETTINGS
@given(TEXTS)
def test_lines_cover_the_text_and_keep_their_offsets(text):
    lines = split_lines(text)
    assert "".join(ln.text for ln in lines) == re.sub(r"[\n\f]", "", text)
    for line in lines:
        assert text[line.start : line.end] == line.text
        assert line.page == text[: line.start].count("\f")
    assert all(ln.stripped for ln in content(lines))


@SETTINGS
@given(TEXTS)
def test_evidence_is_a_bounded_score_with_a_reason(text):
    evidence = gather(SourceDocument("x.pdf", "0", "application/pdf", text))
    assert 0.0 <= evidence.score <= 1.0
    if not evidence.is_report:
        assert evidence.visit_type or evidence.score < REPORT_THRESHOLD
        assert "not supported yet" in evidence.reason() or "missing" in evidence.reason()


@SETTINGS
@given(TEXTS)
def test_normalised_text_has_no_non_characters_and_is_stable(text):
    once = normalise_text(text)
    assert not re.search("[\ufdd0-\ufdef\ufffe\uffff]", once)
    assert normalise_text(once) == once


@SETTINGS
@given(st.lists(st.text(max_size=30), max_size=12))
def test_joined_and_wrapped_text_is_collapsed(parts):
    joined = join_lines(parts)
    assert joined == joined.strip() and "  " not in joined and "\n" not in joined
    cells = wrapped_cells(parts, re.compile(r"Good$"))
    assert all(text and 0 <= last < len(parts) for text, last in cells)


# -- the speed-ups of 2026-12-05 keep the old definitions (regression tests) ----------------------
def _join_lines_by_regex(parts: list[str]) -> str:
    """``join_lines`` as first written (quadratic: a regex over the whole joined text per line)."""
    from ofsted_kg.parse.reports.pdf_lines import _SUSPENDED_NEXT, PDFIUM_HYPHEN, SOFT_HYPHEN, SUPERSCRIPTS_RE

    out = ""
    for raw in parts:
        piece = raw.strip()
        if not piece:
            continue
        if not out:
            out = piece
        elif out.endswith(SOFT_HYPHEN):
            out = out[:-1] + piece
        elif re.search(r"[A-Za-z0-9]-$", out) and piece[:1].islower() and not piece.startswith(_SUSPENDED_NEXT):
            out += piece
        else:
            out += " " + piece
    out = SUPERSCRIPTS_RE.sub("", out.replace(PDFIUM_HYPHEN, "-").replace(SOFT_HYPHEN, ""))
    return re.sub(r"\s+", " ", out).strip()


LINE_PIECES = st.lists(st.one_of(st.sampled_from(["17-", "year-old", "co\u00ad", "operation", "-", "a", "and so",
                                                  " ", "x\ufffe", "\u00ad", "B-", "b"]), st.text(max_size=12)),
                       max_size=30)


@SETTINGS
@given(LINE_PIECES)
def test_join_lines_is_the_regex_definition(parts):
    assert join_lines(parts) == _join_lines_by_regex(parts)


@SETTINGS
@given(st.text(max_size=200))
def test_collapse_is_the_regex_definition(text):
    from ofsted_kg.parse.text import PDFIUM_HYPHEN, collapse

    assert collapse(text) == re.sub(r"\s+", " ", text.replace(PDFIUM_HYPHEN, "-")).strip()


def test_split_lines_gives_each_caller_its_own_list():
    first = split_lines("a\nb\fc")
    first.clear()
    assert [ln.text for ln in split_lines("a\nb\fc")] == ["a", "b", "c"]
