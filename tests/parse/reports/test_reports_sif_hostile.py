"""Hostile input: the SIF and earlier-framework parsers keep the shared hostile-input invariant
(``tests/hostile.py``)."""

from __future__ import annotations

from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPORTS
from hostile import check_parser
from ofsted_kg import SourceDocument, read_document
from ofsted_kg.parse.reports import earlier, sif

SAMPLES = ("norfolk/2013-08-16.pdf", "norfolk/2015-10-20.pdf", "surrey/2015-06-03.pdf")
MODULES = (sif, earlier)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def _pages(name: str) -> tuple[str, ...]:
    return read_document(REPORTS / name).pages


def _source(text: str, pages: tuple[str, ...] | None = None) -> SourceDocument:
    pages = pages if pages is not None else tuple(text.split("\f"))
    return SourceDocument("hostile.pdf", "0" * 64, "application/pdf", text, pages)


def _exercise(source: SourceDocument) -> None:
    for module in MODULES:
        check_parser(module, source)


TITLE_BITS = st.sampled_from(
    [
        "1\nSurrey County Council\nInspection of services for children in need of help and \n"
        "protection, children looked after and care leavers\n",
        "Inspection of looked after children \nservices\nNorfolk County Council\n",
        "Review of the effectiveness of the Local Safeguarding Children \nBoard\n",
        "Inspection date: 21 October 2014 \u2013 12 November 2014\nReport published: 3 June 2015\n",
        "Recommendations\n1. Do this\n\uf06e sub point\n2.\n",
        "Areas for improvement\nImmediately:\n\uf0a7 ensure x\nWithin three months:\n",
        "Record of main findings\nOverall effectiveness Inadequate\n",
        "Lead inspector: \nReporting inspector HMI\n",
        "\f", "\n", " \n1\n", "12\n", "Grade 4 (inadequate)\n",
        "The Local Safeguarding Children Board is\n",
    ]
)


@SETTINGS
@given(st.text(max_size=3000))
def test_random_text(text):
    _exercise(_source(text))


@SETTINGS
@given(st.lists(st.one_of(TITLE_BITS, st.text(max_size=80)), max_size=40))
def test_structured_noise(parts):
    _exercise(_source("".join(parts)))


@SETTINGS
@given(
    st.sampled_from(SAMPLES),
    st.lists(st.integers(min_value=0, max_value=60), max_size=25),
    st.integers(min_value=0, max_value=5000),
    st.booleans(),
)
def test_damaged_real_reports(name, keep, cut, mismatched_pages):
    pages = _pages(name)
    chosen = [pages[i % len(pages)] for i in keep]
    if chosen:
        chosen[-1] = chosen[-1][: cut % (len(chosen[-1]) + 1)]
    text = "\f".join(chosen)
    # A page list that does not match the text must not matter either.
    _exercise(_source(text, pages if mismatched_pages else None))


def test_empty_and_blank():
    for text in ("", " ", "\f\f\f", "\n\n"):
        _exercise(_source(text, ()))
