from datetime import date

import pytest
from hypothesis import given, strategies as st

from ofsted_kg.parse.dates import parse_date, parse_date_range, parse_reduced_date


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("conducted on 28 and 29 June 2011.", date(2011, 6, 28), date(2011, 6, 29)),
        ("17 and 18 March 2010", date(2010, 3, 17), date(2010, 3, 18)),
        ("30 June to 2 July 2011", date(2011, 6, 30), date(2011, 7, 2)),
        ("Inspection dates: 8 \u2013 12 July 2013", date(2013, 7, 8), date(2013, 7, 12)),
        ("21 October 2014 \u2013 12 November 2014", date(2014, 10, 21), date(2014, 11, 12)),
        ("30 December 2019 to 3 January 2020", date(2019, 12, 30), date(2020, 1, 3)),
        ("11 to 15 November 2024", date(2024, 11, 11), date(2024, 11, 15)),
        ("on 4 August 2010", date(2010, 8, 4), date(2010, 8, 4)),
        ("Monday 12 January to Tuesday 3 February 2015", date(2015, 1, 12), date(2015, 2, 3)),
        ("12 January \u2012 3 February 2016", date(2016, 1, 12), date(2016, 2, 3)),
        ("12\u201023 January 2015", date(2015, 1, 12), date(2015, 1, 23)),
    ],
)
def test_ranges(text, start, end):
    assert parse_date_range(text) == (start, end)


def test_single_and_reduced():
    assert parse_date("Published: 16 August 2013") == date(2013, 8, 16)
    assert parse_date("31 February 2013") is None
    assert parse_reduced_date("undertaken in September 2010 one is") == "2010-09"
    assert parse_reduced_date("on 17 and 18 August 2010 has") == "2010-08-17"
    assert parse_reduced_date("the Joint Area Review in 2008") == "2008"
    assert parse_reduced_date("no date here") is None


@given(st.text(max_size=200))
def test_never_raises(text):
    result = parse_date_range(text)
    assert result is None or result[0] <= result[1]
    parse_reduced_date(text)
