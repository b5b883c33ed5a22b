"""The type of an inspection, decided by what the document states (title, stated type) or,
for ILACS, by the on-site period its inspection dates give."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from ofsted_kg.model import INSPECTION_TYPES
from ofsted_kg.parse.inspection_type import SHORT_ON_SITE_DAYS, from_title, ilacs_type
from ofsted_kg.parse.reports import ilacs
from ofsted_kg.read import read_document

from conftest import REPORTS


@pytest.mark.parametrize(("title", "expected"), [
    ("Annual unannounced inspection of contact, referral and assessment arrangements", "unannounced"),
    ("Re-inspection of services for children in need of help and protection", "re-inspection"),
    ("Reinspection of services for children in need of help and protection", "re-inspection"),
    ("Inspection of services for children in need of help and protection ... and Review of the effectiveness "
     "of the Local Safeguarding Children Board", "standard"),
    ("Review of the effectiveness of the Local Safeguarding Children Board", "review"),
    ("Inspection of looked after children services", "standard"),
    ("Minutes of a meeting", None),
    (None, None),
])
def test_type_from_title(title, expected):
    assert from_title(title) == expected


def test_ilacs_type_stated_on_the_first_page_wins_over_the_dates():
    two_weeks = (date(2023, 2, 20), date(2023, 3, 3))
    assert ilacs_type("Inspection dates: ...\nThis was a short inspection.", *two_weeks) == "short"
    assert ilacs_type("This was a standard inspection.", date(2024, 7, 15), date(2024, 7, 19)) == "standard"
    assert ilacs_type("Inspection dates: 20 February to 3 March 2023", *two_weeks) == "standard"
    assert ilacs_type("", date(2024, 7, 15), date(2024, 7, 19)) == "short"
    assert ilacs_type("", None, date(2024, 7, 19)) is None
    assert ilacs_type("", date(2024, 7, 19), date(2024, 7, 15)) is None  # dates backwards: no guess


@given(st.dates(min_value=date(2018, 1, 1), max_value=date(2030, 1, 1)), st.integers(0, 30))
def test_ilacs_type_is_short_exactly_for_one_week_on_site(start, days):
    kind = ilacs_type("", start, start + timedelta(days=days))
    assert kind in INSPECTION_TYPES and (kind == "short") == (days <= SHORT_ON_SITE_DAYS)


def _first_page_variant(rel: str, stated: str) -> str:
    source = read_document(REPORTS / rel)
    first, rest = source.text.split("\f", 1)
    return replace(source, text=first.replace("Judgement Grade", f"{stated}\nJudgement Grade", 1) + "\f" + rest)


def test_a_two_week_ilacs_report_saying_short_is_short():
    """A synthetic variant of a bundled standard report that states its type."""
    variant = _first_page_variant("surrey/2025-05-09.pdf", "This was a short inspection.")
    assert ilacs.parse(variant).inspection_type == "short"
    assert ilacs.parse(read_document(REPORTS / "surrey/2025-05-09.pdf")).inspection_type == "standard"
