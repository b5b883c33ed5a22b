"""Dates as Ofsted writes them: single dates, pairs and ranges, across months and years.

``parse_date("27 July 2011")``; ``parse_date_range("28 and 29 June 2011")``,
``"30 June to 2 July 2011"``, ``"8 – 12 July 2013"``,
``"21 October 2014 – 12 November 2014"``, ``"29 January to 9 February 2018"``.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    name: index
    for index, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
DAY_RE = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
YEAR_RE = r"(?:19|20)\d\d"
_DASH = r"(?:-|\u2010|\u2011|\u2012|\u2013|\u2014|\u2212|to|and|until)"
#: A weekday written before a day ("Monday 12 January to Friday 23 January 2015").
WEEKDAY_RE = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)"

#: One date: "27 July 2011", "1st June 2011".
DATE_RE = re.compile(rf"\b(?P<d>{DAY_RE})\s+(?P<m>{MONTH_RE})\s*,?\s+(?P<y>{YEAR_RE})\b", re.I)

#: A range or pair, anchored at its end date.
RANGE_RE = re.compile(
    rf"\b(?P<d1>{DAY_RE})(?:\s+(?P<m1>{MONTH_RE}))?(?:\s+(?P<y1>{YEAR_RE}))?"
    rf"\s*{_DASH}\s*{WEEKDAY_RE}?"
    rf"(?P<d2>{DAY_RE})\s+(?P<m2>{MONTH_RE})\s*,?\s+(?P<y2>{YEAR_RE})\b",
    re.I,
)

#: A month and year alone: "September 2010".
MONTH_YEAR_RE = re.compile(rf"\b(?P<m>{MONTH_RE})\s+(?P<y>{YEAR_RE})\b", re.I)


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


def month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """The first full date in ``text``, or None."""
    match = DATE_RE.search(text)
    if not match:
        return None
    return _make(int(match["y"]), month_number(match["m"]), _day(match["d"]))


def parse_date_range(text: str) -> tuple[date, date] | None:
    """The first date pair or range in ``text`` (or a single date, as a one-day range)."""
    match = RANGE_RE.search(text)
    single = DATE_RE.search(text)
    if match and (single is None or match.start() <= single.start()):
        y2, m2 = int(match["y2"]), month_number(match["m2"])
        end = _make(y2, m2, _day(match["d2"]))
        m1 = month_number(match["m1"]) if match["m1"] else m2
        y1 = int(match["y1"]) if match["y1"] else (y2 - 1 if m1 > m2 else y2)
        start = _make(y1, m1, _day(match["d1"]))
        if start and end and start <= end:
            return start, end
    if single:
        one = _make(int(single["y"]), month_number(single["m"]), _day(single["d"]))
        if one:
            return one, one
    return None


def parse_reduced_date(text: str) -> str | None:
    """The first date in ``text`` at the precision it is written: ISO day, or ``YYYY-MM``."""
    span = parse_date_range(text)
    full = DATE_RE.search(text)
    month = MONTH_YEAR_RE.search(text)
    if span and (month is None or (full and full.start() <= month.start()) or RANGE_RE.search(text)):
        return span[0].isoformat()
    if month:
        return f"{int(month['y']):04d}-{month_number(month['m']):02d}"
    year = re.search(rf"\b{YEAR_RE}\b", text)
    return year.group() if year else None
