"""Synthetic report variants, made from the bundled PDFs' text, for layouts not in the bundle.

Each builder takes the text of one bundled report and rewrites only what the variant is
about (a title, a table, a page break), so everything else stays a real Ofsted report.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache

from ofsted_kg.model import SourceDocument
from ofsted_kg.read import read_document

from conftest import REPORTS
APOS = "\u2019"
WESTMINSTER_TITLE = f"Inspection of Westminster local \nauthority children{APOS}s services \n"


@cache
def bundled(rel: str) -> str:
    return read_document(REPORTS / f"{rel}.pdf").text


def source(name: str, text: str) -> SourceDocument:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return SourceDocument(
        f"synthetic/{name}.pdf", digest, "application/pdf", text, tuple(text.split("\f"))
    )


def _swap(text: str, old: str, new: str) -> str:
    assert old in text, f"variant base changed: {old!r} not found"
    return text.replace(old, new, 1)


def two_line_council_title() -> str:
    """ "Inspection of Kent County Council" / "children's services"."""
    return _swap(
        bundled("westminster/2025-01-13"),
        WESTMINSTER_TITLE,
        f"Inspection of Westminster City Council \nchildren{APOS}s services \n",
    )


def own_name_title() -> str:
    """ "Inspection of Barking and Dagenham children's services" (no "local authority")."""
    return _swap(
        bundled("westminster/2025-01-13"),
        WESTMINSTER_TITLE,
        f"Inspection of Barking and Dagenham children{APOS}s services \n",
    )


def trust_title() -> str:
    """ "Inspection of Bradford Children and Families Trust": the trust, not the council."""
    return _swap(
        bundled("westminster/2025-01-13"),
        WESTMINSTER_TITLE,
        "Inspection of Bradford Children and \nFamilies Trust \n",
    )


def front_page_2018_local_authority() -> str:
    """2018-2020 front page: page number, the authority on its own line, then the bare title."""
    return _swap(
        bundled("birmingham/2019-01-17"),
        "Inspection of children's social care services",
        f"Inspection of local authority children{APOS}s services",
    )


def front_page_2018_two_line_authority() -> str:
    """2018-2020 front page with the authority's name over two lines."""
    return _swap(
        bundled("worcestershire/2019-07-29"),
        "1\nWorcestershire\n",
        "1\nWorcestershire County \nCouncil\n",
    )


def running_header_on_page_one() -> str:
    """The running header (title, dates, page number) printed on page 1 above the title."""
    text = bundled("westminster/2025-01-13")
    header = f"Inspection of Westminster local authority children{APOS}s services\n11 to 15 November 2024 1\n"
    return header + text


def running_header_on_every_page_2018() -> str:
    """2018-2020 layout with a running header (no page number in it) on every page, page 1 too."""
    header = "Birmingham City Council children\u2019s social care services\n3 to 14 December 2018\n"
    return "\f".join(header + page for page in bundled("birmingham/2019-01-17").split("\f"))


def wrapped_grades_with_full_stops() -> str:
    """A 2019-style table: areas end with a full stop, every grade wraps over two lines."""
    text = bundled("worcestershire/2023-07-14")
    for old, new in (
        (
            "practice with children and families\nGood \n",
            "practice with children and families.\nGood \n",
        ),
        (
            "children who need help and protection\nGood \n",
            "children who need help and protection.\nGood \n",
        ),
        (
            "children in care\nRequires improvement to be good\n",
            "children in care.\nRequires improvement \nto be good\n",
        ),
        ("leavers\nGood \n", "leavers.\nGood \n"),
        ("Overall effectiveness Good \n", "Overall effectiveness. Good \n"),
    ):
        text = _swap(text, old, new)
    return text


def sif_list_over_pages() -> str:
    """A SIF list broken mid-item by a page whose running header carries no page number."""
    text = bundled("surrey/2015-06-03")
    header = "Surrey children\u2019s services inspection report"
    pages = [f"{header}\n{page}" if i else page for i, page in enumerate(text.split("\f"))]
    text = "\f".join(pages)
    return _swap(
        text,
        "8. Ensure the effectiveness of management oversight within the referral, \n",
        f"8. Ensure the effectiveness of management oversight within the referral, \f{header}\n",
    )


def sif_no_priority_action() -> str:
    """ "There are no areas for priority action." where the priority items would be."""
    text = bundled("surrey/2015-06-03")
    start = text.index("Priority and immediate action\nLeadership")
    end = text.index("Areas for improvement\nTraining")
    return (
        text[:start]
        + "Priority and immediate action\nThere are no areas for priority action.\n"
        + text[end:]
    )


def sif_dates_in_a_column() -> str:
    """Title-page fields laid out as a two-column table: the dates below their label, wrapped."""
    return _swap(
        bundled("norfolk/2018-01-19"),
        "Inspection date: 13 November 2017 to 24 November 2017\n",
        "Inspection date:\n \nMonday 13 November 2017 \u2012\nFriday 24 November 2017\n",
    )


def sif_unknown_title() -> str:
    """A SIF report whose title is in no known form: its judgement table carries it."""
    return _swap(
        bundled("norfolk/2018-01-19"),
        "Re-inspection of services for children in need of help and \n"
        "protection, children looked after and care leavers\n",
        "Children\u2019s services: report of the inspection\n",
    )


VARIANTS: dict[str, Callable[[], str]] = {
    "ilacs-two-line-council-title": two_line_council_title,
    "ilacs-own-name-title": own_name_title,
    "ilacs-trust-title": trust_title,
    "ilacs-2018-front-page-local-authority": front_page_2018_local_authority,
    "ilacs-2018-front-page-two-line-authority": front_page_2018_two_line_authority,
    "ilacs-running-header-on-page-one": running_header_on_page_one,
    "ilacs-running-header-on-every-page-2018": running_header_on_every_page_2018,
    "ilacs-wrapped-grades-full-stops": wrapped_grades_with_full_stops,
    "sif-list-over-pages": sif_list_over_pages,
    "sif-no-priority-action": sif_no_priority_action,
    "sif-dates-in-a-column": sif_dates_in_a_column,
    "sif-unknown-title": sif_unknown_title,
}
